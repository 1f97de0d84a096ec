import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@liveline/accounts';
import { roleAtLeast, type Entry, type EntryStatus } from '@liveline/contracts';
import type { DataSource } from 'typeorm';
import { findStory } from '../../stories/story-locator';
import { TimelineException, TimelineExceptionCode } from '../../timeline.exception';
import type { UpdateEntryDto } from '../entry.dto';
import { EntryChanges, type EntryAction } from '../entry-changes';
import { EntryEntity, toEntry } from '../entry.entity';
import { findEntry } from '../entry-locator';
import { plainText } from '../sanitize-body';
import { checkSchedule, requireBody } from './create-entry.usecase';

const UNPUBLISHED_BY_CONTRIBUTOR: EntryStatus[] = ['draft', 'submitted'];

export function checkVersion(entry: EntryEntity, ifMatch: number | undefined): void {
  if (ifMatch === undefined) return;
  if (Number.isNaN(ifMatch))
    throw new TimelineException(
      TimelineExceptionCode.BadIfMatch,
      'If-Match must be the entry version in quotes, like "3"',
    );
  if (ifMatch !== entry.version) {
    throw new TimelineException(
      TimelineExceptionCode.StaleVersion,
      `The entry is at version ${entry.version}, not ${ifMatch}: reload it and apply your change again`,
      {
        currentVersion: entry.version,
        current: toEntry(entry),
      },
    );
  }
}

function actionOf(before: EntryEntity, after: EntryEntity): EntryAction {
  if (before.status !== after.status) {
    if (after.status === 'published') return 'published';
    if (before.status === 'published') return 'unpublished';
    if (after.status === 'scheduled') return 'scheduled';
    if (after.status === 'submitted') return 'submitted';
  }
  if (before.pinned !== after.pinned) return after.pinned ? 'pinned' : 'unpinned';
  return 'edited';
}

@Injectable()
export class UpdateEntry {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly changes: EntryChanges,
  ) {}

  async execute(ref: string, id: string, patch: UpdateEntryDto, actor: Actor, ifMatch?: number): Promise<Entry> {
    const body = patch.body !== undefined ? requireBody(patch.body) : undefined;
    return this.db.transaction(async (m) => {
      const story = await findStory(m, ref, { lock: true });
      const before = await findEntry(m, story.id, id, { lock: true });
      this.authorize(before, patch, actor);
      checkVersion(before, ifMatch);
      const now = new Date();
      const after = Object.assign(new EntryEntity(), before);
      if (body !== undefined) after.body = body;
      if (patch.headline !== undefined) after.headline = plainText(patch.headline);
      if (patch.occurredAt !== undefined)
        after.occurredAt = patch.occurredAt === null ? null : new Date(patch.occurredAt);
      if (patch.keyEvent !== undefined) after.keyEvent = patch.keyEvent;
      if (patch.pinned !== undefined) after.pinned = patch.pinned;
      this.applyStatus(after, patch, now);
      if (!changed(before, after)) return toEntry(before);
      after.version = before.version + 1;
      after.updatedAt = now;
      // Only pinning this entry, asked for in this request, unpins another: approving or
      // publishing an entry never does it as a side effect.
      if (patch.pinned === true && !before.pinned) await this.changes.unpinOthers(m, story, after.id, actor.id, now);
      return this.changes.record(m, {
        story,
        before,
        after,
        authorName: before.author?.name ?? '',
        actorId: actor.id,
        action: actionOf(before, after),
      });
    });
  }

  private authorize(entry: EntryEntity, patch: UpdateEntryDto, actor: Actor) {
    if (roleAtLeast(actor.role, 'editor')) return;
    if (entry.authorId !== actor.id)
      throw new TimelineException(TimelineExceptionCode.NotYourEntry, 'Contributors may edit only their own entries');
    if (!UNPUBLISHED_BY_CONTRIBUTOR.includes(entry.status))
      throw new TimelineException(
        TimelineExceptionCode.NotYourEntry,
        'Only an editor may change an entry once it is published or scheduled',
      );
    if (patch.status !== undefined && !UNPUBLISHED_BY_CONTRIBUTOR.includes(patch.status)) {
      throw new TimelineException(
        TimelineExceptionCode.StatusNotAllowed,
        'Contributors may set status draft or submitted only',
      );
    }
    if (patch.pinned || patch.keyEvent || patch.scheduledAt)
      throw new TimelineException(
        TimelineExceptionCode.StatusNotAllowed,
        'Pinning, key events and scheduling are for editors',
      );
  }

  private applyStatus(after: EntryEntity, patch: UpdateEntryDto, now: Date) {
    const status = patch.status ?? after.status;
    let scheduledAt = after.scheduledAt;
    if (patch.scheduledAt !== undefined) scheduledAt = patch.scheduledAt === null ? null : new Date(patch.scheduledAt);
    if (status === 'scheduled') {
      // Moving a schedule, or scheduling now: either way it must lie ahead.
      if (patch.scheduledAt !== undefined || after.status !== 'scheduled')
        after.scheduledAt = checkSchedule(scheduledAt, now);
    } else if (patch.scheduledAt) {
      throw new TimelineException(TimelineExceptionCode.InvalidSchedule, 'scheduledAt goes with status scheduled');
    } else if (status !== 'published') {
      after.scheduledAt = null;
    }
    if (status === 'published' && after.status !== 'published') after.publishedAt ??= now;
    after.status = status;
  }
}

const FIELDS = ['headline', 'body', 'keyEvent', 'pinned', 'status'] as const;
const DATES = ['occurredAt', 'scheduledAt', 'publishedAt'] as const;

function changed(a: EntryEntity, b: EntryEntity): boolean {
  return (
    FIELDS.some((f) => a[f] !== b[f]) || DATES.some((f) => (a[f]?.getTime() ?? null) !== (b[f]?.getTime() ?? null))
  );
}
