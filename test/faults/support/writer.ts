import type { Entry } from '@liveline/contracts';

export interface Acked {
  id: string;
  key: string;
  body: string;
  headline: string;
}

/**
 * Posts entries one after another, each with its own Idempotency-Key. An answer it did not
 * get (connection refused or reset, a 5xx, a 429) is retried with the same key, on the next
 * base URL, so every entry lands exactly once whatever dies in between.
 */
export class RetryingWriter {
  readonly acked: Acked[] = [];
  /** Failed attempts by kind ("ECONNREFUSED", "503", …), for the test to bound. */
  readonly failures = new Map<string, number>();
  /** 4xx other than 429: the test fails on any. */
  readonly refusals: string[] = [];
  private running = false;
  private loop?: Promise<void>;
  private turn = 0;
  private n = 0;

  constructor(
    private readonly bases: () => string[],
    private readonly token: string,
    private readonly story: string,
    private readonly tag = 'w',
    private readonly pauseMs = 10,
  ) {}

  start(): void {
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        await this.writeOne();
        if (this.pauseMs) await sleep(this.pauseMs);
      }
    })();
  }

  /** Stops after the entry being written has landed. */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  async writeOne(deadlineMs = 60_000): Promise<Acked> {
    const i = ++this.n;
    const key = `${this.tag}-${i}-${Math.random().toString(36).slice(2)}`;
    const headline = `${this.tag} ${i}`;
    const body = `<p>${this.tag} entry ${i}: ${'تحديث '.repeat(i % 7)}<strong>${key}</strong></p>`;
    const until = Date.now() + deadlineMs;
    for (;;) {
      const bases = this.bases();
      const base = bases[this.turn % bases.length];
      try {
        const r = await fetch(`${base}/api/stories/${this.story}/entries`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}`, 'idempotency-key': key },
          body: JSON.stringify({ headline, body }),
          signal: AbortSignal.timeout(10_000),
        });
        const text = await r.text();
        if (r.status === 201) {
          const entry = JSON.parse(text) as Entry;
          const acked = { id: entry.id, key, body: entry.body, headline };
          this.acked.push(acked);
          return acked;
        }
        this.count(String(r.status));
        if (r.status < 500 && r.status !== 429) {
          this.refusals.push(`${r.status} ${text.slice(0, 200)}`);
          throw new Error(`writer refused: ${r.status} ${text.slice(0, 200)}`);
        }
      } catch (e) {
        if (this.refusals.length) throw e;
        this.count(errorKind(e));
      }
      this.turn++;
      if (Date.now() > until) throw new Error(`writer gave up on ${key}: ${JSON.stringify([...this.failures])}`);
      await sleep(100);
    }
  }

  failureCount(): number {
    let n = 0;
    for (const v of this.failures.values()) n += v;
    return n;
  }

  private count(kind: string) {
    this.failures.set(kind, (this.failures.get(kind) ?? 0) + 1);
  }
}

function errorKind(e: unknown): string {
  const err = e as { cause?: { code?: string; message?: string }; name?: string; message?: string };
  return err.cause?.code ?? err.name ?? err.message ?? 'error';
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
