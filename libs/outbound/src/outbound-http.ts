import { Inject, Injectable, Optional } from '@nestjs/common';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { OutboundErrorCode, OutboundException } from './outbound.exception';
import { assertHostForm, bareHost, guardedLookup, parseTarget, type TargetPolicy } from './public-target';

export interface OutboundRequest {
  url: string;
  method?: 'GET' | 'POST' | 'HEAD';
  headers?: Record<string, string>;
  body?: string | Buffer;
  connectTimeoutMs?: number;
  // Total, across every redirect hop and the body.
  timeoutMs?: number;
  // The body is read up to this cap, then the response is aborted and marked truncated.
  maxResponseBytes?: number;
  // Default 0: a redirect is returned as it is. Above 0, each hop is checked again like the first.
  maxRedirects?: number;
  // Default false. Webhooks set it from WEBHOOK_ALLOW_PRIVATE.
  allowPrivate?: boolean;
  // Every hop's host must pass (embeds: the providers' oEmbed hosts).
  allowHost?: (hostname: string) => boolean;
  httpsOnly?: boolean;
}

export interface OutboundResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  truncated: boolean;
  // The URL that answered (after redirects).
  url: string;
}

// Tests inject a resolver (names that resolve to loopback) and an address policy.
export const OUTBOUND_OPTIONS = Symbol('OUTBOUND_OPTIONS');
export type OutboundOptions = Pick<TargetPolicy, 'resolve' | 'isPublic'>;

const DEFAULTS = { connectTimeoutMs: 3000, timeoutMs: 10000, maxResponseBytes: 1024 * 1024 };
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const USER_AGENT = 'Liveline (+https://github.com/liveline)';

interface Hop {
  url: URL;
  method: 'GET' | 'POST' | 'HEAD';
  headers: Record<string, string>;
  body?: Buffer;
}

/** THE guarded HTTP client: every outbound call of the service goes through it. */
@Injectable()
export class OutboundHttp {
  private readonly agents: Record<'private' | 'public', { http: http.Agent; https: https.Agent }>;

  constructor(@Optional() @Inject(OUTBOUND_OPTIONS) private readonly options: OutboundOptions = {}) {
    // One agent pair per policy, so a socket opened for a private-allowed call is never reused by a guarded one.
    const make = (allowPrivate: boolean) => {
      const lookup = guardedLookup({ ...this.options, allowPrivate });
      return {
        http: new http.Agent({ lookup, keepAlive: false }),
        https: new https.Agent({ lookup, keepAlive: false }),
      };
    };
    this.agents = { private: make(true), public: make(false) };
  }

  async request(req: OutboundRequest): Promise<OutboundResponse> {
    const limits = {
      connectTimeoutMs: req.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
      maxResponseBytes: req.maxResponseBytes ?? DEFAULTS.maxResponseBytes,
      deadline: Date.now() + (req.timeoutMs ?? DEFAULTS.timeoutMs),
    };
    const maxRedirects = req.maxRedirects ?? 0;
    let hop: Hop = {
      url: parseTarget(req.url),
      method: req.method ?? 'GET',
      headers: { 'user-agent': USER_AGENT, ...lowerKeys(req.headers ?? {}) },
      body: req.body === undefined ? undefined : Buffer.from(req.body),
    };
    for (let redirects = 0; ; redirects++) {
      this.checkHop(hop.url, req);
      const res = await this.send(hop, req.allowPrivate === true, limits);
      const location = res.headers.location;
      if (!REDIRECTS.has(res.status) || typeof location !== 'string' || maxRedirects === 0) return res;
      if (redirects >= maxRedirects) {
        throw new OutboundException(
          OutboundErrorCode.TooManyRedirects,
          `More than ${maxRedirects} redirects from ${req.url}`,
        );
      }
      hop = nextHop(hop, res.status, location);
    }
  }

