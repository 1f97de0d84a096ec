import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * dist/web, the browser bundles scripts/build-web.mjs writes: found from the compiled server
 * wherever it sits (dist/apps/server, dist/out/…, a copy in a container), or from the working
 * directory. `probe` names a file that must be there, so a stray empty folder is passed over.
 */
export function webAssetsDir(probe?: string, from: string = __dirname): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    for (const candidate of [join(dir, 'dist', 'web'), join(dir, 'web')]) {
      if (existsSync(probe ? join(candidate, probe) : candidate)) return candidate;
    }
  }
  return resolve(process.cwd(), 'dist', 'web');
}
