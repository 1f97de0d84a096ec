import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webAssetsDir } from './web-assets-dir';

describe('webAssetsDir', () => {
  const root = mkdtempSync(join(tmpdir(), 'liveline-web-'));
  const compiled = join(root, 'dist', 'apps', 'server', 'libs', 'core', 'src', 'web');
  mkdirSync(compiled, { recursive: true });
  mkdirSync(join(root, 'dist', 'web'), { recursive: true });
  writeFileSync(join(root, 'dist', 'web', 'widget.js'), '');

  it('finds dist/web above the compiled server', () => {
    expect(webAssetsDir('widget.js', compiled)).toBe(join(root, 'dist', 'web'));
  });

  it('passes over a folder that lacks the probed file', () => {
    mkdirSync(join(root, 'dist', 'apps', 'web'), { recursive: true });
    expect(webAssetsDir('widget.js', compiled)).toBe(join(root, 'dist', 'web'));
  });
});
