import type { DataSource } from 'typeorm';

// Several processes may start at once on one PostgreSQL: the first to take this lock migrates.
const MIGRATION_LOCK = 7_413_001;

export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const isPglite = !(dataSource.options as { url?: string }).url;
  try {
    if (!isPglite) await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    // PGlite has a single connection that this runner holds, so migrate through it.
    const ran = isPglite
      ? await migrateOn(dataSource, runner)
      : await dataSource.runMigrations({ transaction: 'each' });
    return ran.map((m) => m.name);
  } finally {
    if (!isPglite) await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    await runner.release();
  }
}

async function migrateOn(dataSource: DataSource, runner: import('typeorm').QueryRunner) {
  const { MigrationExecutor } = await import('typeorm');
  const executor = new MigrationExecutor(dataSource, runner);
  executor.transaction = 'each';
  return executor.executePendingMigrations();
}
