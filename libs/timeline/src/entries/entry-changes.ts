import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@liveline/accounts';
import type { Entry, StoryStatus } from '@liveline/contracts';
import { sqlPartOf } from '@liveline/core';
import type { EntityManager } from 'typeorm';
import { EventLog } from '../events/event-log';
import { EntryEntity, toEntry } from './entry.entity';
import { publicEventOf } from './public-event';
import { RevisionEntity } from './revision.entity';

export type EntryAction =
  'created' | 'edited' | 'published' | 'unpublished' | 'deleted' | 'pinned' | 'unpinned' | 'scheduled' | 'submitted';

const CREATED_AS: Record<EntryEntity['status'], string> = {
  published: 'published',
  draft: 'drafted',
  submitted: 'submitted',
  scheduled: 'scheduled',
};

// Everything that must happen in the same transaction as any change to an entry: the row,
// its revision, its public event, the newsroom notice and the audit record. A draft story's
// readers get nothing of it: its entries' changes make no public event until the story is
// public again (then UpdateStory appends what brings its followers to the current state).
@Injectable()
export class EntryChanges {
  constructor(
    private readonly events: EventLog,
    private readonly audit: AuditTrail,
  ) {}

  async record(
    m: EntityManager,
    change: {
      story: { status: StoryStatus };
      before: EntryEntity | null;
      after: EntryEntity;
      authorName: string;
      actorId: string;
      action: EntryAction;
      details?: Record<string, unknown>;
    },
  ): Promise<Entry> {
    const { before, after, actorId, action } = change;
    const { author: _author, ...row } = after;
    const entry = toEntry(after, change.authorName);
    // The row, its revision and its audit record are CTEs of the event's own statement: with
    // the story lock before it and the transaction around it, a publish is four round trips.
    const writes = [
      sqlPartOf(
        before
          ? m.createQueryBuilder().update(EntryEntity).set(row).where('id = :id', { id: after.id })
          : m.createQueryBuilder().insert().into(EntryEntity).values(row).updateEntity(false),
      ),
      sqlPartOf(
        m
          .createQueryBuilder()
          .insert()
          .into(RevisionEntity)
          .values({ entryId: after.id, version: after.version, actorId, at: after.updatedAt, action, snapshot: entry })
          .updateEntity(false),
      ),
      // Every change is audited, drafts, submissions and schedules included; a creation is named by what it created.
      this.audit.recordPart(m, {
        actorId,
        action: `entry.${action === 'created' ? CREATED_AS[after.status] : action}`,
        targetType: 'entry',
        targetId: after.id,
        details: { storyId: after.storyId, version: after.version, status: after.status, ...change.details },
      }),
    ];
    const type = change.story.status === 'draft' ? null : publicEventOf(before, after);
    const newsroom = {
      storyId: after.storyId,
      entryId: after.id,
      version: after.version,
      status: after.deletedAt ? 'deleted' : after.status,
    };
    // The newsroom's notice rides in the same statement too.
    if (type === 'entry.deleted')
      await this.events.append(m, after.storyId, { type, entryId: after.id }, newsroom, writes);
    else if (type) await this.events.append(m, after.storyId, { type, entry }, newsroom, writes);
    else await this.events.notifyNewsroom(m, newsroom, writes);
    return entry;
  }

  // One pinned entry per story: pinning one unpins the other, which is a change of its own.
  async unpinOthers(
    m: EntityManager,
    story: { id: string; status: StoryStatus },
    keepId: string,
    actorId: string,
    now: Date,
  ): Promise<void> {
    const storyId = story.id;
    const pinned = await m
      .getRepository(EntryEntity)
      .createQueryBuilder('e')
      .leftJoinAndSelect('e.author', 'a')
      .where('e.story_id = :storyId AND e.pinned AND e.deleted_at IS NULL AND e.id <> :keepId', { storyId, keepId })
      .getMany();
    for (const other of pinned) {
      const after = Object.assign(new EntryEntity(), other, {
        pinned: false,
        version: other.version + 1,
        updatedAt: now,
      });
      await this.record(m, {
        story,
        before: other,
        after,
        authorName: other.author?.name ?? '',
        actorId,
        action: 'unpinned',
      });
    }
  }

  /**
   * A story public again after being a draft: its followers still show it as it was when it
   * left. For every entry whose public state differs from what its log says (published,
   * corrected, unpublished or deleted meanwhile), append the event that brings them to the
   * current state, so a follower ends up showing what a fresh page load shows.
   */
  async republish(m: EntityManager, storyId: string): Promise<void> {
    const logged: { entry_id: string; type: string; version: number | null }[] = await m.query(
      `SELECT DISTINCT ON (entry_id) entry_id, type, (payload->'entry'->>'version')::int AS version
       FROM events WHERE story_id = $1 AND entry_id IS NOT NULL ORDER BY entry_id, seq DESC`,
      [storyId],
    );
    const shown = new Map(logged.filter((l) => l.type !== 'entry.deleted').map((l) => [l.entry_id, Number(l.version)]));
    const rows = await m
      .getRepository(EntryEntity)
      .createQueryBuilder('e')
      .leftJoinAndSelect('e.author', 'a')
      .where('e.story_id = :storyId', { storyId })
      .orderBy('e.published_at', 'ASC', 'NULLS LAST')
      .addOrderBy('e.id', 'ASC')
      .getMany();
    for (const row of rows) {
      const isPublic = row.status === 'published' && !row.deletedAt;
      const version = shown.get(row.id);
      if (isPublic && version === undefined)
        await this.events.append(m, storyId, { type: 'entry.published', entry: toEntry(row) });
      else if (isPublic && version !== row.version)
        await this.events.append(m, storyId, { type: 'entry.updated', entry: toEntry(row) });
      else if (!isPublic && version !== undefined)
        await this.events.append(m, storyId, { type: 'entry.deleted', entryId: row.id });
    }
  }
}
