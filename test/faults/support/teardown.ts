import type { RunningServer } from '../../support/server';
import { closeReaders } from './resuming-reader';
import { abortWriters } from './writer';

/** After the file, pass or fail: no reader, writer or server process left behind. */
export function cleanUpAfterAll(servers: () => (RunningServer | undefined)[]): void {
  afterAll(async () => {
    closeReaders();
    await abortWriters();
    // Let closing polling readers send their last request before their servers go.
    await new Promise((r) => setTimeout(r, 300));
    await Promise.all(servers().flatMap((s) => (s ? [s.kill()] : [])));
  });
}
