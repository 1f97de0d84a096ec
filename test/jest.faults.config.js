// Fault, fuzz and balancer specs: real server processes killed, drained, starved of their
// database or put behind nginx, and fed hostile input. Same globalSetup as the e2e specs.
// PostgreSQL-only specs (*.pg.e2e-spec.ts: restart, listener drop, rolling restart, nginx) run
// only in the PostgreSQL pass, through the e2e config's ignore pattern.
const e2e = require('./jest.e2e.config.js');

module.exports = {
  ...e2e,
  testMatch: ['<rootDir>/test/faults/**/*.e2e-spec.ts', '<rootDir>/test/fuzz/**/*.e2e-spec.ts'],
  testTimeout: 120000,
};
