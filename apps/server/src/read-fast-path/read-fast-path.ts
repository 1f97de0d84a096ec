import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Env, matchesEtag, publicReadOf } from '@liveline/core';
import { NoticeListener, StoryFeeds } from '@liveline/live';
import { PinoLogger } from 'nestjs-pino';
import { requestIdOf } from '../logging';
import { MetricsService } from '../metrics/metrics.service';
import { cspNonce } from '../security/csp-nonce';
import { DrainState } from '../shutdown/drain-state';
import { headersFor, prepare, PreparedReads, variantKey, type Prepared } from './prepared-reads';

// Hot public reads without Express and Nest: the first anonymous GET of a story state goes
// through the full pipeline, whose response (headers and bytes, as sent) is kept per variant;
// later ones get the same bytes with a fresh request id and CSP nonce. Nothing decides here
// what is public: only responses a handler marked with cachePublicly are kept.
//
// An entry is served only while the story's head seq in this process (StoryFeeds, fed by
// NOTIFY) is the seq it shows, so the seq sent is never newer than its content. A write
// through this process drops its story's entries before its answer leaves, so the writer's
// next read is as fresh as the full pipeline's; elsewhere the next NOTIFY does it.

const CANDIDATE = /^\/(?:stories\/|embed\/|api\/stories\/[^/?]+(?:\/entries|\/events)?(?:\?|$))/;
const WRITE_STORY = /^\/api\/stories\/([^/?]+)/;
const READS = new Set(['GET', 'HEAD']);

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export class ReadFastPath {
  private readonly reads = new PreparedReads();
  /** Bumped by every local write and event: a fill that started before one is not kept. */
  private epoch = 0;
  private readonly storyOfRef = new Map<string, string>();
  private readonly requestLog: PinoLogger['logger'] | null;

  constructor(
    private readonly env: Env,
    private readonly feeds: StoryFeeds,
    private readonly notices: NoticeListener,
    private readonly drain: DrainState,
    private readonly metrics: MetricsService,
  ) {
    feeds.onEvent((event) => {
      this.epoch++;
      this.reads.dropStory(event.storyId);
    });
    // pino-http logs every request at info; hits are logged alike when that level is on.
    this.requestLog = PinoLogger.root?.isLevelEnabled('info') ? PinoLogger.root : null;
  }

  /** Puts the fast path in front of the server's request listeners (Express, socket.io's). */
  install(server: Server): void {
    const inner = server.listeners('request') as Listener[];
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (this.serve(req, res)) return;
      for (const listener of inner) listener.call(server, req, res);
    });
  }

  /** Answers from a prepared entry, or sets up the capture of the full pipeline's answer; false to pass on. */
  private serve(req: IncomingMessage, res: ServerResponse): boolean {
    const url = req.url ?? '/';
    if (!READS.has(req.method ?? '')) {
      if (req.method !== 'OPTIONS') this.watchWrite(url, res);
      return false;
    }
    if (req.headers.authorization !== undefined || !CANDIDATE.test(url)) return false;
    // While draining, the full pipeline closes keep-alive connections; without the LISTEN
    // connection no event would tell an entry it is stale.
    if (this.drain.draining || !this.notices.connected) return false;
    const key = variantKey(req, !!this.env.PUBLIC_URL);
    const hit = this.reads.get(key);
    if (hit && this.feeds.loadedHead(hit.storyId) === hit.seq) {
      this.answer(req, res, hit);
      return true;
    }
    if (hit) this.reads.delete(key);
    if (req.method === 'GET') this.capture(key, url, req, res);
    return false;
  }

  private answer(req: IncomingMessage, res: ServerResponse, p: Prepared): void {
    const started = process.hrtime.bigint();
    const notModified = matchesEtag(req.headers['if-none-match'], p.etag);
    const id = requestIdOf(req);
    const status = notModified ? 304 : 200;
    res.writeHead(status, headersFor(p, notModified, id, cspNonce));
    res.end(notModified || req.method === 'HEAD' ? undefined : p.body);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.metrics.httpDuration.observe({ method: req.method!, route: p.route, status: String(status) }, seconds);
    this.metrics.fastPathHits.inc({ route: p.route });
    if (this.requestLog) {
      // The same line as pino-http's: its serializers read req.id and the raw objects.
      (req as IncomingMessage & { id?: string }).id = id;
      this.requestLog.info(
        { req, res, responseTime: Math.round(seconds * 1000), service: 'liveline' },
        'request completed',
      );
    }
  }

  /** Keeps the full pipeline's answer to this request if a handler marked it public. */
  private capture(key: string, url: string, req: IncomingMessage, res: ServerResponse): void {
    const epoch = this.epoch;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    let streamed = false;
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    res.write = ((...args: unknown[]) => ((streamed = true), write(...args))) as ServerResponse['write'];
    res.end = ((...args: unknown[]) => {
      const [chunk] = args;
      let body: Buffer | null = null;
      if (Buffer.isBuffer(chunk)) body = chunk;
      else if (typeof chunk === 'string') body = Buffer.from(chunk);
      const result = end(...args);
      if (!streamed && body && res.statusCode === 200) this.keep(key, url, epoch, req, res, body);
      return result;
    }) as ServerResponse['end'];
  }

  private keep(key: string, url: string, epoch: number, req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const locals = (res as ServerResponse & { locals?: Record<string, unknown> }).locals;
    const read = publicReadOf({ locals });
    const cacheControl = String(res.getHeader('cache-control') ?? '');
    if (!read || !cacheControl.startsWith('public')) return;
    // Original spellings (ETag, not etag), as the full pipeline writes them (Node ≥ 15.13).
    const names = (res as ServerResponse & { getRawHeaderNames(): string[] }).getRawHeaderNames();
    const p = prepare({
      storyId: read.storyId,
      seq: read.seq,
      route: (req as IncomingMessage & { route?: { path?: string } }).route?.path ?? 'unmatched',
      headers: names.map((n): [string, string] => [n, headerValue(res.getHeader(n))]),
      body,
      nonce: typeof locals?.cspNonce === 'string' ? locals.cspNonce : undefined,
    });
    if (!p) return;
    const ref = WRITE_STORY.exec(url)?.[1] ?? /^\/(?:stories|embed)\/([^/?]+)/.exec(url)?.[1];
    const store = () => {
      // Kept only if nothing happened since the request began and the head is what it shows.
      if (this.epoch !== epoch || this.feeds.loadedHead(p.storyId) !== p.seq) return;
      this.reads.set(key, p);
      this.storyOfRef.set(p.storyId, p.storyId);
      if (ref) this.storyOfRef.set(decodeURIComponent(ref), p.storyId);
    };
    if (this.feeds.loadedHead(p.storyId) !== undefined) store();
    // Loading the feed is what makes events reach this entry.
    else this.feeds.headSeq(p.storyId).then(store, () => undefined);
  }

  /** A write through this process: its story's entries go before its answer does. */
  private watchWrite(url: string, res: ServerResponse): void {
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
    res.writeHead = ((...args: unknown[]) => {
      const status = Number(args[0]);
      if (status < 400) this.wrote(url);
      return writeHead(...args);
    }) as ServerResponse['writeHead'];
  }

  private wrote(url: string): void {
    this.epoch++;
    const ref = WRITE_STORY.exec(url)?.[1];
    if (ref === undefined) {
      // Not a story's own route (users, media…): cheap to refill, wrong to keep.
      if (!url.startsWith('/api/auth/')) this.reads.clear();
      return;
    }
    const storyId = this.storyOfRef.get(decodeURIComponent(ref));
    // A ref never read through here (a slug, where readers use the id): drop everything.
    if (storyId) this.reads.dropStory(storyId);
    else this.reads.clear();
  }
}

function headerValue(v: number | string | string[] | undefined): string {
  return Array.isArray(v) ? v.join(', ') : String(v ?? '');
}

/** Installs the fast path in front of the app's HTTP server (after app.init()). */
export function installReadFastPath(app: NestExpressApplication): ReadFastPath {
  const fast = new ReadFastPath(
    app.get(Env),
    app.get(StoryFeeds),
    app.get(NoticeListener),
    app.get(DrainState),
    app.get(MetricsService),
  );
  fast.install(app.getHttpServer() as Server);
  return fast;
}
