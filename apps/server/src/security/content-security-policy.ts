import type { IncomingMessage, ServerResponse } from 'node:http';
import { EMBED_FRAME_ORIGINS } from '@liveline/contracts';
import helmet from 'helmet';
import { cspNonce } from './csp-nonce';

type Directives = Record<string, string[]>;
type Framing = 'any' | 'none';

/** The headers of one route prefix: its CSP and who may frame it. */
export interface RoutePolicy {
  prefix: string;
  directives: Directives;
  framing: Framing;
}

// Marks where the per-request nonce goes; pages may use an inline script only with it.
export const NONCE = "'nonce'";

// Reader and newsroom pages load only their own scripts and styles; JSON-LD and state blocks
// are data, not script, so they need no nonce. Entry bodies may show images from anywhere.
const PAGE: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'", NONCE],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'https:', 'data:'],
  'font-src': ["'self'"],
  'media-src': ["'self'", 'https:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  // Embedded posts and videos, loaded only when a reader asks: exactly the platforms' frame origins.
  'frame-src': [...EMBED_FRAME_ORIGINS],
};

const DATA: Directives = { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] };

// Longest matching prefix wins; `/` is the fallback for every other page.
export const ROUTE_POLICIES: RoutePolicy[] = [
  // Embeds exist to be framed by any site.
  { prefix: '/embed/', directives: { ...PAGE, 'frame-ancestors': ['*'] }, framing: 'any' },
  { prefix: '/newsroom', directives: { ...PAGE, 'img-src': ["'self'", 'https:', 'data:', 'blob:'] }, framing: 'none' },
  // Swagger UI's page carries inline styles (its scripts are files).
  {
    prefix: '/api/docs',
    directives: { ...PAGE, 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:', 'https:'] },
    framing: 'none',
  },
  // JSON and text never render as documents: nothing may load from them, nothing may frame them.
  { prefix: '/api/', directives: DATA, framing: 'none' },
  { prefix: '/health', directives: DATA, framing: 'none' },
  { prefix: '/metrics', directives: DATA, framing: 'none' },
  { prefix: '/', directives: PAGE, framing: 'none' },
];

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

function withNonce(
  directives: Directives,
): Record<string, (string | ((req: IncomingMessage, res: ServerResponse) => string))[]> {
  return Object.fromEntries(
    Object.entries(directives).map(([name, values]) => [
      name,
      values.map((v) =>
        v === NONCE
          ? (_req: IncomingMessage, res: ServerResponse) =>
              `'nonce-${(res as ServerResponse & { locals: { cspNonce: string } }).locals.cspNonce}'`
          : v,
      ),
    ]),
  );
}

function helmetFor(policy: RoutePolicy): Middleware {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: withNonce(policy.directives) },
    frameguard: policy.framing === 'none' ? { action: 'deny' } : false,
    // The widget script, the read API and the embed are used from other origins.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    crossOriginEmbedderPolicy: false,
    // Embeds open links in the host page's window; a same-origin COOP would not change that, keep the default elsewhere.
    crossOriginOpenerPolicy: policy.framing === 'any' ? false : { policy: 'same-origin' },
  }) as Middleware;
}

const matches = (path: string, prefix: string) => path.startsWith(prefix) || path === prefix.replace(/\/$/, '');

/** The policy that applies to a path: the longest matching prefix. */
export function policyFor(path: string, policies: RoutePolicy[] = ROUTE_POLICIES): RoutePolicy {
  let best: RoutePolicy | undefined;
  for (const p of policies) if (matches(path, p.prefix) && (!best || p.prefix.length > best.prefix.length)) best = p;
  if (!best) throw new Error(`no security policy covers ${path}; add a '/' policy`);
  return best;
}

/** helmet per route prefix, with a fresh CSP nonce in `res.locals.cspNonce` for every response. */
export function securityHeaders(policies: RoutePolicy[] = ROUTE_POLICIES): Middleware {
  const compiled = new Map(policies.map((p) => [p, helmetFor(p)]));
  return (req, res, next) => {
    const r = res as ServerResponse & { locals?: Record<string, unknown> };
    r.locals ??= {};
    r.locals.cspNonce = cspNonce();
    const policy = policyFor((req.url ?? '/').split('?')[0], policies);
    compiled.get(policy)!(req, res, next);
  };
}
