jest.mock('@nestjs/common', () => ({
  Global: () => () => undefined,
  Injectable: () => () => undefined,
  Module: () => () => undefined,
}));
jest.mock('@nestjs/typeorm', () => ({ InjectDataSource: () => () => undefined }));

import type { DataSource } from 'typeorm';
import type { Env } from '../config/env';
import { RateCounter } from './rate-counter';
import { RATE_WINDOW_MS } from './rate-window';

const noDatabase = {
  query: () => {
    throw new Error('the embedded counter must not query');
  },
} as unknown as DataSource;
const embedded = () => new RateCounter(noDatabase, { DATABASE_URL: undefined } as Env);
// The start of a window, so the previous window's weight is easy to read.
const t0 = Math.ceil(1_800_000_000_000 / RATE_WINDOW_MS) * RATE_WINDOW_MS;

describe('rate counts on the embedded PGlite (this process is the only one)', () => {
  it('adds hits per key and sends no statement to the database', async () => {
    const counter = embedded();
    await counter.hit(['a', 'b'], 3, t0);
    const [a, b] = await counter.hit(['a', 'b', 'a'], 2, t0 + 1);
    expect([a.count, b.count]).toEqual([5, 5]);
    expect((await counter.peek(['a', 'c'], t0 + 2)).map((c) => c.count)).toEqual([5, 0]);
  });

  it('weighs the last window by how much of it the sliding minute still covers', async () => {
    const counter = embedded();
    await counter.hit(['k'], 100, t0 + 10);
    const [quarter] = await counter.peek(['k'], t0 + RATE_WINDOW_MS + RATE_WINDOW_MS / 4);
    expect(quarter.count).toBeCloseTo(75);
    const [later] = await counter.hit(['k'], 1, t0 + RATE_WINDOW_MS + RATE_WINDOW_MS / 2);
    expect(later.count).toBeCloseTo(51);
    // Two windows on, the first counts for nothing.
    expect((await counter.peek(['k'], t0 + 2 * RATE_WINDOW_MS))[0].count).toBeCloseTo(1);
  });

  it('forgets a cleared key in every window', async () => {
    const counter = embedded();
    await counter.hit(['login:x'], 4, t0);
    await counter.hit(['login:x', 'other'], 1, t0 + RATE_WINDOW_MS);
    await counter.clear('login:x');
    const [x, other] = await counter.peek(['login:x', 'other'], t0 + RATE_WINDOW_MS + 1);
    expect(x.count).toBe(0);
    expect(other.count).toBe(1);
  });
});

describe('rate counts on PostgreSQL', () => {
  it('is one statement per call, shared by every process', async () => {
    const calls: string[] = [];
    const db = {
      query: async (sql: string) => {
        calls.push(sql);
        return [{ key: 'x', hits: 7, prev: 0 }];
      },
    } as unknown as DataSource;
    const counter = new RateCounter(db, { DATABASE_URL: 'postgres://db/liveline' } as Env);
    await counter.hit(['a'], 1, t0);
    await counter.peek(['a'], t0);
    await counter.clear('a');
    expect(calls.map((sql) => sql.trim().split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'WITH up',
      'SELECT k',
      'DELETE FROM',
    ]);
  });
});
