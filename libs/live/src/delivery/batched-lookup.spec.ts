import { BatchedLookup } from './batched-lookup';

describe('BatchedLookup', () => {
  it('shares one read among callers that arrive while it waits to start, never an older one', async () => {
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
    const later = [lookup.lookup('s'), lookup.lookup('s'), lookup.lookup('s')];
    gates[0]();
    expect(await first).toBe(1);
    await new Promise((r) => setImmediate(r));
    gates[1]();
    expect(await Promise.all(later)).toEqual([2, 2, 2]);
    expect(reads).toEqual([1, 2]);
  });
});
