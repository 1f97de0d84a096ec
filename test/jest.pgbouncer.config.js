// The multi-process specs again, with DATABASE_URL through PgBouncer in transaction pooling
// mode (a small pool in front of TEST_DATABASE_URL) and DATABASE_DIRECT_URL on PostgreSQL
// itself: delivery, scheduling, idempotency, concurrency, kills, drops and restarts, and four
// processes behind nginx. Run in the PostgreSQL pass of scripts/test.mjs.
const faults = require('./jest.faults.config.js');

module.exports = {
  ...faults,
  testMatch: [
    '<rootDir>/test/e2e/multiprocess.pg.e2e-spec.ts',
    '<rootDir>/test/e2e/concurrency.e2e-spec.ts',
    '<rootDir>/test/faults/kill-during-writes.e2e-spec.ts',
    '<rootDir>/test/faults/listener-drop.pg.e2e-spec.ts',
    '<rootDir>/test/faults/rolling-restart.pg.e2e-spec.ts',
    '<rootDir>/test/faults/*.pgbouncer.e2e-spec.ts',
  ],
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: '<rootDir>/test/support/pgbouncer-setup.ts',
  globalTeardown: '<rootDir>/test/support/pgbouncer-teardown.ts',
};
