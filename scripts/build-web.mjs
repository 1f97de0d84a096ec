// Builds the browser bundles (widget, reader page script, embed host snippet, newsroom app) with esbuild.
import { build } from 'esbuild';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(root, 'dist/web');
mkdirSync(out, { recursive: true });

const entries = {
  'widget.js': 'apps/widget/src/widget.ts',
  'reader.js': 'apps/widget/src/reader.ts',
  'embed-host.js': 'apps/widget/src/embed-host.ts',
  'newsroom.js': 'apps/newsroom/src/main.ts',
  'newsroom.css': 'apps/newsroom/src/newsroom.css',
};

const sizes = {};
for (const [name, entry] of Object.entries(entries)) {
  const file = resolve(root, entry);
  if (!existsSync(file)) continue;
  await build({
    entryPoints: [file],
    outfile: resolve(out, name),
    bundle: true,
    minify: true,
    format: name.endsWith('.css') ? undefined : 'iife',
    target: ['es2020'],
    legalComments: 'none',
    alias: {
      '@liveline/contracts': resolve(root, 'libs/contracts/src/index.ts'),
      '@liveline/pages/markup': resolve(root, 'libs/pages/src/markup/index.ts'),
    },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  const bytes = readFileSync(resolve(out, name));
  sizes[name] = { bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}
writeFileSync(resolve(out, 'sizes.json'), JSON.stringify(sizes, null, 2));
for (const [name, s] of Object.entries(sizes)) console.log(`web ${name}: ${s.bytes} B, ${s.gzip} B gzipped`);
