import { ChunkedBudget } from './chunked-budget';

// A shared budget as two processes see it: one count per key, added to by both.
class SharedCounter {
  readonly counts = new Map<string, number>();
  queries = 0;
  async hit(keys: string[], hits = 1): Promise<{ key: string; count: number }[]> {
    this.queries++;
    return keys.map((key) => {
      const count = (this.counts.get(key) ?? 0) + hits;
      this.counts.set(key, count);
      return { key, count };
    });
  }
}

const limiter = (counter: SharedCounter, perMinute: number) => new ChunkedBudget(counter, perMinute, 60_000);

describe('a per-minute budget reserved from a shared count in chunks (socket connects, writes)', () => {
  const now = 1_800_000_000_000;

  it('admits a storm of 2,000 from one address with one query per chunk', async () => {
    const counter = new SharedCounter();
    const one = limiter(counter, 10_000);
    const admitted = await Promise.all(Array.from({ length: 2000 }, () => one.take('203.0.113.7', now)));
    expect(admitted.every(Boolean)).toBe(true);
    expect(counter.queries).toBe(2000 / one.chunk);
  });

  it('lets two processes together admit no more than the budget, and at most a chunk each less', async () => {
    const counter = new SharedCounter();
    const [a, b] = [limiter(counter, 1000), limiter(counter, 1000)];
    let admitted = 0;
    for (let i = 0; i < 1500; i++) if (await (i % 2 ? a : b).take('198.51.100.1', now)) admitted++;
    expect(admitted).toBeLessThanOrEqual(1000);
    expect(admitted).toBeGreaterThanOrEqual(1000 - 2 * a.chunk);
  });

  it('keeps addresses apart', async () => {
    const counter = new SharedCounter();
    const one = limiter(counter, 5);
    for (let i = 0; i < 5; i++) expect(await one.take('192.0.2.1', now)).toBe(true);
    expect(await one.take('192.0.2.1', now)).toBe(false);
    expect(await one.take('192.0.2.2', now)).toBe(true);
  });

  it("spends one user's writes at the default 600 a minute with one counter statement per 6 writes", async () => {
    const counter = new SharedCounter();
    const writes = limiter(counter, 600);
    for (let i = 0; i < 60; i++) expect(await writes.take('writes:user:u1', now)).toBe(true);
    expect(writes.chunk).toBe(6);
    expect(counter.queries).toBe(10);
  });

  it('refuses without a statement until the recheck, and says when that is', async () => {
    const counter = new SharedCounter();
    const writes = limiter(counter, 3);
    for (let i = 0; i < 3; i++) expect(await writes.take('writes:user:u2', now)).toBe(true);
    expect(await writes.take('writes:user:u2', now)).toBe(false);
    const queries = counter.queries;
    expect(await writes.take('writes:user:u2', now + 1000)).toBe(false);
    expect(counter.queries).toBe(queries);
    expect(writes.retryAfterSeconds('writes:user:u2', now + 1000)).toBe(4);
    expect(writes.retryAfterSeconds('writes:user:unknown', now)).toBe(1);
  });
});
