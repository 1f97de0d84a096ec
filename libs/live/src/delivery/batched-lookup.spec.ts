import { BatchedLookup } from './batched-lookup';

describe('BatchedLookup', () => {
  it('gives callers that arrive while a read runs the next read, which they share', async () => {
    let value = 0;
    const reads: number[] = [];
    const gates: (() => void)[] = [];
    const lookup = new BatchedLookup(async () => {
      const v = ++value;
      reads.push(v);
      await new Promise<void>((r) => gates.push(r));
      return v;
    });
    const first = lookup.lookup('s');
    await new Promise((r) => setTimeout(r, 10)); // the first read has started
    expect(reads).toEqual([1]);
    const later = [lookup.lookup('s'), lookup.lookup('s'), lookup.lookup('s')];
    gates[0]();
    expect(await first).toBe(1);
    await new Promise((r) => setImmediate(r));
    gates[1]();
    expect(await Promise.all(later)).toEqual([2, 2, 2]);
    expect(reads).toEqual([1, 2]);
  });

  // A subscribe storm on PGlite: each head read finished before the next socket's message was
  // handled, so 5,000 subscribes made 5,009 reads (bench, 2026-12-02). Callers handled in one
  // turn of the event loop (one batch of ready sockets) share one read, started after them all.
  it('shares one read among callers of one event-loop turn, even when reads finish at once', async () => {
    let reads = 0;
    const lookup = new BatchedLookup(async () => ++reads);
    // Between two callers the microtasks drain (as between two sockets' messages), long enough
    // for a read that finishes at once to have finished.
    const got: Promise<number>[] = [];
    for (let i = 0; i < 5; i++) {
      got.push(lookup.lookup('s'));
      for (let tick = 0; tick < 20; tick++) await Promise.resolve();
    }
    const results = await Promise.all(got);
    expect(results).toEqual([1, 1, 1, 1, 1]);
    expect(reads).toBe(1);
    // A caller of a later turn gets a read that started after it asked.
    expect(await lookup.lookup('s')).toBe(2);
  });
});