  private checkHop(url: URL, req: OutboundRequest): void {
    if (req.httpsOnly && url.protocol !== 'https:') {
      throw new OutboundException(OutboundErrorCode.NotHttps, `Only https is allowed here: ${url.href}`);
    }
    if (req.allowHost && !req.allowHost(bareHost(url))) {
      throw new OutboundException(OutboundErrorCode.HostNotAllowed, `Host not allowed: ${url.hostname}`, {
        host: url.hostname,
      });
    }
    // Literal addresses never reach the agent's lookup, so they are checked here.
    assertHostForm(url, { ...this.options, allowPrivate: req.allowPrivate });
  }

  private send(
    hop: Hop,
    allowPrivate: boolean,
    limits: { connectTimeoutMs: number; maxResponseBytes: number; deadline: number },
  ): Promise<OutboundResponse> {
    const agents = this.agents[allowPrivate ? 'private' : 'public'];
    const isHttps = hop.url.protocol === 'https:';
    const headers = { ...hop.headers };
    if (hop.body) headers['content-length'] = String(hop.body.length);
    return new Promise<OutboundResponse>((resolve, reject) => {
      let settled = false;
      const timers: NodeJS.Timeout[] = [];
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        timers.forEach(clearTimeout);
        fn();
      };
      const fail = (err: unknown) => finish(() => reject(toOutboundError(err, hop.url)));
      const request = (isHttps ? https : http).request(hop.url, {
        method: hop.method,
        headers,
        agent: isHttps ? agents.https : agents.http,
      });
      const remaining = Math.max(0, limits.deadline - Date.now());
      timers.push(
        setTimeout(() => {
          request.destroy(
            new OutboundException(OutboundErrorCode.Timeout, `No complete answer from ${hop.url.host} in time`),
          );
        }, remaining),
      );
      request.on('socket', (socket) => {
        if (!socket.connecting) return;
        const connectTimer = setTimeout(
          () => {
            request.destroy(
              new OutboundException(OutboundErrorCode.Timeout, `Could not connect to ${hop.url.host} in time`),
            );
          },
          Math.min(limits.connectTimeoutMs, remaining),
        );
        timers.push(connectTimer);
        socket.once('connect', () => clearTimeout(connectTimer));
      });
      request.on('error', fail);
      request.on('response', (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        const done = () =>
          finish(() =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks),
              truncated,
              url: hop.url.href,
            }),
          );
        res.on('data', (chunk: Buffer) => {
          if (truncated) return;
          const room = limits.maxResponseBytes - size;
          if (chunk.length > room) {
            chunks.push(chunk.subarray(0, room));
            size += room;
            truncated = true;
            done();
            res.destroy();
            return;
          }
          chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', done);
        res.on('error', fail);
        res.on('aborted', () =>
          fail(new OutboundException(OutboundErrorCode.ConnectFailed, `Connection to ${hop.url.host} closed early`)),
        );
      });
      request.end(hop.body);
    });
  }
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function nextHop(hop: Hop, status: number, location: string): Hop {
  let url: URL;
  try {
    url = parseTarget(new URL(location, hop.url).href);
  } catch {
    throw new OutboundException(OutboundErrorCode.BadUrl, `Bad redirect location from ${hop.url.host}: ${location}`);
  }
  const keepsMethod = status === 307 || status === 308 || hop.method === 'HEAD';
  const headers = { ...hop.headers };
  if (url.origin !== hop.url.origin) {
    // Credentials meant for one origin never travel to another.
    delete headers.authorization;
    delete headers.cookie;
  }
  if (!keepsMethod) {
    delete headers['content-type'];
    return { url, method: 'GET', headers };
  }
  return { url, method: hop.method, headers, body: hop.body };
}

function toOutboundError(err: unknown, url: URL): OutboundException {
  if (err instanceof OutboundException) return err;
  const code = (err as { code?: string }).code ?? 'unknown';
  const message = err instanceof Error ? err.message : String(err);
  return new OutboundException(OutboundErrorCode.ConnectFailed, `Request to ${url.host} failed (${code}): ${message}`, {
    host: url.host,
  });
}
