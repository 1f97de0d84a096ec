import type { EntryStatus, EventType } from '@liveline/contracts';

type Visibility = { status: EntryStatus; deletedAt: Date | null };

const isPublic = (e: Visibility) => e.status === 'published' && !e.deletedAt;

/** Which public event, if any, a change of an entry from `before` to `after` makes. */
export function publicEventOf(before: Visibility | null, after: Visibility): EventType | null {
  const was = before ? isPublic(before) : false;
  const is = isPublic(after);
  if (!was && is) return 'entry.published';
  if (was && is) return 'entry.updated';
  if (was && !is) return 'entry.deleted';
  return null;
}
