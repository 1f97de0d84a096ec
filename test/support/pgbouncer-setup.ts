import { startPgBouncer, type RunningPgBouncer } from './pgbouncer';

// The pooled pass: one PgBouncer in transaction mode for every spec file of the pass.
// freshStorage() then hands out DATABASE_URL through it (test/support/server.ts).
export default async function pgbouncerSetup(): Promise<void> {
  if (!process.env.TEST_DATABASE_URL)
    throw new Error('the PgBouncer pass needs TEST_DATABASE_URL (a PostgreSQL to pool)');
  const bouncer = await startPgBouncer();
  process.env.TEST_PGBOUNCER_URL = bouncer.url;
  (globalThis as { liveLinePgBouncer?: RunningPgBouncer }).liveLinePgBouncer = bouncer;
}
