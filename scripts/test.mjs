#!/usr/bin/env node
// `npm test`: build, unit specs, e2e on PGlite, e2e on PostgreSQL, faults, chaos, browser specs.
// PostgreSQL comes from TEST_DATABASE_URL (default: the machine's server at 127.0.0.1:5432);
// each e2e file creates a fresh database there. Set TEST_POSTGRES=skip to run without it.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const pgUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const steps = [];
const run = (name, cmd, args, env = {}) => {
  const started = Date.now();
  console.log(`\n=== ${name}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  steps.push({ name, ok: r.status === 0, seconds: ((Date.now() - started) / 1000).toFixed(1) });
  return r.status === 0;
};
const jest = (config, extra = []) => ['jest', '--config', config, ...extra];

run('build', 'npm', ['run', 'build', '--silent']);
if (steps[0].ok) {
  // The browser bundles are built by esbuild, which strips types without checking them.
  if (run('typecheck browser code', 'npx', ['tsc', '--noEmit', '-p', 'apps/widget/src/tsconfig.json'])) {
    run('typecheck newsroom app', 'npx', ['tsc', '--noEmit', '-p', 'apps/newsroom/src/tsconfig.json']);
  }
  // ESLint (type-aware), Prettier and the proof that the boundary rule refuses a violation.
  run('lint', 'npm', ['run', 'lint', '--silent']);
  run('unit', 'npx', jest('jest.unit.config.js'));
  // The integrators' own walk of CONTRACT.md, where shared/ sits beside the project.
  if (existsSync('../shared/contract-smoke.mjs')) {
    run('contract smoke on PGlite', 'node', ['scripts/contract-smoke.mjs'], { TEST_DATABASE_URL: '' });
    if (process.env.TEST_POSTGRES !== 'skip')
      run('contract smoke on PostgreSQL', 'node', ['scripts/contract-smoke.mjs'], { TEST_DATABASE_URL: pgUrl });
  }
  run('e2e on PGlite', 'npx', jest('test/jest.e2e.config.js', ['--runInBand']), { TEST_DATABASE_URL: '' });
  if (process.env.TEST_POSTGRES === 'skip') console.log('\n=== e2e on PostgreSQL: skipped (TEST_POSTGRES=skip)');
  else run('e2e on PostgreSQL', 'npx', jest('test/jest.e2e.config.js', ['--runInBand']), { TEST_DATABASE_URL: pgUrl });
  // Faults restart the machine's PostgreSQL (root, as CI runs), so nothing else may use it then.
  run('faults and fuzz on PGlite', 'npx', jest('test/jest.faults.config.js', ['--runInBand']), {
    TEST_DATABASE_URL: '',
  });
  if (process.env.TEST_POSTGRES !== 'skip')
    run('faults and fuzz on PostgreSQL', 'npx', jest('test/jest.faults.config.js', ['--runInBand']), {
      TEST_DATABASE_URL: pgUrl,
    });
  // The multi-process specs again with DATABASE_URL through PgBouncer (transaction pooling), and
  // four processes behind nginx: test/jest.pgbouncer.config.js starts and checks the pooler.
  if (process.env.TEST_POSTGRES !== 'skip')
    run('multi-process through PgBouncer', 'npx', jest('test/jest.pgbouncer.config.js', ['--runInBand']), {
      TEST_DATABASE_URL: pgUrl,
    });
  // The delivery checker (test/chaos): a minute of randomized faults per backend; it prints its
  // seed (CHAOS_SEED=<n> replays a schedule, CHAOS_MINUTES=<n> soaks). CHAOS=skip leaves it out.
  if (process.env.CHAOS === 'skip') console.log('\n=== chaos: skipped (CHAOS=skip)');
  else {
    run('chaos on PGlite', 'npx', jest('test/jest.chaos.config.js', ['--runInBand']), { TEST_DATABASE_URL: '' });
    if (process.env.TEST_POSTGRES !== 'skip')
      run('chaos on PostgreSQL', 'npx', jest('test/jest.chaos.config.js', ['--runInBand']), {
        TEST_DATABASE_URL: pgUrl,
      });
  }
  const browserSpecs =
    existsSync('test/browser') && readdirSync('test/browser').some((f) => f.endsWith('.browser-spec.ts'));
  if (browserSpecs)
    run('browser', 'npx', jest('test/jest.browser.config.js', ['--runInBand']), { TEST_DATABASE_URL: '' });
}

console.log('\n=== summary');
for (const s of steps) console.log(`${s.ok ? 'ok  ' : 'FAIL'} ${s.name} (${s.seconds} s)`);
const failed = steps.filter((s) => !s.ok).length;
console.log(`${steps.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
