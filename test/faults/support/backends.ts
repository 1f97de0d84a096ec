import { usingPostgres } from '../../support/database';

/**
 * A suite that needs the machine's PostgreSQL (two processes on one database, a server
 * restart, nginx in front). In the PGlite pass it is one check that says why it is not run
 * there; scripts/test.mjs runs the same file again in the PostgreSQL pass.
 */
export function describeOnPostgres(title: string, why: string, body: () => void): void {
  if (usingPostgres()) {
    describe(title, body);
    return;
  }
  describe(`${title} (PostgreSQL pass only)`, () => {
    it(`is for the PostgreSQL pass: ${why}`, () => {
      expect(process.env.TEST_DATABASE_URL ?? '').toBe('');
    });
  });
}
