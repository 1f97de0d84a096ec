import { Client } from 'pg';
import { randomBytes } from 'node:crypto';

// TEST_DATABASE_URL points at a PostgreSQL server (scripts/test.mjs sets it for the PostgreSQL pass);
// each caller gets a database of its own, so test files never see each other's rows.
export function usingPostgres(): boolean {
  return !!process.env.TEST_DATABASE_URL;
}

export async function createDatabase(): Promise<string> {
  const base = new URL(process.env.TEST_DATABASE_URL!);
  const name = `liveline_t_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: base.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  base.pathname = `/${name}`;
  return base.toString();
}
