import type { Entry, TimelineEvent } from '@liveline/contracts';
import type { ResumingReader } from './resuming-reader';

async function getJson<T>(url: string): Promise<T> {
  const r = await fetch(url);
  if (r.status !== 200) throw new Error(`GET ${url}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

/** The whole public event log of a story, through the HTTP twin. */
export async function eventLog(base: string, story: string): Promise<{ events: TimelineEvent[]; seq: number }> {
  const events: TimelineEvent[] = [];
  let seq: number;
  for (;;) {
    const page = await getJson<{ events: TimelineEvent[]; seq: number; resync?: boolean }>(`${base}/api/stories/${story}/events?since=${events.at(-1)?.seq ?? 0}&limit=1000`);
    if (page.resync) throw new Error('the log asked for a resync');
    seq = page.seq;
    events.push(...page.events);
    if (page.events.length === 0 || events.at(-1)!.seq >= page.seq) return { events, seq };
  }
}

/** Every published entry of a story, newest first, through the paged list. */
export async function publishedEntries(base: string, story: string): Promise<Entry[]> {
  const all: Entry[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Entry[]; nextCursor: string | null } = await getJson(`${base}/api/stories/${story}/entries?limit=100${cursor ? `&before=${encodeURIComponent(cursor)}` : ''}`);
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
export async function createLiveStory(base: string, token: string, title: string): Promise<{ id: string; slug: string }> {
  const r = await fetch(`${base}/api/stories`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ title, status: 'live' }) });
  if (r.status !== 201) throw new Error(`create story: ${r.status} ${await r.text()}`);
  return (await r.json()) as { id: string; slug: string };
}
