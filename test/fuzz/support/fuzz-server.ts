import { login, startServer, type RunningServer } from '../../support/server';

export interface FuzzTarget {
  server: RunningServer;
  token: string;
  story: { id: string; slug: string };
  entry: { id: string };
}

// Limits high enough that fuzzing measures correctness, not the rate limiter (tested elsewhere).
export const FUZZ_ENV = {
  WRITES_PER_MINUTE: '1000000',
  LOGIN_ATTEMPTS_PER_MINUTE: '100000',
  MAX_SOCKETS_PER_IP: '10000',
};

/** A server with a live story and one entry, and an admin token. */
export async function fuzzTarget(env: Record<string, string> = {}): Promise<FuzzTarget> {
  const server = await startServer({ env: { ...FUZZ_ENV, ...env } });
  const token = await login(server.url);
  const post = async <T>(path: string, body: unknown): Promise<T> => {
    const r = await fetch(server.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    if (r.status !== 201) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
  const story = await post<{ id: string; slug: string }>('/api/stories', {
    title: 'Fuzz',
    slug: `fuzz-${Date.now().toString(36)}`,
    status: 'live',
    language: 'ar',
  });
  const entry = await post<{ id: string }>(`/api/stories/${story.id}/entries`, {
    body: '<p>first</p>',
    headline: 'first',
  });
  return { server, token, story, entry };
}

/** Seeds for fast-check from FUZZ_SEED, so a failure in CI can be replayed exactly. */
export function fuzzParams(numRuns: number) {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
  return { numRuns: Number(process.env.FUZZ_RUNS ?? numRuns), ...(seed !== undefined ? { seed } : {}) };
}
