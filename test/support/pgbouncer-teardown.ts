import { poolStats, type RunningPgBouncer } from './pgbouncer';

// Proof that the pass's traffic went through the pool: every spec database that PgBouncer
// served shows transactions in SHOW STATS. Then pgbouncer stops.
export default async function pgbouncerTeardown(): Promise<void> {
  const bouncer = (globalThis as { liveLinePgBouncer?: RunningPgBouncer }).liveLinePgBouncer;
  if (!bouncer) return;
  try {
    const stats = [...(await poolStats(bouncer))].filter(([db]) => db.startsWith('liveline_t_'));
    const xacts = stats.reduce((n, [, s]) => n + s.xacts, 0);
    console.log(`\npgbouncer (transaction pooling): ${xacts} transactions over ${stats.length} spec databases`);
    if (stats.length === 0 || stats.some(([, s]) => s.xacts === 0)) {
      throw new Error(`pgbouncer carried no transactions for some spec database: ${JSON.stringify(stats)}`);
    }
  } finally {
    await bouncer.stop();
  }
}
