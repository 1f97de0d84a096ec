// The embedded database's first-start template (dist/pglite-template): PGlite initialised and
// migrated here, in its own process, so the server never runs initdb (the WebAssembly memory
// initdb grows is never given back). Rebuilt only when PGlite or the migrations change.
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const dist = join(root, 'dist/libs/core/src/database');
const { DataSource } = require('typeorm');
const { dataSourceOptions, MIGRATIONS } = require(join(dist, 'data-source-options.js'));
const { runMigrations } = require(join(dist, 'migrate.js'));
const { PGLITE_TEMPLATE, pgliteVersion, readStamp } = require(join(dist, 'pglite-startup.js'));

const stamp = { pglite: pgliteVersion(), migrations: MIGRATIONS.map((m) => m.name) };
const current = readStamp(PGLITE_TEMPLATE);
if (current && JSON.stringify(current) === JSON.stringify(stamp)) {
  console.log(`pglite template: up to date (${stamp.migrations.length} migrations)`);
  process.exit(0);
}

const started = Date.now();
const work = mkdtempSync(join(dirname(PGLITE_TEMPLATE), '.pglite-template-'));
const env = { DATA_DIR: work, DB_POOL_SIZE: 1, DB_ACQUIRE_TIMEOUT_MS: 600_000 };
const db = new DataSource({ ...dataSourceOptions(env) });
await db.initialize();
await runMigrations(db, env);
await db.destroy();
writeFileSync(join(work, 'liveline-template.json'), JSON.stringify(stamp));
if (existsSync(PGLITE_TEMPLATE)) rmSync(PGLITE_TEMPLATE, { recursive: true, force: true });
renameSync(work, PGLITE_TEMPLATE);
console.log(`pglite template: ${stamp.migrations.length} migrations in ${Date.now() - started} ms`);
