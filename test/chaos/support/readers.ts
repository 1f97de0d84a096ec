import type { Entry, EntryPage, EventPage, SubscribeAck, TimelineEvent } from '@liveline/contracts';
import { io, type Socket } from 'socket.io-client';
import { apply, EMBARGO, type Ledger, type Shown } from './ledger';

export type ReaderKind = 'websocket' | 'polling' | 'events-twin' | 'page-then-subscribe';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The service's default REPLAY_WINDOW, which the chaos run does not change. */
const REPLAY_WINDOW = 1000;

/**
 * What every kind of reader shares: it records the story's events in arrival order and checks
 * each as it comes (contiguous seq, each once, in order; nothing of a draft story; no replay
 * with text superseded before it was asked for), and keeps the timeline it would show.
 */
export abstract class ChaosReader {
  last = 0;
  received = 0;
  readonly shown: Shown = { entries: new Map() };
  protected closed = false;
  /** Refused subscribes and failed reads, by error code or status, for the summary. */
  readonly refusals = new Map<string, number>();
  private draft = false;
  /** Where the reader is, for the report of a stuck reader. */
  private phaseValue = 'new';
  private readonly phases: string[] = [];
  lastEventAt = 0;

  get phase(): string {
    return this.phaseValue;
  }
  set phase(p: string) {
    this.phaseValue = p;
    this.phases.push(`${new Date().toISOString().slice(11, 23)} ${p}`);
    if (this.phases.length > 12) this.phases.shift();
  }

  constructor(
    readonly name: string,
    readonly kind: ReaderKind,
    readonly story: string,
    protected readonly bases: () => string[],
    protected readonly ledger: Ledger,
  ) {}

  protected base(): string {
    const list = this.bases();
    return list[Math.floor(Math.random() * list.length)];
  }

  /** One event, live (`askedAt` undefined) or in a replay asked for at `askedAt`. */
  protected record(e: TimelineEvent, askedAt?: number): void {
    const v = (what: string) => this.ledger.violation(`${this.name} [${this.kind}] story ${this.story}: ${what}`);
    if (e.seq <= this.last) return v(`duplicate seq ${e.seq} after ${this.last}`);
    if (e.seq !== this.last + 1) v(`gap: after ${this.last} got ${e.seq}`);
    this.last = e.seq;
    this.lastEventAt = Date.now();
    this.received++;
    this.ledger.events++;
    const text = JSON.stringify(e);
    if (text.includes(EMBARGO)) v(`seq ${e.seq} ${e.type} carries an embargoed draft title`);
    if (this.draft && !(e.type === 'story.updated' && e.story?.status !== 'draft'))
      v(`seq ${e.seq} ${e.type} reached a reader while the story is a draft`);
    if (e.type === 'story.updated' && e.story) this.draft = e.story.status === 'draft';
    if (askedAt !== undefined) {
      const stale = this.ledger.supersededIn(text, askedAt);
      if (stale.length) v(`replayed seq ${e.seq} ${e.type} carries superseded text ${stale.join(',')}`);
    }
    apply(this.shown, e);
  }

  protected resync(at: number): void {
    this.ledger.violation(
      `${this.name} [${this.kind}] story ${this.story}: resync asked at since ${this.last}, head ${at}`,
    );
  }

  /** The reader's state in one line, for the report of a stuck reader. */
  describe(): string {
    const ago = this.lastEventAt ? `${Math.round((Date.now() - this.lastEventAt) / 1000)} s ago` : 'never';
    return `phase ${this.phase}, last event ${ago}; lately: ${this.phases.join(' | ')}`;
  }

  abstract start(): void;
  close(): void {
    this.closed = true;
  }
  /** Drops the connection as a network fault would; the reader resumes with its last seq. */
  interrupt(): void {}
}

/** A socket.io reader (websocket or long-polling) that resumes with since after any drop. */
export class SocketReader extends ChaosReader {
  private socket?: Socket;
  sessions = 0;

  constructor(
    name: string,
    kind: 'websocket' | 'polling' | 'page-then-subscribe',
    story: string,
    bases: () => string[],
    ledger: Ledger,
  ) {
    super(name, kind, story, bases, ledger);
  }

  start(): void {
    if (this.kind === 'page-then-subscribe') void this.loadPage().then(() => this.open());
    else this.open();
  }

  /** The page of entries with its seq, as the reader page and the widget start. */
  private async loadPage(): Promise<void> {
    this.phase = 'page';
    for (;;) {
      if (this.closed) return;
      try {
        const items: Entry[] = [];
        let seq: number | undefined;
        let cursor: string | null = null;
        do {
          const r = await fetch(
            `${this.base()}/api/stories/${this.story}/entries?limit=100${cursor ? `&before=${encodeURIComponent(cursor)}` : ''}`,
            { signal: AbortSignal.timeout(10_000) },
          );
          if (r.status !== 200) throw new Error(String(r.status));
          const page = (await r.json()) as EntryPage;
          seq ??= page.seq;
          items.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor);
        for (const e of items) this.shown.entries.set(e.id, e);
        this.last = seq;
        return;
      } catch {
        this.shown.entries.clear();
        await sleep(200);
      }
    }
  }

