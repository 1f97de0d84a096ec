/** What the budget needs from the shared counter: add hits to a key, get its count back. */
export interface HitCounter {
  hit(keys: string[], hits: number): Promise<{ count: number }[]>;
}

// Local allowance of one key, reserved from the shared budget in chunks.
interface Allowance {
  windowNo: number;
  left: number;
  exhaustedUntil: number;
  pending?: Promise<void>;
}

const MAX_TRACKED = 100_000;
// While a key is over its budget, the shared count is asked again at most this often.
const RECHECK_MS = 5_000;

/**
 * A per-minute budget shared by every process through a counter in the database, spent locally
 * (socket connects per address, writes per user or address):
 * each process reserves `chunk` at a time (one query per chunk, concurrent callers waiting for
 * the same reservation), so a storm costs a query per chunk, not per connection. A process
 * holds at most one chunk it may not spend, so N processes admit at most `perMinute` and at
 * least `perMinute - N * chunk` of one key's attempts in a minute.
 */
export class ChunkedBudget {
  private readonly allowances = new Map<string, Allowance>();

  readonly chunk: number;

  /** `windowMs`: the shared counter's window (RATE_WINDOW_MS); allowances do not outlive it. */
  constructor(
    private readonly counter: HitCounter,
    readonly perMinute: number,
    private readonly windowMs: number,
  ) {
    this.chunk = Math.min(100, Math.max(1, Math.ceil(perMinute / 100)));
  }

  /** Takes one from the key's allowance, reserving more from the shared budget when it runs out. */
  async take(key: string, now = Date.now()): Promise<boolean> {
    const windowNo = Math.floor(now / this.windowMs);
    let a = this.allowances.get(key);
    if (!a || a.windowNo !== windowNo) {
      if (!a && this.allowances.size >= MAX_TRACKED) this.allowances.delete(this.allowances.keys().next().value!);
      a = { windowNo, left: 0, exhaustedUntil: a?.exhaustedUntil ?? 0 };
      this.allowances.set(key, a);
    }
    while (a.left <= 0) {
      if (a.exhaustedUntil > now) return false;
      const current = a;
      current.pending ??= this.reserve(key, current, now).finally(() => (current.pending = undefined));
      await current.pending;
    }
    a.left--;
    return true;
  }

  /** Seconds until a refused key's shared count is asked again (for Retry-After). */
  retryAfterSeconds(key: string, now = Date.now()): number {
    const until = this.allowances.get(key)?.exhaustedUntil ?? 0;
    return Math.max(1, Math.ceil((until - now) / 1000));
  }

  private async reserve(key: string, a: Allowance, now: number): Promise<void> {
    const [count] = await this.counter.hit([key], this.chunk);
    const before = count.count - this.chunk;
    const granted = Math.max(0, Math.min(this.chunk, Math.floor(this.perMinute - before)));
    a.left += granted;
    if (granted < this.chunk) a.exhaustedUntil = now + RECHECK_MS;
  }
}
