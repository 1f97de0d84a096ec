// Browser specs: real Chromium (Debian's, see test/support/browser.ts) against a real server
// process; the same setup as the e2e specs.
const e2e = require('./jest.e2e.config.js');

module.exports = {
  ...e2e,
  testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
};
