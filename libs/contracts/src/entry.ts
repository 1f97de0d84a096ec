export const ENTRY_STATUSES = ['published', 'draft', 'scheduled', 'submitted'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

export interface Author {
  id: string;
  name: string;
}

export interface Entry {
  id: string;
  storyId: string;
  headline: string;
  /** Sanitized HTML. */
  body: string;
  occurredAt: string;
  publishedAt: string | null;
  updatedAt: string;
  keyEvent: boolean;
  pinned: boolean;
  status: EntryStatus;
  scheduledAt: string | null;
  author: Author;
  version: number;
}

export interface EntryPage {
  items: Entry[];
  nextCursor: string | null;
  seq: number;
}

export interface EntryRevision {
  entryId: string;
  version: number;
  /** created, edited, published, unpublished, deleted, pinned, unpinned, scheduled, submitted */
  action: string;
  headline: string;
  body: string;
  status: EntryStatus;
  keyEvent: boolean;
  pinned: boolean;
  occurredAt: string;
  scheduledAt: string | null;
  actor: Author;
  at: string;
}
