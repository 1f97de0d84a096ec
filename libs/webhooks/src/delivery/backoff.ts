// Exponential backoff with jitter: attempt 1 waits 0.5–1 s, each further attempt doubles,
// never beyond `maxMs` (5 minutes by default). `random` is injectable for tests.
export function retryDelayMs(attempt: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, 1000 * 2 ** Math.min(Math.max(attempt - 1, 0), 20));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
