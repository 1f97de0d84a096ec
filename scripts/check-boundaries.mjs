#!/usr/bin/env node
// Proves the boundary rule has teeth: lints probe files that break the one-way import order (a
// lower lib importing a higher one, a deep import, a browser bundle importing a server lib, a
// relative path into another lib) and fails unless ESLint reports each one. Run by `npm run lint`.
import { ESLint } from 'eslint';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const probes = [
  {
    file: 'libs/core/src/__boundary_probe__.ts',
    code: "import { EventLog } from '@liveline/timeline';\nexport const x = EventLog;\n",
  },
  {
    file: 'libs/timeline/src/__boundary_probe__.ts',
    code: "import { LiveGateway } from '@liveline/live';\nexport const x = LiveGateway;\n",
  },
  {
    file: 'libs/live/src/__boundary_probe__.ts',
    code: "import { x as y } from '@liveline/core/errors/domain.exception';\nexport const x = y;\n",
  },
  {
    file: 'libs/pages/src/__boundary_probe__.ts',
    code: "import { x as y } from '../../live/src/index';\nexport const x = y;\n",
  },
  {
    file: 'apps/widget/src/__boundary_probe__.ts',
    code: "import { EventLog } from '@liveline/timeline';\nexport const x = EventLog;\n",
  },
  {
    file: 'apps/server/src/__boundary_probe__.ts',
    code: "import { x as y } from '@liveline/live/gateway/live.gateway';\nexport const x = y;\n",
  },
  {
    file: 'apps/newsroom/src/__boundary_probe__.ts',
    code: "import { x as y } from '../../../libs/pages/src/markup/html';\nexport const x = y;\n",
  },
];
// The allowed direction must stay quiet, or the rule would just be noise.
const allowed = {
  file: 'libs/live/src/__boundary_probe_ok__.ts',
  code: "import { EventLog } from '@liveline/timeline';\nexport const x = EventLog;\n",
};

const written = [];
let failed = 0;
try {
  for (const p of [...probes, allowed]) {
    const path = resolve(root, p.file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, p.code);
    written.push(path);
  }
  const eslint = new ESLint({ cwd: root });
  const results = await eslint.lintFiles(written);
  for (const r of results) {
    const rel = r.filePath.slice(root.length + 1);
    const hits = r.messages.filter((m) => m.ruleId === 'no-restricted-imports');
    const wanted = rel !== allowed.file;
    if (wanted && hits.length === 0) {
      failed++;
      console.error(`boundary rule missed a violation in ${rel}`);
    } else if (!wanted && hits.length > 0) {
      failed++;
      console.error(`boundary rule refused an allowed import in ${rel}: ${hits[0].message}`);
    } else console.log(`ok ${rel}${wanted ? `: ${hits[0].message}` : ': allowed'}`);
  }
} finally {
  for (const path of written) rmSync(path, { force: true });
}
if (failed) process.exit(1);
console.log('boundary rule: every probe violation refused, the allowed import accepted');
