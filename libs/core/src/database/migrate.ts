import { DataSource, MigrationExecutor, type QueryRunner } from 'typeorm';
import { migrationDataSourceOptions, type DatabaseEnv } from './data-source-options';

// Several processes may start at once on one PostgreSQL: the first to take this lock migrates.
const MIGRATION_LOCK = 7_413_001;

/**
 * Runs pending migrations. On PostgreSQL they run on a connection of their own to
 * DATABASE_DIRECT_URL, which holds the session advisory lock for the whole run: a transaction
 * pooler in front of DATABASE_URL would hand the lock's session to someone else after each
 * statement. On PGlite, `dataSource` is the single connection, so they run through it.
 */
export async function runMigrations(dataSource: DataSource, env: DatabaseEnv): Promise<string[]> {
  if (!env.DATABASE_URL) return migrateWith(dataSource, false);
  const direct = new DataSource(migrationDataSourceOptions(env));
  await direct.initialize();
  try {
    return await migrateWith(direct, true);
  } finally {
    await direct.destroy();
  }
}

async function migrateWith(dataSource: DataSource, lock: boolean): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    if (lock) await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      return (await migrateOn(dataSource, runner)).map((m) => m.name);
    } finally {
      if (lock) await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}

// Every statement of the run, the lock's included, on this one runner's connection.
function migrateOn(dataSource: DataSource, runner: QueryRunner) {
  const executor = new MigrationExecutor(dataSource, runner);
  executor.transaction = 'each';
  return executor.executePendingMigrations();
}
