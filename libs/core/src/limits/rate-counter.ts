import { Global, Injectable, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { RATE_WINDOW_MS } from './rate-window';

/** A key's count over the last minute, and how long until a refused caller should retry. */
export interface RateCount {
  key: string;
  /** Hits in the sliding minute: this window's, plus the last window's weighted by how much of it still overlaps. */
  count: number;
  retryAfterSeconds: number;
}

// One statement, one round trip: add to this window's row and read the last window's next to it.
const HIT_SQL = `
  WITH up AS (
    INSERT INTO rate_counters AS r (key, window_no, hits)
    SELECT k, $2::bigint, $3::int FROM json_array_elements_text($1::json) AS k
    ON CONFLICT (key, window_no) DO UPDATE SET hits = r.hits + EXCLUDED.hits
    RETURNING r.key, r.hits)
  SELECT up.key, up.hits, COALESCE(p.hits, 0) AS prev
  FROM up LEFT JOIN rate_counters p ON p.key = up.key AND p.window_no = $2::bigint - 1`;

const PEEK_SQL = `
  SELECT k AS key, COALESCE(c.hits, 0) AS hits, COALESCE(p.hits, 0) AS prev
  FROM json_array_elements_text($1::json) AS k
  LEFT JOIN rate_counters c ON c.key = k AND c.window_no = $2::bigint
  LEFT JOIN rate_counters p ON p.key = k AND p.window_no = $2::bigint - 1`;

/** Short, fixed-length keys: no e-mail address or token ends up in the table as written. */
const digest = (key: string) => createHash('sha256').update(key).digest('base64url').slice(0, 22);

/**
 * Rate-limit counts kept in the database (the UNLOGGED `rate_counters` table), so that every
 * process on one DATABASE_URL spends one budget. Each call is one plain parameterised statement:
 * no session state, locks or named prepared statements, so it is safe behind a transaction pooler.
 * The sliding minute is approximated from two fixed windows, as counters of this kind usually do.
 */
@Injectable()
export class RateCounter implements OnModuleInit, OnApplicationShutdown {
  private sweeper?: NodeJS.Timeout;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Adds `hits` to each key and returns their counts including them. */
  async hit(keys: string[], hits = 1, now = Date.now()): Promise<RateCount[]> {
    // One row may change only once per statement.
    keys = [...new Set(keys)];
    const windowNo = Math.floor(now / RATE_WINDOW_MS);
    const rows = await this.db.query<{ key: string; hits: number; prev: number }[]>(HIT_SQL, [
      JSON.stringify(keys.map(digest)),
      windowNo,
      hits,
    ]);
    return this.counts(keys, rows, now);
  }

  /** The keys' counts, adding nothing. */
  async peek(keys: string[], now = Date.now()): Promise<RateCount[]> {
    const windowNo = Math.floor(now / RATE_WINDOW_MS);
    const rows = await this.db.query<{ key: string; hits: number; prev: number }[]>(PEEK_SQL, [
      JSON.stringify(keys.map(digest)),
      windowNo,
    ]);
    return this.counts(keys, rows, now);
  }

  /** Forgets a key (a successful sign-in clears that account's failures from that address). */
  async clear(key: string): Promise<void> {
    await this.db.query('DELETE FROM rate_counters WHERE key = $1', [digest(key)]);
  }

  onModuleInit(): void {
    // Windows older than the last one count for nothing; any process may sweep them.
    this.sweeper = setInterval(() => {
      const old = Math.floor(Date.now() / RATE_WINDOW_MS) - 1;
      this.db.query('DELETE FROM rate_counters WHERE window_no < $1', [old]).catch(() => undefined);
    }, RATE_WINDOW_MS);
    this.sweeper.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  private counts(keys: string[], rows: { key: string; hits: number; prev: number }[], now: number): RateCount[] {
    const elapsed = now % RATE_WINDOW_MS;
    const overlap = 1 - elapsed / RATE_WINDOW_MS;
    const byDigest = new Map(rows.map((r) => [r.key, r]));
    return keys.map((key) => {
      const row = byDigest.get(digest(key));
      const count = Number(row?.hits ?? 0) + Number(row?.prev ?? 0) * overlap;
      return { key, count, retryAfterSeconds: Math.max(1, Math.ceil((RATE_WINDOW_MS - elapsed) / 1000)) };
    });
  }
}

@Global()
@Module({ providers: [RateCounter], exports: [RateCounter] })
export class RateCounterModule {}
