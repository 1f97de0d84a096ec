import type { MigrationInterface, QueryRunner } from 'typeorm';

// Rate-limit counters shared by every process on one database: one row per key and window.
// UNLOGGED: no WAL, so a hit is cheap; after a crash PostgreSQL empties the table, which only
// forgets the current minute of counts.
export class RateCounters1764610000000 implements MigrationInterface {
  name = 'RateCounters1764610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE rate_counters (
        key text NOT NULL,
        window_no bigint NOT NULL,
        hits integer NOT NULL,
        PRIMARY KEY (key, window_no)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS rate_counters');
  }
}
