import { EnvValidationError, loadEnv } from './env';

describe('loadEnv', () => {
  it('applies the defaults', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({ PORT: 3000, HOST: '0.0.0.0', DATA_DIR: './data', SEED_DEMO: true, REPLAY_WINDOW: 1000 });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('parses numbers and booleans', () => {
    expect(loadEnv({ PORT: '8080', SEED_DEMO: 'false' })).toMatchObject({ PORT: 8080, SEED_DEMO: false });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ SEED_DEMO: 'maybe' }, 'SEED_DEMO'],
    [{ ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('stops with a message naming the variable for %p', (raw, name) => {
    expect(() => loadEnv(raw)).toThrow(EnvValidationError);
    expect(() => loadEnv(raw)).toThrow(new RegExp(`${name}=`));
  });
});
