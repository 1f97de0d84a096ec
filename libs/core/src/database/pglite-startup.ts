import { copyFileSync, cpSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';

// How the embedded database starts lean. Measured (BENCHMARKS.md): initdb inside the server
// grew PGlite's WebAssembly memory to about 660 MB, which WebAssembly can never give back, and
// PostgreSQL's default 128 MB of shared_buffers lives in that same memory. So the first start
// copies a data directory that `npm run build` initialised and migrated in another process
// (scripts/build-pglite-template.mjs), and PostgreSQL runs with buffers sized for one process
// and the operating system's page cache under it (PGlite's files are plain files).

/** dist/pglite-template, next to the compiled server. */
export const PGLITE_TEMPLATE = resolve(__dirname, '../../../../pglite-template');
const STAMP = 'liveline-template.json';

// The live working set of a newsroom's stories fits many times over; reads of older pages come
// from the OS page cache. work_mem and temp_buffers are allocated only when a query needs them.
const LEAN_SETTINGS = ['shared_buffers=16MB', 'wal_buffers=1MB', 'maintenance_work_mem=16MB'];

// PGlite's own WebAssembly module declares 128 MB (2048 pages) as its minimum memory: a smaller
// `initialMemory` fails to link ("memory import 0 is smaller than initial 2048"), so the idle
// process keeps those 128 MB, touched at start, whatever PostgreSQL uses of them.
export function pgliteOptions(dataDir: string): PGliteOptions {
  return { dataDir, startParams: [...PGlite.defaultStartParams, ...LEAN_SETTINGS.flatMap((s) => ['-c', s])] };
}

export function pgliteVersion(): string {
  const pkg = join(dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json');
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
}

export interface TemplateStamp {
  pglite: string;
  migrations: string[];
}

export function readStamp(template: string): TemplateStamp | null {
  try {
    return JSON.parse(readFileSync(join(template, STAMP), 'utf8')) as TemplateStamp;
  } catch {
    return null;
  }
}

/**
 * A first start: copies the built template into `dataDir`, so PGlite opens an existing
 * cluster instead of running initdb; later migrations still run at start. PG_VERSION goes
 * last, so a copy cut short is copied again next time. False (PGlite then runs initdb) when
 * `dataDir` already holds a cluster or there is no template for this PGlite version.
 */
export function seedFromTemplate(dataDir: string, template = PGLITE_TEMPLATE): boolean {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return false;
  if (readStamp(template)?.pglite !== pgliteVersion()) return false;
  const skip = new Set([join(template, STAMP), join(template, 'PG_VERSION')]);
  cpSync(template, dataDir, { recursive: true, force: true, filter: (src) => !skip.has(src) });
  copyFileSync(join(template, 'PG_VERSION'), join(dataDir, 'PG_VERSION'));
  return true;
}
