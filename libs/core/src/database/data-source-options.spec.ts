import { loadEnv } from '../config/env';
import { dataSourceOptions, migrationDataSourceOptions } from './data-source-options';

describe('data source options behind a transaction pooler', () => {
  const env = loadEnv({
    DATABASE_URL: 'postgres://u@pgbouncer:6432/liveline',
    DATABASE_DIRECT_URL: 'postgres://u@postgres:5432/liveline',
  });

  it('pools the service on DATABASE_URL', () => {
    expect(dataSourceOptions(env)).toMatchObject({
      url: 'postgres://u@pgbouncer:6432/liveline',
      poolSize: env.DB_POOL_SIZE,
    });
  });

  it('migrates on one connection to DATABASE_DIRECT_URL, where the session advisory lock holds', () => {
    expect(migrationDataSourceOptions(env)).toMatchObject({
      url: 'postgres://u@postgres:5432/liveline',
      poolSize: 1,
      applicationName: 'liveline-migrations',
    });
  });

  it('migrates on DATABASE_URL when no direct URL is set', () => {
    expect(migrationDataSourceOptions(loadEnv({ DATABASE_URL: 'postgres://u@db/liveline' }))).toMatchObject({
      url: 'postgres://u@db/liveline',
      poolSize: 1,
    });
  });
});
