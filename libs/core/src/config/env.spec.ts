import { EnvValidationError, loadEnv } from './env';

describe('loadEnv', () => {
  it('applies the defaults', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      PORT: 3000,
      HOST: '0.0.0.0',
      DATA_DIR: './data',
      SEED_DEMO: true,
      REPLAY_WINDOW: 1000,
    });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('parses numbers and booleans', () => {
    expect(loadEnv({ PORT: '8080', SEED_DEMO: 'false' })).toMatchObject({ PORT: 8080, SEED_DEMO: false });
  });

  it('sends sessions to DATABASE_URL unless DATABASE_DIRECT_URL names PostgreSQL itself', () => {
    const pooled = 'postgres://u@pgbouncer:6432/liveline';
    const direct = 'postgres://u@postgres:5432/liveline';
    expect(loadEnv({ DATABASE_URL: pooled }).DATABASE_DIRECT_URL).toBe(pooled);
    expect(loadEnv({ DATABASE_URL: pooled, DATABASE_DIRECT_URL: direct })).toMatchObject({
      DATABASE_URL: pooled,
      DATABASE_DIRECT_URL: direct,
    });
    expect(loadEnv({}).DATABASE_DIRECT_URL).toBeUndefined();
  });

  it('refuses DATABASE_DIRECT_URL without DATABASE_URL', () => {
    expect(() => loadEnv({ DATABASE_DIRECT_URL: 'postgres://u@postgres/db' })).toThrow(
      /DATABASE_DIRECT_URL is set but DATABASE_URL is not/,
    );
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://u@h/db', DATABASE_DIRECT_URL: 'mysql://x' }, 'DATABASE_DIRECT_URL'],
    [{ SEED_DEMO: 'maybe' }, 'SEED_DEMO'],
    [{ ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('stops with a message naming the variable for %p', (raw, name) => {
    expect(() => loadEnv(raw)).toThrow(EnvValidationError);
    expect(() => loadEnv(raw)).toThrow(new RegExp(`${name}=`));
  });
});
