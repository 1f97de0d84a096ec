import type { Story } from '@liveline/contracts';
import { readerTimeZone } from '@liveline/pages/markup';

// A reader who switched to their own clock keeps it on every story (on this site), until they switch back.
const KEY = 'liveline.clock';

export function prefersReaderClock(): boolean {
  try {
    return localStorage.getItem(KEY) === 'reader';
  } catch {
    // Storage may be blocked (third-party frames, privacy modes): the story's zone then.
    return false;
  }
}

export function setPrefersReaderClock(on: boolean): void {
  try {
    if (on) localStorage.setItem(KEY, 'reader');
    else localStorage.removeItem(KEY);
  } catch {
    // The choice then lasts for this page only.
  }
}

/** The zone absolute times are shown in: the reader's when they chose it, else the story's. */
export function clockZone(story: Pick<Story, 'timeZone'>, readerClock = prefersReaderClock()): string {
  return readerClock ? readerTimeZone() : story.timeZone || 'UTC';
}