  private open() {
    if (this.closed) return;
    const transport = this.kind === 'polling' ? 'polling' : 'websocket';
    const url = this.base();
    this.phase = `connecting to ${url}`;
    const socket = io(`${url}/live`, {
      transports: [transport],
      forceNew: true,
      reconnection: false,
      timeout: 5000,
    });
    this.socket = socket;
    let gone = false;
    const again = () => {
      if (gone) return;
      gone = true;
      this.phase = `closing ${url}`;
      socket.removeAllListeners();
      socket.close();
      if (!this.closed) setTimeout(() => this.open(), 50 + Math.random() * 200);
    };
    socket.io.on('open', () => (this.phase = `engine open on ${url} (${socket.io.engine?.transport?.name})`));
    // With reconnection off, the manager can end a connection that never reached the namespace
    // without telling the socket (no connect_error, no disconnect): listen to the manager too.
    socket.io.on('close', (reason) => {
      if (socket.connected || gone) return;
      this.phase = `manager closed (${reason}) on ${url}`;
      this.refusals.set(`connect: ${reason}`, (this.refusals.get(`connect: ${reason}`) ?? 0) + 1);
      again();
    });
    // Past the server's connectTimeout (10 s) a connection still not in the namespace is the
    // server's fault when its transport is open: a violation. Otherwise start over.
    const watchdog = setTimeout(() => {
      if (gone || socket.connected) return;
      const engine = socket.io.engine as unknown as { readyState?: string; transport?: { name?: string } } | undefined;
      const state = `engine ${engine?.readyState}, transport ${engine?.transport?.name}`;
      this.phase = `connect hung on ${url}: ${state}`;
      if (engine?.readyState === 'open')
        this.ledger.violation(
          `${this.name} [${this.kind}] story ${this.story}: the namespace never answered on an open transport`,
        );
      this.refusals.set(`connect: hung (${state})`, (this.refusals.get(`connect: hung (${state})`) ?? 0) + 1);
      again();
    }, 20_000);
    socket.on('connect', () => {
      clearTimeout(watchdog);
      this.sessions++;
      this.phase = `subscribing on ${url} (socket ${socket.id}, session ${this.sessions})`;
      const askedAt = Date.now();
      socket
        .timeout(10_000)
        .emit('subscribe', { story: this.story, since: this.last }, (err: Error | null, ack: SubscribeAck) => {
          if (gone) return;
          if (err) return again();
          if (!ack.ok) {
            this.refusals.set(ack.error.code, (this.refusals.get(ack.error.code) ?? 0) + 1);
            return again();
          }
          if ('resync' in ack) {
            // Older than the replay window (REPLAY_WINDOW): as the widget does, reload the page
            // and follow from its seq. Legitimate only when since is that far behind the head.
            if (ack.seq - this.last <= REPLAY_WINDOW) return this.resync(ack.seq);
            this.refusals.set('resync', (this.refusals.get('resync') ?? 0) + 1);
            gone = true;
            socket.removeAllListeners();
            socket.close();
            this.shown.entries.clear();
            void this.loadPage().then(() => this.open());
            return;
          }
          this.phase = `subscribed on ${url} (socket ${socket.id}, session ${this.sessions}, ack seq ${ack.seq} at ${new Date().toISOString()})`;
          for (const e of ack.events) this.record(e, askedAt);
        });
    });
    socket.on('event', (e: TimelineEvent) => this.record(e));
    socket.on('reconnect' as never, again);
    socket.on('disconnect', (reason) => {
      this.phase = `disconnected (${reason}) from ${url}`;
      again();
    });
    socket.on('connect_error', (e) => {
      this.phase = `connect_error ${e.message} on ${url}`;
      this.refusals.set(`connect: ${e.message}`, (this.refusals.get(`connect: ${e.message}`) ?? 0) + 1);
      again();
    });
  }

  interrupt(): void {
    this.socket?.disconnect();
  }

  close(): void {
    super.close();
    this.socket?.removeAllListeners();
    this.socket?.close();
  }
}

/** The HTTP twin of the socket: GET events since its last seq, in pages, over and over. */
export class EventsTwinReader extends ChaosReader {
  private loop?: Promise<void>;

  constructor(name: string, story: string, bases: () => string[], ledger: Ledger) {
    super(name, 'events-twin', story, bases, ledger);
  }

  start(): void {
    this.loop = (async () => {
      while (!this.closed) {
        try {
          const askedAt = Date.now();
          const r = await fetch(
            `${this.base()}/api/stories/${this.story}/events?since=${this.last}&limit=${20 + Math.floor(Math.random() * 80)}`,
            { signal: AbortSignal.timeout(10_000) },
          );
          if (r.status === 200) {
            const page = (await r.json()) as EventPage;
            if (page.resync) this.resync(page.seq);
            for (const e of page.events) this.record(e, askedAt);
            if (page.events.length && page.events.at(-1)!.seq < page.seq) continue;
          }
        } catch {
          // server restarting: try the next one
        }
        await sleep(100 + Math.random() * 600);
      }
    })();
  }

  async stopped(): Promise<void> {
    await this.loop;
  }
}

/** Waits until the reader has seen `seq`. */
export async function caughtUp(reader: ChaosReader, seq: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (reader.last < seq) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}
