// e2e specs: the built server as a real process on a real database (PGlite, or PostgreSQL
// when TEST_DATABASE_URL is set), driven through HTTP and socket.io.
module.exports = {
  rootDir: '..',
  testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
  // *.pg.e2e-spec.ts need several processes on one PostgreSQL: only in the PostgreSQL pass.
  // *.pgbouncer.e2e-spec.ts only in the pooled pass (test/jest.pgbouncer.config.js).
  testPathIgnorePatterns: process.env.TEST_DATABASE_URL
    ? ['/node_modules/', '\\.pgbouncer\\.e2e-spec\\.ts$']
    : ['/node_modules/', '\\.pg\\.e2e-spec\\.ts$', '\\.pgbouncer\\.e2e-spec\\.ts$'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, tsconfig: '<rootDir>/tsconfig.json' }] },
  moduleNameMapper: { '^@liveline/(\\w+)(/.*)?$': '<rootDir>/libs/$1/src$2' },
  testEnvironment: 'node',
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  // Generous: a server start alone can take a minute on a loaded machine.
  testTimeout: 180000,
  // Sockets of a failed spec may linger; the suite must still end.
  forceExit: true,
};
