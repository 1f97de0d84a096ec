import { ReplayBudget, SlowSocketWatch } from './backpressure';

describe('ReplayBudget', () => {
  it('lets a socket replay up to its budget per window, then refuses until the window starts over', () => {
    let now = 0;
    const budget = new ReplayBudget(100, 60_000, () => now);
    const socket = {};
    expect(budget.take(socket, 60)).toBe(true);
    expect(budget.take(socket, 50)).toBe(false);
    expect(budget.take({}, 50)).toBe(true);
    expect(budget.take(socket, 40)).toBe(true);
    expect(budget.refused).toBe(1);
    now = 59_000;
    expect(budget.retryAfter(socket)).toBe(1);
    now = 60_000;
    expect(budget.take(socket, 100)).toBe(true);
  });
});

describe('SlowSocketWatch', () => {
  it('drops a socket only when its buffer stays over the limit for the given number of checks', () => {
    const buffered = new Map<string, number>([
      ['slow', 5000],
      ['burst', 5000],
      ['fine', 10],
    ]);
    const dropped: string[] = [];
    const watch = new SlowSocketWatch<{ id: string }>(1000, 3, {
      buffered: (s) => buffered.get(s.id)!,
      drop: (s) => dropped.push(s.id),
    });
    const sockets = [{ id: 'slow' }, { id: 'burst' }, { id: 'fine' }];
    watch.check(sockets);
    watch.check(sockets);
    buffered.set('burst', 0);
    watch.check(sockets);
    expect(dropped).toEqual(['slow']);
    expect(watch.dropped).toBe(1);
  });
});
