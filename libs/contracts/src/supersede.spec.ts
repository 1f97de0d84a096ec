import type { Entry } from './entry';
import type { Story } from './story';
import type { TimelineEvent } from './event';
import { supersede } from './supersede';

const entry = (id: string, body: string, version: number) =>
  ({ id, body, version, headline: body }) as unknown as Entry;
const ev = (seq: number, type: TimelineEvent['type'], more: Partial<TimelineEvent> = {}): TimelineEvent => ({
  seq,
  type,
  storyId: 's',
  at: 't',
  ...more,
});

describe('supersede', () => {
  it('gives earlier events of a corrected entry its current content and leaves other entries alone', () => {
    const corrected = ev(5, 'entry.updated', { entry: entry('a', 'new', 2) });
    expect(supersede(ev(1, 'entry.published', { entry: entry('a', 'old', 1) }), corrected).entry?.body).toBe('new');
    expect(supersede(ev(2, 'entry.published', { entry: entry('b', 'other', 1) }), corrected).entry?.body).toBe('other');
  });

  it('strips earlier events of a deleted entry to a bare entry.deleted at the same seq', () => {
    const deleted = ev(7, 'entry.deleted', { entryId: 'a' });
    expect(supersede(ev(3, 'entry.updated', { entry: entry('a', 'secret', 2) }), deleted)).toEqual({
      seq: 3,
      type: 'entry.deleted',
      storyId: 's',
      at: 't',
      entryId: 'a',
    });
  });

  it('never touches the event itself or later ones', () => {
    const corrected = ev(5, 'entry.updated', { entry: entry('a', 'new', 2) });
    const later = ev(6, 'entry.updated', { entry: entry('a', 'newer', 3) });
    expect(supersede(later, corrected)).toBe(later);
  });

  it('carries a public story title into earlier story.updated events, but not a draft one', () => {
    const story = (title: string, status: Story['status']) => ({ title, summary: '', status }) as Story;
    const earlier = ev(1, 'story.updated', { story: story('Old', 'live') });
    expect(supersede(earlier, ev(4, 'story.updated', { story: story('New', 'live') })).story?.title).toBe('New');
    expect(supersede(earlier, ev(4, 'story.updated', { story: story('Embargoed', 'draft') })).story?.title).toBe('Old');
  });
});
