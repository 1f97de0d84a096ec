import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './server';

// PGlite's initdb takes seconds; make one migrated data dir and let each spec copy it.
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL || process.env.LIVELINE_PGLITE_TEMPLATE) return;
  const dataDir = mkdtempSync(join(tmpdir(), 'liveline-template-'));
  // Holds the schema and the test admin (startServer's default), nothing else.
  const server = await startServer({ storage: { dataDir } });
  await server.stop();
  process.env.LIVELINE_PGLITE_TEMPLATE = dataDir;
}
