import type { SubscribeAck, TimelineEvent } from '@liveline/contracts';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';

type Transport = 'websocket' | 'polling';

const open = new Set<ResumingReader>();

/** Closes every reader still open (afterAll of fault specs, so a failed test leaves no socket behind). */
export function closeReaders(): void {
  for (const r of [...open]) r.close();
}

/**
 * A reader as a well-behaved client should be: it keeps the last seq it saw, and whenever its
 * connection ends (server gone, `reconnect` notice, network) it connects again, to the next
 * base URL in turn, and subscribes with `since`. It records every event in arrival order, so
 * a test can assert the exact sequence: no gap, no duplicate, no reordering.
 */
export class ResumingReader {
  readonly events: TimelineEvent[] = [];
  /** Anything that breaks the contract: resync asked, refused subscribe, out-of-order event. */
  readonly problems: string[] = [];
  reconnectNotices = 0;
  sessions = 0;
  private socket?: Socket;
  private turn = 0;
  private closed = false;
  private subscribed?: () => void;
  readonly ready: Promise<void>;

  constructor(
    private readonly bases: () => string[],
    private readonly story: string,
    private readonly transport: Transport = 'websocket',
    /** Extra socket.io-client options, e.g. an `agent` bound to a source address. */
    private readonly options: Partial<ManagerOptions & SocketOptions> = {},
  ) {
    this.ready = new Promise((r) => (this.subscribed = r));
    open.add(this);
    this.open();
  }

  get lastSeq(): number {
    return this.events.at(-1)?.seq ?? 0;
  }

  seqs(): number[] {
    return this.events.map((e) => e.seq);
  }

  private open() {
    if (this.closed) return;
    const list = this.bases();
    const base = list[this.turn++ % list.length];
    const socket = io(`${base}/live`, {
      ...this.options,
      transports: [this.transport],
      forceNew: true,
      reconnection: false,
      timeout: 3000,
    });
    this.socket = socket;
    let gone = false;
    const again = () => {
      if (gone) return;
      gone = true;
      socket.removeAllListeners();
      socket.close();
      if (!this.closed) setTimeout(() => this.open(), 50 + Math.random() * 100);
    };
    socket.on('connect', () => {
      this.sessions++;
      socket
        .timeout(5000)
        .emit('subscribe', { story: this.story, since: this.lastSeq }, (err: Error | null, ack: SubscribeAck) => {
          if (err) return again();
          if (!ack.ok) {
            this.problems.push(`subscribe refused: ${JSON.stringify(ack.error)}`);
            return again();
          }
          if ('resync' in ack) {
            this.problems.push(`resync at since=${this.lastSeq}, head ${ack.seq}`);
            return;
          }
          for (const e of ack.events) this.accept(e);
          this.subscribed?.();
        });
    });
    socket.on('event', (e: TimelineEvent) => this.accept(e));
    // The server's graceful-shutdown notice: leave now and resume elsewhere.
    socket.on('reconnect' as never, () => {
      this.reconnectNotices++;
      again();
    });
    socket.on('disconnect', again);
    socket.on('connect_error', again);
  }

  private accept(e: TimelineEvent) {
    if (e.seq !== this.lastSeq + 1) this.problems.push(`after ${this.lastSeq} got ${e.seq}`);
    if (e.seq > this.lastSeq) this.events.push(e);
  }

  async until(seq: number, ms = 20_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.lastSeq < seq) {
      if (Date.now() > deadline)
        throw new Error(
          `reader (${this.transport}) stuck at ${this.lastSeq}, waiting for ${seq}; problems: ${this.problems.join('; ') || 'none'}`,
        );
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): void {
    open.delete(this);
    this.closed = true;
    this.socket?.removeAllListeners();
    this.socket?.close();
  }
}
