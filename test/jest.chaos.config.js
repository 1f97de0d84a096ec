// The delivery checker: randomized faults (restarts, kill -9, feed eviction, dropped LISTEN
// connections, a PostgreSQL restart), concurrent writers and readers of every kind, then a
// check of everything the readers recorded. CHAOS_SEED replays a schedule; CHAOS_MINUTES soaks.
const e2e = require('./jest.e2e.config.js');

module.exports = {
  ...e2e,
  testMatch: ['<rootDir>/test/chaos/**/*.chaos-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  // The soak sets its own length; the default run takes a few minutes per backend.
  testTimeout: 4 * 3600_000,
};
