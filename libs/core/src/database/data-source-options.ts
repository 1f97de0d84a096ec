import { resolve } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { Env } from '../config/env';
import { InitialSchema1764190000000 } from './migrations/1764190000000-initial-schema';
import { EventsByEntry1764600000000 } from './migrations/1764600000000-events-by-entry';
import { RateCounters1764610000000 } from './migrations/1764610000000-rate-counters';
import { IdempotencyFingerprint1764620000000 } from './migrations/1764620000000-idempotency-fingerprint';
import { StoryTimeZone1764621000000 } from './migrations/1764621000000-story-time-zone';
import { Media1764630000000 } from './migrations/1764630000000-media';
import { EmbedPreviews1764640000000 } from './migrations/1764640000000-embed-previews';
import { Webhooks1764670000000 } from './migrations/1764670000000-webhooks';
import { pgliteDriver } from './pglite-pool';
import { pgliteOptions } from './pglite-startup';

export const MIGRATIONS = [
  InitialSchema1764190000000,
  EventsByEntry1764600000000,
  RateCounters1764610000000,
  IdempotencyFingerprint1764620000000,
  StoryTimeZone1764621000000,
  Media1764630000000,
  EmbedPreviews1764640000000,
  Webhooks1764670000000,
];

export type Backend = 'pglite' | 'postgres';
export type DatabaseEnv = Pick<
  Env,
  'DATABASE_URL' | 'DATABASE_DIRECT_URL' | 'DATA_DIR' | 'DB_POOL_SIZE' | 'DB_ACQUIRE_TIMEOUT_MS'
>;

export function backendOf(env: Pick<Env, 'DATABASE_URL'>): Backend {
  return env.DATABASE_URL ? 'postgres' : 'pglite';
}

// One schema for both backends; migrations only, never synchronize.
export function dataSourceOptions(
  env: Pick<Env, 'DATABASE_URL' | 'DATA_DIR' | 'DB_POOL_SIZE' | 'DB_ACQUIRE_TIMEOUT_MS'>,
  applicationName = 'liveline',
): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each' as const,
    installExtensions: false,
    // Failed queries surface as exceptions: expected ones (a taken slug) map to 4xx, others are logged as 500s.
    logging: false,
  };
  if (env.DATABASE_URL) {
    return {
      ...common,
      url: env.DATABASE_URL,
      poolSize: env.DB_POOL_SIZE,
      applicationName,
      connectTimeoutMS: 5000,
      extra: { idleTimeoutMillis: 30000, query_timeout: 30000 },
    };
  }
  return {
    ...common,
    driver: pgliteDriver(pgliteOptions(resolve(env.DATA_DIR)), { acquireTimeoutMs: env.DB_ACQUIRE_TIMEOUT_MS }),
    poolSize: 1,
  };
}

// Migrations and their advisory lock need a session of their own, which a transaction pooler
// (PgBouncer in front of DATABASE_URL) does not keep: they go to DATABASE_DIRECT_URL, one connection.
export function migrationDataSourceOptions(env: DatabaseEnv): DataSourceOptions {
  const direct = env.DATABASE_DIRECT_URL ?? env.DATABASE_URL;
  if (!direct) return dataSourceOptions(env);
  return dataSourceOptions({ ...env, DATABASE_URL: direct, DB_POOL_SIZE: 1 }, 'liveline-migrations');
}
