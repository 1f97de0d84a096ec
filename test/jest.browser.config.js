// Browser specs: real Chromium against a real server process (see test/support/server.ts).
module.exports = {
  rootDir: '..',
  testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, tsconfig: '<rootDir>/tsconfig.json' }] },
  moduleNameMapper: { '^@liveline/(\\w+)(/.*)?$': '<rootDir>/libs/$1/src$2' },
  testEnvironment: 'node',
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  testTimeout: 60000,
  // Sockets of a failed spec may linger; the suite must still end.
  forceExit: true,
};
