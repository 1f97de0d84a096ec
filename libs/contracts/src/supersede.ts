import type { TimelineEvent } from './event';

/**
 * Only what is public now is public: what an earlier event of the log becomes once `latest`
 * is appended. An entry's correction replaces the entry carried by its earlier events with
 * its current content; its deletion (or unpublish) strips them to a bare `entry.deleted`, so
 * their seq stays in the log (no gap) but no text does. A public story's change carries its
 * current title and summary into its earlier `story.updated` events.
 *
 * EventLog.append (libs/timeline) applies the same rule to the stored log in the same transaction; the
 * in-memory tails (StoryFeed) apply this function to each event they accept.
 */
export function supersede(earlier: TimelineEvent, latest: TimelineEvent): TimelineEvent {
  if (earlier.seq >= latest.seq) return earlier;
  const entryId = latest.entryId ?? latest.entry?.id;
  if (entryId && (earlier.entryId ?? earlier.entry?.id) === entryId) {
    if (latest.type === 'entry.updated' && earlier.entry) return { ...earlier, entry: latest.entry };
    if (latest.type === 'entry.deleted' && earlier.type !== 'entry.deleted') {
      return { seq: earlier.seq, type: 'entry.deleted', storyId: earlier.storyId, at: earlier.at, entryId };
    }
    return earlier;
  }
  if (
    latest.type === 'story.updated' &&
    earlier.type === 'story.updated' &&
    latest.story &&
    earlier.story &&
    latest.story.status !== 'draft'
  ) {
    return { ...earlier, story: { ...earlier.story, title: latest.story.title, summary: latest.story.summary } };
  }
  return earlier;
}

/** Whether appending `latest` can change earlier events at all (most appends cannot). */
export const supersedes = (latest: TimelineEvent): boolean =>
  latest.type === 'entry.updated' ||
  latest.type === 'entry.deleted' ||
  (latest.type === 'story.updated' && latest.story?.status !== 'draft');
