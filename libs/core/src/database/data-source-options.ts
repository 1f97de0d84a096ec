import { resolve } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { Env } from '../config/env';
import { InitialSchema1764190000000 } from './migrations/1764190000000-initial-schema';
import { RateCounters1764610000000 } from './migrations/1764610000000-rate-counters';
import { IdempotencyFingerprint1764620000000 } from './migrations/1764620000000-idempotency-fingerprint';
import { StoryTimeZone1764621000000 } from './migrations/1764621000000-story-time-zone';
import { pgliteDriver } from './pglite-pool';

export const MIGRATIONS = [InitialSchema1764190000000, RateCounters1764610000000, IdempotencyFingerprint1764620000000, StoryTimeZone1764621000000];

export type Backend = 'pglite' | 'postgres';

export function backendOf(env: Pick<Env, 'DATABASE_URL'>): Backend {
  return env.DATABASE_URL ? 'postgres' : 'pglite';
}

// One schema for both backends; migrations only, never synchronize.
export function dataSourceOptions(env: Pick<Env, 'DATABASE_URL' | 'DATA_DIR' | 'DB_POOL_SIZE'>): DataSourceOptions {
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
      applicationName: 'liveline',
      connectTimeoutMS: 5000,
      extra: { idleTimeoutMillis: 30000, query_timeout: 30000 },
    };
  }
  return { ...common, driver: pgliteDriver(resolve(env.DATA_DIR)), poolSize: 1 };
}
