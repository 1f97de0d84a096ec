import type { Entry } from './entry';
import type { Story } from './story';

export const EVENT_TYPES = ['entry.published', 'entry.updated', 'entry.deleted', 'story.updated'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** One public change of a story; `seq` is per story, gap-free from 1. */
export interface TimelineEvent {
  seq: number;
  type: EventType;
  storyId: string;
  at: string;
  entry?: Entry;
  entryId?: string;
  story?: Story;
}

export interface EventPage {
  events: TimelineEvent[];
  seq: number;
  /** Set when `since` is older than the replay window: reload the entries instead. */
  resync?: boolean;
}
