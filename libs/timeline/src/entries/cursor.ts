import { TimelineException, TimelineExceptionCode } from '../timeline.exception';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface EntryCursor {
  /** The sort time of the last entry on the page: published_at for the public list, updated_at for the newsroom's. */
  at: Date;
  id: string;
}

// Opaque to clients: the position (sort time, id) of the last entry on the page. The encoding
// never named the field, so cursors handed out before the rename still decode.
export function encodeCursor(c: EntryCursor): string {
  return Buffer.from(`${c.at.toISOString()}|${c.id}`).toString('base64url');
}

export function decodeCursor(raw: string): EntryCursor {
  const bad = () =>
    new TimelineException(TimelineExceptionCode.BadCursor, 'before must be a cursor returned as nextCursor');
  if (raw.length > 200 || !/^[A-Za-z0-9_-]+$/.test(raw)) throw bad();
  const [at, id, extra] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  const time = new Date(at);
  if (extra !== undefined || !id || !UUID.test(id) || Number.isNaN(time.getTime()) || time.toISOString() !== at)
    throw bad();
  return { at: time, id };
}
