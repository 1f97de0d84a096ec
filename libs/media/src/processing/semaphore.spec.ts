import { Semaphore } from './semaphore';

describe('Semaphore', () => {
  it('never runs more jobs at once than its size, and runs every job', async () => {
    const gate = new Semaphore(2);
    let running = 0;
    let most = 0;
    const releases: (() => void)[] = [];
    const jobs = Array.from({ length: 6 }, (_, i) =>
      gate.run(async () => {
        running++;
        most = Math.max(most, running);
        await new Promise<void>((r) => releases.push(r));
        running--;
        return i;
      }),
    );
    while (releases.length < 6) {
      await new Promise((r) => setImmediate(r));
      releases.splice(0).forEach((r) => r());
      releases.length = 0;
      if ((await Promise.race([Promise.all(jobs), new Promise((r) => setImmediate(() => r(null)))])) !== null) break;
    }
    expect(await Promise.all(jobs)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(most).toBe(2);
  });
});
