import { retryDelayMs } from './backoff';

describe('retryDelayMs', () => {
  it('retries the first failure within a second', () => {
    expect(retryDelayMs(1, 300000, () => 1)).toBe(1000);
    expect(retryDelayMs(1, 300000, () => 0)).toBe(500);
  });

  it('doubles per attempt with jitter in the upper half', () => {
    expect(retryDelayMs(4, 300000, () => 0)).toBe(4000);
    expect(retryDelayMs(4, 300000, () => 1)).toBe(8000);
  });

  it('is never more than the cap (5 minutes by default), however many attempts', () => {
    for (const attempt of [10, 20, 50, 1000]) expect(retryDelayMs(attempt, 300000, () => 1)).toBe(300000);
  });
});
