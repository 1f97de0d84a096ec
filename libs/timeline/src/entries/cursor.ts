import { TimelineException, TimelineExceptionCode } from '../timeline.exception';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface EntryCursor {
  publishedAt: Date;
  id: string;
}

// Opaque to clients: the position (published_at, id) of the last entry on the page.
export function encodeCursor(c: EntryCursor): string {
  return Buffer.from(`${c.publishedAt.toISOString()}|${c.id}`).toString('base64url');
}

export function decodeCursor(raw: string): EntryCursor {
  const bad = () => new TimelineException(TimelineExceptionCode.BadCursor, 'before must be a cursor returned as nextCursor');
  if (raw.length > 200 || !/^[A-Za-z0-9_-]+$/.test(raw)) throw bad();
  const [at, id, extra] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  const publishedAt = new Date(at);
  if (extra !== undefined || !id || !UUID.test(id) || Number.isNaN(publishedAt.getTime()) || publishedAt.toISOString() !== at) throw bad();
  return { publishedAt, id };
}
