import { Global, Injectable, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Env } from '../config/env';
import { backendOf } from '../database/data-source-options';
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

type Row = { key: string; hits: number; prev: number };

/** Where the counts live: one statement per call on PostgreSQL, a map in this process on PGlite. */
interface CountStore {
  hit(digests: string[], windowNo: number, hits: number): Promise<Row[]>;
  peek(digests: string[], windowNo: number): Promise<Row[]>;
  clear(digest: string): Promise<void>;
  sweep(before: number): Promise<void>;
}

class SqlCounts implements CountStore {
  constructor(private readonly db: DataSource) {}
  hit(digests: string[], windowNo: number, hits: number): Promise<Row[]> {
    return this.db.query<Row[]>(HIT_SQL, [JSON.stringify(digests), windowNo, hits]);
  }
  peek(digests: string[], windowNo: number): Promise<Row[]> {
    return this.db.query<Row[]>(PEEK_SQL, [JSON.stringify(digests), windowNo]);
  }
  async clear(digest: string): Promise<void> {
    await this.db.query('DELETE FROM rate_counters WHERE key = $1', [digest]);
  }
  async sweep(before: number): Promise<void> {
    await this.db.query('DELETE FROM rate_counters WHERE window_no < $1', [before]);
  }
}

/**
 * The embedded PGlite serves one process (its DATA_DIR is locked), so that process's own map is
 * the whole budget, and a hit costs no statement on the thread that also runs the database.
 * Like the UNLOGGED table after a crash, a restart forgets the current minute's counts.
 */
class MemoryCounts implements CountStore {
  private readonly windows = new Map<number, Map<string, number>>();
  async hit(digests: string[], windowNo: number, hits: number): Promise<Row[]> {
    let current = this.windows.get(windowNo);
    if (!current) this.windows.set(windowNo, (current = new Map()));
    for (const key of digests) current.set(key, (current.get(key) ?? 0) + hits);
    return this.peek(digests, windowNo);
  }
  async peek(digests: string[], windowNo: number): Promise<Row[]> {
    const current = this.windows.get(windowNo);
    const previous = this.windows.get(windowNo - 1);
    return digests.map((key) => ({ key, hits: current?.get(key) ?? 0, prev: previous?.get(key) ?? 0 }));
  }
  async clear(digest: string): Promise<void> {
    for (const counts of this.windows.values()) counts.delete(digest);
  }
  async sweep(before: number): Promise<void> {
    for (const windowNo of this.windows.keys()) if (windowNo < before) this.windows.delete(windowNo);
  }
}

/**
 * Rate-limit counts shared by every process that can write: on PostgreSQL the UNLOGGED
 * `rate_counters` table, so that every process on one DATABASE_URL spends one budget. Each call
 * is one plain parameterised statement: no session state, locks or named prepared statements,
 * so it is safe behind a transaction pooler. On the embedded PGlite, this process's memory
 * (MemoryCounts). The sliding minute is approximated from two fixed windows, as counters of
 * this kind usually do.
 */
@Injectable()
export class RateCounter implements OnModuleInit, OnApplicationShutdown {
  private sweeper?: NodeJS.Timeout;
  private readonly store: CountStore;

  constructor(@InjectDataSource() db: DataSource, env: Env) {
    this.store = backendOf(env) === 'pglite' ? new MemoryCounts() : new SqlCounts(db);
  }

  /** Adds `hits` to each key and returns their counts including them. */
  async hit(keys: string[], hits = 1, now = Date.now()): Promise<RateCount[]> {
    // One row may change only once per statement.
    keys = [...new Set(keys)];
    const rows = await this.store.hit(keys.map(digest), Math.floor(now / RATE_WINDOW_MS), hits);
    return this.counts(keys, rows, now);
  }

  /** The keys' counts, adding nothing. */
  async peek(keys: string[], now = Date.now()): Promise<RateCount[]> {
    const rows = await this.store.peek(keys.map(digest), Math.floor(now / RATE_WINDOW_MS));
    return this.counts(keys, rows, now);
  }

  /** Forgets a key (a successful sign-in clears that account's failures from that address). */
  async clear(key: string): Promise<void> {
    await this.store.clear(digest(key));
  }

  onModuleInit(): void {
    // Windows older than the last one count for nothing; any process may sweep them.
    this.sweeper = setInterval(() => {
      this.store.sweep(Math.floor(Date.now() / RATE_WINDOW_MS) - 1).catch(() => undefined);
    }, RATE_WINDOW_MS);
    this.sweeper.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  private counts(keys: string[], rows: Row[], now: number): RateCount[] {
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
