import type { Entry, TimelineEvent } from '@liveline/contracts';
import { Client } from 'pg';
import type { ResumingReader } from './resuming-reader';

async function getJson<T>(url: string): Promise<T> {
  const r = await fetch(url);
  if (r.status !== 200) throw new Error(`GET ${url}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

/**
 * The whole public event log of a story. On PostgreSQL (`databaseUrl`) it is read from the
 * database itself, not from a server's in-memory tail that the test means to check; on PGlite
 * the server process owns the files, so it is paged through the HTTP twin.
 */
export async function eventLog(
  base: string,
  story: string,
  databaseUrl?: string,
): Promise<{ events: TimelineEvent[]; seq: number }> {
  if (databaseUrl) return storedLog(databaseUrl, story);
  const events: TimelineEvent[] = [];
  let seq: number;
  for (;;) {
    const page = await getJson<{ events: TimelineEvent[]; seq: number; resync?: boolean }>(
      `${base}/api/stories/${story}/events?since=${events.at(-1)?.seq ?? 0}&limit=1000`,
    );
    if (page.resync) throw new Error('the log asked for a resync');
    seq = page.seq;
    events.push(...page.events);
    if (page.events.length === 0 || events.at(-1)!.seq >= page.seq) return { events, seq };
  }
}

async function storedLog(databaseUrl: string, story: string): Promise<{ events: TimelineEvent[]; seq: number }> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    // One snapshot for both.
    await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    const id = (
      await db.query<{ id: string; seq: string }>('SELECT id, seq FROM stories WHERE id::text = $1 OR slug = $1', [
        story,
      ])
    ).rows[0];
    if (!id) throw new Error(`no story ${story} in the database`);
    const rows = (
      await db.query<{ payload: TimelineEvent }>('SELECT payload FROM events WHERE story_id = $1 ORDER BY seq', [id.id])
    ).rows;
    await db.query('COMMIT');
    return { events: rows.map((r) => r.payload), seq: Number(id.seq) };
  } finally {
    await db.end();
  }
}

/** Every published entry of a story, newest first, through the paged list. */
export async function publishedEntries(base: string, story: string): Promise<Entry[]> {
  const all: Entry[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Entry[]; nextCursor: string | null } = await getJson(
      `${base}/api/stories/${story}/entries?limit=100${cursor ? `&before=${encodeURIComponent(cursor)}` : ''}`,
    );
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

export const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** The reader saw exactly events 1..n, in order, once each. */
export function expectExactly(reader: ResumingReader, n: number): void {
  expect(reader.problems).toEqual([]);
  expect(reader.seqs()).toEqual(oneTo(n));
}

/** A live story to write to, created through the API. */
export async function createLiveStory(
  base: string,
  token: string,
  title: string,
): Promise<{ id: string; slug: string }> {
  const r = await fetch(`${base}/api/stories`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ title, status: 'live' }),
  });
  if (r.status !== 201) throw new Error(`create story: ${r.status} ${await r.text()}`);
  return (await r.json()) as { id: string; slug: string };
}
