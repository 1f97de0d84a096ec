// Unit specs live beside the code: pure logic only, no database, no network.
module.exports = {
  rootDir: '.',
  testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, tsconfig: '<rootDir>/tsconfig.json' }] },
  moduleNameMapper: { '^@liveline/(\\w+)(/.*)?$': '<rootDir>/libs/$1/src$2' },
  testEnvironment: 'node',
};
