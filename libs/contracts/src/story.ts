export const STORY_STATUSES = ['draft', 'live', 'ended'] as const;
export type StoryStatus = (typeof STORY_STATUSES)[number];
export type Direction = 'rtl' | 'ltr';

export interface Story {
  id: string;
  slug: string;
  title: string;
  summary: string;
  language: string;
  direction: Direction;
  /** IANA time zone readers see times in (`Europe/Kyiv`), labelled. */
  timeZone: string;
  status: StoryStatus;
  coverageStartedAt: string | null;
  coverageEndedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** The story's latest public event number. */
  seq: number;
  /** v1.1: the cover image's media id (og:image, LiveBlogPosting image), and the path of its largest rendition. */
  coverImage?: string | null;
  coverImageUrl?: string | null;
}

export interface StoryList {
  items: Story[];
}
