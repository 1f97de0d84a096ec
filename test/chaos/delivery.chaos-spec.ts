import type { Entry, EventPage, Story } from '@liveline/contracts';
import { terminateListeners } from '../faults/support/postgres';
import { createDatabase, usingPostgres } from '../support/database';
import { freshStorage, login, startServer, type RunningServer } from '../support/server';
import { apply, differences, Ledger, type Shown } from './support/ledger';
import { PrivatePostgres } from './support/private-postgres';
import { caughtUp, type ChaosReader, EventsTwinReader, SocketReader } from './support/readers';
import { Rng } from './support/rng';
import { ChaosWriter, StoryDesk } from './support/writers';

// The delivery guarantee, checked under faults: every reader gets every public event exactly
// once, in order, and only what is public now. A run is a randomized schedule (printed seed;
// CHAOS_SEED=<n> replays its choices) of rounds, each one fault while writers and readers of
// every kind go on; then everything the readers recorded is checked.
//   CHAOS_SECONDS (default 60) or CHAOS_MINUTES (the soak): how long the faults go on.
//   CHAOS_PROCESSES (default 2, PostgreSQL only): server processes on one database.
// On PostgreSQL the run gets a private cluster (initdb in a temp dir, free port) that it may
// restart; without root or PostgreSQL binaries it uses TEST_DATABASE_URL and skips that fault.

const seed = Number(process.env.CHAOS_SEED || Math.floor(Math.random() * 2 ** 31));
const durationMs = process.env.CHAOS_MINUTES
  ? Number(process.env.CHAOS_MINUTES) * 60_000
  : Number(process.env.CHAOS_SECONDS || 60) * 1000;
