import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Entry, EntryPage, EntryRevision, EntryStatus, Story, StoryStatus } from '@liveline/contracts';
import type { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from '../entries/cursor';
import { EntryEntity, toEntry } from '../entries/entry.entity';
import { findEntry } from '../entries/entry-locator';
import { RevisionEntity } from '../entries/revision.entity';
import { EventLog } from '../events/event-log';
import { findStory } from '../stories/story-locator';
import { isPublicStory, StoryEntity, toStory } from '../stories/story.entity';
import { TimelineException } from '../timeline.exception';

export interface ReadOptions {
  /** A signed-in newsroom user: drafts and unpublished entries are visible. */
  newsroom?: boolean;
}

export const DEFAULT_PAGE = 20;
const FIRST_PAGES = 1000;

// Every read of stories and entries, for the API, the pages and the feeds.
@Injectable()
export class TimelineReader {
  // First pages of public timelines, reused while the story's seq is unchanged: every public
  // change bumps it in its own transaction, so a hit is what a fresh read would return. The
  // seq comes with the story row the caller just read. Shared objects: treat as read-only.
  private readonly firstPages = new Map<string, EntryPage>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly log: EventLog,
  ) {}

  async findStory(ref: string, opts: ReadOptions = {}): Promise<Story> {
    const story = await findStory(this.db.manager, ref);
    if (!opts.newsroom && !isPublicStory(story)) throw TimelineException.storyNotFound(ref);
    return toStory(story);
  }

  async listStories(status: StoryStatus | undefined, opts: ReadOptions = {}): Promise<Story[]> {
    const qb = this.db.getRepository(StoryEntity).createQueryBuilder('s').orderBy('s.updated_at', 'DESC').limit(500);
    if (status) qb.where('s.status = :status', { status });
    if (!opts.newsroom) qb.andWhere(`s.status <> 'draft'`);
    return (await qb.getMany()).map(toStory);
  }

  /** Newest first by publishedAt; newsroom callers may ask for other statuses (newest change first). */
  async listEntries(
    story: Story,
    q: { limit?: number; before?: string; status?: EntryStatus | 'all' } = {},
  ): Promise<EntryPage> {
    const limit = q.limit ?? DEFAULT_PAGE;
    const status = q.status ?? 'published';
    const cacheKey = status === 'published' && !q.before ? `${story.id}:${limit}` : null;
    const hit = cacheKey ? this.firstPages.get(cacheKey) : undefined;
    if (hit && hit.seq === story.seq) return hit;
    // The seq first, the rows after: the page is never older than its seq, so a reader that
    // follows from it misses nothing (at most it sees again an entry it already has).
    const seq = await this.headSeq(story.id);
    const qb = this.db
      .getRepository(EntryEntity)
      .createQueryBuilder('e')
      .leftJoin('e.author', 'a')
      .addSelect(['a.id', 'a.name'])
      .where('e.story_id = :storyId AND e.deleted_at IS NULL', { storyId: story.id })
      .limit(limit + 1);
    if (status === 'published') {
      qb.andWhere(`e.status = 'published'`).orderBy('e.published_at', 'DESC').addOrderBy('e.id', 'DESC');
      if (q.before) {
        const c = decodeCursor(q.before);
        qb.andWhere('(e.published_at, e.id) < (:at, :id)', { at: c.at, id: c.id });
      }
    } else {
      if (status !== 'all') qb.andWhere('e.status = :status', { status });
      qb.orderBy('e.updated_at', 'DESC').addOrderBy('e.id', 'DESC');
      if (q.before) {
        const c = decodeCursor(q.before);
        qb.andWhere('(e.updated_at, e.id) < (:at, :id)', { at: c.at, id: c.id });
      }
    }
    const rows = await qb.getMany();
    const more = rows.length > limit;
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const nextCursor =
      more && last
        ? encodeCursor({ at: status === 'published' ? last.publishedAt! : last.updatedAt, id: last.id })
        : null;
    const page = { items: items.map((e) => toEntry(e)), nextCursor, seq };
    // Only a page read with no change since the story row is known to match its seq.
    if (cacheKey && seq === story.seq) {
      this.firstPages.delete(cacheKey);
      if (this.firstPages.size >= FIRST_PAGES) this.firstPages.delete(this.firstPages.keys().next().value!);
      this.firstPages.set(cacheKey, page);
    }
    return page;
  }

  async findEntry(story: Story, id: string, opts: ReadOptions = {}): Promise<Entry> {
    const entry = await findEntry(this.db.manager, story.id, id);
    if (!opts.newsroom && entry.status !== 'published') throw TimelineException.entryNotFound(id);
    return toEntry(entry);
  }

  async keyEvents(storyId: string, limit = 50): Promise<Entry[]> {
    const rows = await this.db
      .getRepository(EntryEntity)
      .createQueryBuilder('e')
      .leftJoinAndSelect('e.author', 'a')
      .where(`e.story_id = :storyId AND e.status = 'published' AND e.deleted_at IS NULL AND e.key_event`, { storyId })
      .orderBy('e.published_at', 'DESC')
      .take(limit)
      .getMany();
    return rows.map((e) => toEntry(e));
  }

  async pinnedEntry(storyId: string): Promise<Entry | null> {
    const row = await this.db
      .getRepository(EntryEntity)
      .createQueryBuilder('e')
      .leftJoinAndSelect('e.author', 'a')
      .where(`e.story_id = :storyId AND e.status = 'published' AND e.deleted_at IS NULL AND e.pinned`, { storyId })
      .getOne();
    return row ? toEntry(row) : null;
  }

  async revisions(story: Story, entryId: string): Promise<EntryRevision[]> {
    await findEntry(this.db.manager, story.id, entryId);
    const rows = await this.db
      .getRepository(RevisionEntity)
      .createQueryBuilder('r')
      .leftJoin('users', 'u', 'u.id = r.actor_id')
      .select([
        'r.version AS version',
        'r.actor_id AS actor_id',
        'u.name AS actor_name',
        'r.at AS at',
        'r.action AS action',
        'r.snapshot AS snapshot',
      ])
      .where('r.entry_id = :entryId', { entryId })
      .orderBy('r.version', 'DESC')
      .getRawMany<{
        version: number;
        actor_id: string;
        actor_name: string | null;
        at: Date;
        action: string;
        snapshot: Entry;
      }>();
    return rows.map((r) => ({
      entryId,
      version: Number(r.version),
      action: r.action,
      headline: r.snapshot.headline,
      body: r.snapshot.body,
      status: r.snapshot.status,
      keyEvent: r.snapshot.keyEvent,
      pinned: r.snapshot.pinned,
      occurredAt: r.snapshot.occurredAt,
      scheduledAt: r.snapshot.scheduledAt,
      actor: { id: r.actor_id, name: r.actor_name ?? '' },
      at: new Date(r.at).toISOString(),
    }));
  }

  headSeq(storyId: string): Promise<number> {
    return this.log.committedHead(storyId);
  }
}
