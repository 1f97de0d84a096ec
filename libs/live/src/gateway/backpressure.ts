/**
 * What one socket may cost the server when it reconnects often or stops reading. Transport
 * concerns only: the gateway asks before a replay and runs the watch over its sockets.
 */

/** Events replayed to one socket per time window; a subscribe over it is refused (rate_limited). */
export class ReplayBudget {
  private readonly spent = new WeakMap<object, { since: number; used: number }>();
  refused = 0;

  constructor(
    private readonly perWindow: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts `count` replayed events against `socket`, or returns false (and counts nothing) when over. */
  take(socket: object, count: number): boolean {
    if (count === 0) return true;
    const t = this.now();
    let s = this.spent.get(socket);
    if (!s || t - s.since >= this.windowMs) {
      s = { since: t, used: 0 };
      this.spent.set(socket, s);
    }
    if (s.used + count > this.perWindow) {
      this.refused++;
      return false;
    }
    s.used += count;
    return true;
  }

  /** Seconds until `socket`'s window starts over. */
  retryAfter(socket: object): number {
    const s = this.spent.get(socket);
    return s ? Math.max(1, Math.ceil((s.since + this.windowMs - this.now()) / 1000)) : 1;
  }
}

/** What the watch needs of a socket: its buffered bytes, and a way to drop it. */
export interface WatchedSockets<S> {
  buffered(socket: S): number;
  drop(socket: S): void;
}

/**
 * Drops sockets whose write buffer stays over `limitBytes` for `checks` checks in a row. A
 * check visits every socket of the process a few times a second, so it allocates nothing per
 * socket (10,000 readers made it a visible share of the collector's work in the fan-out).
 */
export class SlowSocketWatch<S extends object> {
  private readonly strikes = new WeakMap<S, number>();
  dropped = 0;

  constructor(
    private readonly limitBytes: number,
    private readonly checks: number,
    private readonly sockets: WatchedSockets<S>,
  ) {}

  check(sockets: Iterable<S>): void {
    for (const socket of sockets) {
      if (this.sockets.buffered(socket) <= this.limitBytes) {
        this.strikes.delete(socket);
        continue;
      }
      const n = (this.strikes.get(socket) ?? 0) + 1;
      this.strikes.set(socket, n);
      if (n >= this.checks) {
        this.strikes.delete(socket);
        this.dropped++;
        this.sockets.drop(socket);
      }
    }
  }
}

interface EngineConn {
  writeBuffer?: { data?: unknown }[];
  transport?: { socket?: { bufferedAmount?: number } };
}

/** Bytes a socket.io connection holds for its client: engine.io's queue plus the websocket's own buffer. */
export function bufferedBytes(conn: unknown): number {
  const c = conn as EngineConn;
  let bytes = c.transport?.socket?.bufferedAmount ?? 0;
  for (const p of c.writeBuffer ?? []) {
    const d = p.data;
    bytes += typeof d === 'string' ? d.length : ((d as { byteLength?: number } | undefined)?.byteLength ?? 0);
  }
  return bytes;
}
