import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pgliteOptions, pgliteVersion, seedFromTemplate } from './pglite-startup';

function template(version = pgliteVersion()): string {
  const dir = mkdtempSync(join(tmpdir(), 'pglite-template-spec-'));
  mkdirSync(join(dir, 'base'));
  writeFileSync(join(dir, 'base', 'rel'), 'rows');
  writeFileSync(join(dir, 'PG_VERSION'), '17');
  writeFileSync(join(dir, 'liveline-template.json'), JSON.stringify({ pglite: version, migrations: [] }));
  return dir;
}

describe('seedFromTemplate', () => {
  it('copies the template into a missing or empty data dir, without its stamp', () => {
    const t = template();
    const missing = join(mkdtempSync(join(tmpdir(), 'pglite-seed-')), 'data');
    expect(seedFromTemplate(missing, t)).toBe(true);
    expect(readFileSync(join(missing, 'base', 'rel'), 'utf8')).toBe('rows');
    expect(existsSync(join(missing, 'PG_VERSION'))).toBe(true);
    expect(existsSync(join(missing, 'liveline-template.json'))).toBe(false);
    const empty = mkdtempSync(join(tmpdir(), 'pglite-seed-'));
    expect(seedFromTemplate(empty, t)).toBe(true);
  });

  it('never touches an existing cluster, but completes a copy that was cut short', () => {
    const t = template();
    const existing = mkdtempSync(join(tmpdir(), 'pglite-seed-'));
    writeFileSync(join(existing, 'PG_VERSION'), '17');
    expect(seedFromTemplate(existing, t)).toBe(false);
    const partial = mkdtempSync(join(tmpdir(), 'pglite-seed-'));
    mkdirSync(join(partial, 'base'));
    expect(seedFromTemplate(partial, t)).toBe(true);
    expect(readFileSync(join(partial, 'base', 'rel'), 'utf8')).toBe('rows');
  });

  it('leaves initdb to PGlite when the template is missing or from another PGlite version', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pglite-seed-'));
    expect(seedFromTemplate(dir, join(dir, 'no-template'))).toBe(false);
    expect(seedFromTemplate(dir, template('0.0.1'))).toBe(false);
  });
});

describe('pgliteOptions', () => {
  it('keeps PGlite start parameters and sizes shared_buffers for one embedded process', () => {
    const params = pgliteOptions('/data').startParams!;
    expect(params).toContain('--single');
    expect(params).toContain('shared_buffers=16MB');
  });
});
