import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirInUseError, lockDataDir } from './data-dir-lock';

// Another process that tries the lock and prints what it got; with `killed`, it keeps running
// once it holds the lock until it is killed with SIGKILL.
function tryInAnotherProcess(dir: string, { killed = false } = {}): Promise<string> {
  const script = `
    require('ts-node/register/transpile-only');
    require(${JSON.stringify(join(__dirname, 'data-dir-lock.ts'))}).lockDataDir(${JSON.stringify(dir)})
      .then(() => { console.log('locked'); if (${killed}) setInterval(() => {}, 1000); },
            (e) => console.log(e.constructor.name));`;
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (killed && out.includes('locked')) child.kill('SIGKILL');
    });
    child.on('error', fail);
    child.on('exit', () => done(out.trim()));
  });
}

describe('lockDataDir', () => {
  it('lets one process hold a data dir, and refuses a second one while the first lives', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'liveline-lock-'));
    await lockDataDir(dir);
    await expect(lockDataDir(dir)).resolves.toBeUndefined(); // the holder asking again
    expect(await tryInAnotherProcess(dir)).toBe('DataDirInUseError');
    expect(await tryInAnotherProcess(mkdtempSync(join(tmpdir(), 'liveline-lock-')))).toBe('locked');
  });

  it('frees the lock when its holder ends, kill -9 included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'liveline-lock-'));
    expect(await tryInAnotherProcess(dir)).toBe('locked'); // it exited
    expect(await tryInAnotherProcess(dir, { killed: true })).toBe('locked'); // it was killed
    await expect(lockDataDir(dir)).resolves.toBeUndefined();
  });

  it('names the directory and the ways out in its message', () => {
    expect(new DataDirInUseError('/data').message).toMatch(/DATA_DIR \/data is in use.*DATABASE_URL/s);
  });
});