const pg = usingPostgres();
const processes = pg ? Number(process.env.CHAOS_PROCESSES || 2) : 1;
const log = (line: string) => process.stdout.write(`[chaos ${pg ? 'postgres' : 'pglite'}] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Fault = 'restart' | 'kill' | 'listen-drop' | 'pg-restart' | 'reader-drop' | 'quiet';

async function getJson<T>(url: string): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(15_000) });
      if (r.status === 200) return (await r.json()) as T;
      if (i > 20) throw new Error(`GET ${url}: ${r.status} ${await r.text()}`);
    } catch (e) {
      if (i > 20) throw e;
    }
    await sleep(500);
  }
}

describe('delivery under faults (chaos)', () => {
  const rng = new Rng(seed);
  const ledger = new Ledger();
  const slots: (RunningServer | undefined)[] = [];
  const readers: ChaosReader[] = [];
  const writers: ChaosWriter[] = [];
  let privatePg: PrivatePostgres | undefined;
  let storage: { dataDir?: string; databaseUrl?: string };
  let dbName = '';
  let lastBases: string[] = [];
  const env = { FEED_IDLE_EVICT_MS: '300', WRITES_PER_MINUTE: '1000000', LOG_LEVEL: 'error' };

  const bases = () => {
    const up = slots.filter((s): s is RunningServer => !!s).map((s) => s.url);
    if (up.length) lastBases = up;
    return lastBases;
  };

  // A start can time out on a loaded machine or fail while PostgreSQL restarts: tried until it
  // holds (a process that never comes back fails the run here, with what it said).
  const startSlot = async (i: number) => {
    for (let attempt = 1; ; attempt++) {
      try {
        slots[i] = await startServer({ storage, env });
        return;
      } catch (e) {
        const said = (e as Error).message;
        const lines = said.trim().split('\n');
        log(
          `start of process ${i} failed (attempt ${attempt}): ${lines[0]} ${lines.length > 1 ? lines.at(-1)!.slice(0, 300) : ''}`,
        );
        if (attempt >= 10)
          throw new Error(`process ${i} did not start in ${attempt} attempts:\n${said.slice(-3000)}`, { cause: e });
        await sleep(2000);
      }
    }
  };

  afterAll(async () => {
    for (const r of readers) r.close();
    await Promise.all(slots.flatMap((s) => (s ? [s.kill()] : [])));
    privatePg?.stop();
  });

  it('gives every reader every public event once, in order, and only what is public now', async () => {
    log(
      `seed ${seed} (CHAOS_SEED=${seed} replays this schedule), ${durationMs / 1000} s of faults, ${processes} process(es)`,
    );
    if (pg && PrivatePostgres.available()) {
      privatePg = await PrivatePostgres.start();
      dbName = `liveline_chaos_${seed}`;
      storage = { databaseUrl: await privatePg.createDatabase(dbName) };
    } else {
      storage = pg ? { databaseUrl: await createDatabase() } : await freshStorage();
      dbName = pg ? new URL(storage.databaseUrl!).pathname.slice(1) : '';
    }
    await startSlot(0);
    for (let i = 1; i < processes; i++) await startSlot(i);
    const token = await login(bases()[0]);
    const tokens = [token, await login(bases()[0])];

    // Story 0 has HTTP readers only: no socket watches it, so its feed is evicted and reloaded
    // while it is written to. The others have readers of every kind.
    const desks: StoryDesk[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await fetch(`${bases()[0]}/api/stories`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ title: `Chaos ${seed} ${i}`, slug: `chaos-${seed}-${i}`, status: 'live' }),
      });
      expect(r.status).toBe(201);
      desks.push(new StoryDesk((await r.json()) as Story));
    }
    let n = 0;
    const addReader = (kind: 'websocket' | 'polling' | 'events-twin' | 'page-then-subscribe', desk: StoryDesk) => {
      const name = `r${++n}`;
      const r =
        kind === 'events-twin'
          ? new EventsTwinReader(name, desk.story.id, bases, ledger)
          : new SocketReader(name, kind, desk.story.id, bases, ledger);
      readers.push(r);
      r.start();
    };
    for (const [i, desk] of desks.entries()) {
      if (i === 0) {
        addReader('events-twin', desk);
        addReader('events-twin', desk);
        continue;
      }
      for (const kind of ['websocket', 'websocket', 'polling', 'events-twin', 'page-then-subscribe'] as const)
        addReader(kind, desk);
    }
    for (const desk of desks) {
      // Each writer has a generator of its own: the fault schedule's choices do not depend on timing.
      for (const [w, t] of tokens.entries())
        writers.push(new ChaosWriter(desk, t, bases, new Rng(seed + 1 + writers.length), ledger, w === 0));
    }
    writers.forEach((w) => w.start());

    const faults = new Map<Fault, number>();
    const restarting = new Map<number, Promise<void>>();
    const upSince = new Map<number, number>();
    let rounds = 0;
    const started = Date.now();
    let fatal: Error | undefined;
    while (Date.now() - started < durationMs) {
      if (fatal) throw fatal;
      rounds++;
      const fault = rng.weighted<Fault>({
        restart: 2,
        kill: 2,
        'listen-drop': pg ? 2 : 0,
        'pg-restart': privatePg ? 1 : 0,
        'reader-drop': 2,
        quiet: 1,
      });
      let applied = true;
      const slot = rng.int(0, processes - 1);
      switch (fault) {
        case 'restart':
        case 'kill': {
          // A process comes back in the background (starting is slow on a loaded machine) while
          // the rounds go on; on PostgreSQL one process at least stays up.
          const s = slots[slot];
          const up = slots.filter(Boolean).length;
          // A process back up serves a while before it is taken down again.
          if (!s || restarting.has(slot) || Date.now() - (upSince.get(slot) ?? 0) < 8000 || (processes > 1 && up < 2)) {
            applied = false;
            break;
          }
          slots[slot] = undefined;
          restarting.set(
            slot,
            (async () => {
              if (fault === 'kill') await s.kill();
              else await s.stop();
              await startSlot(slot);
              upSince.set(slot, Date.now());
            })()
              .catch((e: Error) => void (fatal ??= e))
              .finally(() => restarting.delete(slot)),
          );
          break;
        }
        case 'listen-drop':
          if (privatePg) await privatePg.dropListeners(dbName);
          else await terminateListeners(storage.databaseUrl!);
          break;
        case 'pg-restart':
          await privatePg!.restart(log);
          break;
        case 'reader-drop':
          for (const r of readers) if (rng.next() < 0.3) r.interrupt();
          break;
        case 'quiet':
          break;
      }
      if (applied) faults.set(fault, (faults.get(fault) ?? 0) + 1);
      // Readers keep arriving: page-then-subscribe as the reader page and widget start, and
      // now and then one replaying the whole history from since 0.
      if (readers.length < 80) {
        addReader('page-then-subscribe', desks[rng.int(1, desks.length - 1)]);
        if (rounds % 3 === 0)
          addReader(rng.pick(['websocket', 'polling'] as const), desks[rng.int(1, desks.length - 1)]);
      }
      await sleep(rng.int(300, 2000));
    }
    log(`faults over after ${rounds} rounds: ${JSON.stringify(Object.fromEntries(faults))}; stopping writers`);
    await Promise.all(writers.map((w) => w.stop()));
    await Promise.all(restarting.values());
    if (fatal) throw fatal;
    for (let i = 0; i < processes; i++) if (!slots[i]) await startSlot(i);

    // The end state: every reader caught up with the head, showing what a fresh page load shows.
    for (const desk of desks) {
      const story = await getJson<Story>(`${bases()[0]}/api/stories/${desk.story.id}`);
      const truth: Entry[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Entry[]; nextCursor: string | null } = await getJson(
          `${bases()[0]}/api/stories/${desk.story.id}/entries?limit=100${cursor ? `&before=${encodeURIComponent(cursor)}` : ''}`,
        );
        truth.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      const ofStory = readers.filter((x) => x.story === desk.story.id);
      const done = await Promise.all(ofStory.map((r) => caughtUp(r, story.seq, 120_000)));
      for (const [i, r] of ofStory.entries()) {
        if (!done[i])
          ledger.violation(
            `${r.name} [${r.kind}] story ${r.story}: stuck at ${r.last} of ${story.seq} (${r.describe()})`,
          );
        for (const d of differences(r.shown, truth)) ledger.violation(`${r.name} [${r.kind}] story ${r.story}: ${d}`);
      }
      // The whole stored log, paged from the database: contiguous, and replaying it shows the
      // story as it is now, with no superseded text anywhere in it.
      const replay: Shown = { entries: new Map() };
      let since = 0;
      for (;;) {
        const page = await getJson<EventPage>(
          `${bases()[0]}/api/stories/${desk.story.id}/events?since=${since}&limit=${rng.int(50, 500)}`,
        );
        if (page.resync) {
          ledger.violation(`story ${desk.story.id}: events API asked for a resync at since ${since}`);
          break;
        }
        for (const e of page.events) {
          if (e.seq !== since + 1) ledger.violation(`story ${desk.story.id}: the log goes from ${since} to ${e.seq}`);
          since = e.seq;
          apply(replay, e);
          const stale = ledger.everSuperseded(JSON.stringify(e));
          if (stale.length)
            ledger.violation(
              `story ${desk.story.id}: the log's seq ${e.seq} ${e.type} still carries superseded text ${stale.join(',')}`,
            );
        }
        if (page.events.length === 0 || since >= page.seq) break;
      }
      if (since !== story.seq)
        ledger.violation(`story ${desk.story.id}: the log ends at ${since}, the story at ${story.seq}`);
      for (const d of differences(replay, truth))
        ledger.violation(`story ${desk.story.id}: replaying the whole log: ${d}`);
    }

    const ops: Record<string, number> = {};
    for (const w of writers) for (const [op, c] of w.ops) ops[op] = (ops[op] ?? 0) + c;
    const writeFailures: Record<string, number> = {};
    for (const w of writers) for (const [st, c] of w.failures) writeFailures[st] = (writeFailures[st] ?? 0) + c;
    // A database outage or a killed process is the service being unavailable (503, or no answer),
    // never a server bug: any other 5xx is a violation.
    for (const [status, count] of Object.entries(writeFailures))
      if (Number(status) >= 500 && status !== '503') ledger.violation(`${count} write(s) answered ${status}`);
    const readRefusals: Record<string, number> = {};
    for (const r of readers) for (const [code, c] of r.refusals) readRefusals[code] = (readRefusals[code] ?? 0) + c;
    const kinds: Record<string, number> = {};
    for (const r of readers) kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
    const summary = {
      seed,
      backend: pg ? 'postgres' : 'pglite',
      processes,
      privatePostgres: !!privatePg,
      seconds: Math.round((Date.now() - started) / 1000),
      rounds,
      faults: Object.fromEntries(faults),
      writes: ops,
      writeFailures,
      readRefusals,
      readers: readers.length,
      readerKinds: kinds,
      eventsReceived: ledger.events,
      violations: ledger.violationCount,
    };
    log(`summary ${JSON.stringify(summary)}`);
    if (ledger.violationCount) {
      log(`violations (first ${ledger.violations.length}):\n  ${ledger.violations.join('\n  ')}`);
      for (const s of slots) if (s) log(`process on ${s.url} said:\n${s.output().slice(-4000)}`);
    }
    expect(ledger.violations).toEqual([]);
  });
});
