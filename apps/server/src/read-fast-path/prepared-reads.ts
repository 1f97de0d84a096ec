import type { IncomingMessage } from 'node:http';

// The byte store of the read fast path, without Nest or HTTP plumbing (unit-tested alone).
// One entry is one public response exactly as the full pipeline sent it, for one request
// variant, tagged with the story state it shows.

/** Headers Node writes itself for every response; never stored. */
const NODE_WRITES = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);
/** What a 304 leaves out of the 200's headers (Express and the pages both strip these). */
const NOT_IN_304 = new Set(['content-type', 'content-length', 'content-encoding', 'transfer-encoding']);

/** One header list (flat: name, value, …) with the slots filled in per response. */
interface HeaderList {
  flat: string[];
  requestIdAt: number;
  cspAt: number;
}

export interface Prepared {
  storyId: string;
  seq: number;
  /** The route template, for the metrics' label. */
  route: string;
  etag: string;
  body: Buffer;
  ok: HeaderList;
  notModified: HeaderList;
  /** The CSP value split around its nonce (one part when it has none). */
  cspParts: string[];
}

export interface Captured {
  storyId: string;
  seq: number;
  route: string;
  /** [name, value] in the order the full pipeline sent them, with their original names. */
  headers: [string, string][];
  body: Buffer;
  /** The CSP nonce of the captured response, if any (res.locals.cspNonce). */
  nonce?: string;
}

/** Builds an entry from a captured full-pipeline response, or null when it must not be reused. */
export function prepare(c: Captured): Prepared | null {
  const ok: HeaderList = { flat: [], requestIdAt: -1, cspAt: -1 };
  const notModified: HeaderList = { flat: [], requestIdAt: -1, cspAt: -1 };
  let cspParts: string[] = [];
  let etag = '';
  for (const [name, value] of c.headers) {
    const lower = name.toLowerCase();
    if (lower === 'set-cookie') return null;
    if (lower === 'content-length' && Number(value) !== c.body.length) return null;
    if (NODE_WRITES.has(lower)) continue;
    if (lower === 'etag') etag = value;
    if (lower === 'content-security-policy') cspParts = c.nonce ? value.split(`'nonce-${c.nonce}'`) : [value];
    for (const list of NOT_IN_304.has(lower) ? [ok] : [ok, notModified]) {
      if (lower === 'x-request-id') list.requestIdAt = list.flat.length + 1;
      if (lower === 'content-security-policy') list.cspAt = list.flat.length + 1;
      list.flat.push(name, value);
    }
  }
  if (!etag) return null;
  return { storyId: c.storyId, seq: c.seq, route: c.route, etag, body: c.body, ok, notModified, cspParts };
}

/** The headers of one response from an entry: a fresh request id and CSP nonce each time. */
export function headersFor(p: Prepared, notModified: boolean, requestId: string, nonce: () => string): string[] {
  const list = notModified ? p.notModified : p.ok;
  const out = list.flat.slice();
  if (list.requestIdAt >= 0) out[list.requestIdAt] = requestId;
  if (list.cspAt >= 0 && p.cspParts.length > 1) out[list.cspAt] = p.cspParts.join(`'nonce-${nonce()}'`);
  return out;
}

/**
 * What of a request can change the response's bytes: the URL, the public origin (Host and the
 * proxy's forwarded scheme and host, unless PUBLIC_URL fixes it) and whether gzip is accepted.
 */
export function variantKey(req: IncomingMessage, fixedOrigin: boolean): string {
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) ? 'gz' : 'id';
  if (fixedOrigin) return `${gzip} ${req.url}`;
  const h = req.headers;
  return `${gzip} ${String(h.host ?? '')} ${String(h['x-forwarded-proto'] ?? '')} ${String(h['x-forwarded-host'] ?? '')} ${req.url}`;
}

/** Entries by variant key, bounded in bytes, least recently used out first, droppable per story. */
export class PreparedReads {
  private readonly entries = new Map<string, Prepared>();
  private readonly keysByStory = new Map<string, Set<string>>();
  private bytes = 0;

  constructor(private readonly maxBytes = 32 * 1024 * 1024) {}

  get(key: string): Prepared | undefined {
    return this.entries.get(key);
  }

  set(key: string, p: Prepared): void {
    this.delete(key);
    this.entries.set(key, p);
    this.bytes += p.body.length;
    let keys = this.keysByStory.get(p.storyId);
    if (!keys) this.keysByStory.set(p.storyId, (keys = new Set()));
    keys.add(key);
    while (this.bytes > this.maxBytes && this.entries.size > 1) this.delete(this.entries.keys().next().value!);
  }

  delete(key: string): void {
    const p = this.entries.get(key);
    if (!p) return;
    this.entries.delete(key);
    this.bytes -= p.body.length;
    const keys = this.keysByStory.get(p.storyId);
    keys?.delete(key);
    if (keys?.size === 0) this.keysByStory.delete(p.storyId);
  }

  dropStory(storyId: string): void {
    for (const key of this.keysByStory.get(storyId) ?? []) this.delete(key);
  }

  clear(): void {
    this.entries.clear();
    this.keysByStory.clear();
    this.bytes = 0;
  }

  size(): number {
    return this.entries.size;
  }
}
