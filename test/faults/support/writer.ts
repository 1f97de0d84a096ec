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
  /** Why the write loop ended early, if it did. */
  error?: Error;
  private running = false;
  private aborted = false;
  private loop?: Promise<void>;
  private turn = 0;
  private n = 0;

  constructor(
    private readonly bases: () => string[],
    private readonly token: string,
    private readonly story: string,
    private readonly tag = 'w',
    private readonly pauseMs = 10,
    /** How it sends: `fetch`, or one bound to a source address (test/faults/support/source-address.ts). */
    private readonly send: typeof fetch = fetch,
  ) {
    live.add(this);
  }

  start(): void {
    this.running = true;
    this.loop = (async () => {
      try {
        while (this.running) {
          await this.writeOne();
          if (this.pauseMs) await sleep(this.pauseMs);
        }
      } catch (e) {
        this.error = e as Error;
      }
    })();
  }

  /** Stops after the entry being written has landed; throws if the loop had failed. */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    live.delete(this);
    if (this.error) throw this.error;
  }

  /** Gives up at once, landed or not (test teardown). */
  async abort(): Promise<void> {
    this.aborted = true;
    this.running = false;
    await this.loop;
    live.delete(this);
  }

  /** Waits until `n` entries are acknowledged. */
  async until(n: number, ms = 30_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.acked.length < n) {
      if (this.error) throw this.error;
      if (Date.now() > deadline)
        throw new Error(
          `writer ${this.tag} has ${this.acked.length} of ${n} after ${ms} ms; failures ${JSON.stringify([...this.failures])}`,
        );
      await sleep(10);
    }
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
        const r = await this.send(`${base}/api/stories/${this.story}/entries`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${this.token}`,
            'idempotency-key': key,
          },
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
      if (this.aborted) throw new Error('aborted');
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

const live = new Set<RetryingWriter>();

/** Ends every writer still running (afterAll of fault specs, so a failed test leaves no loop behind). */
export async function abortWriters(): Promise<void> {
  await Promise.all([...live].map((w) => w.abort()));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
