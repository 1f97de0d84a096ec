import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@liveline/accounts';
import type { Entry } from '@liveline/contracts';
import type { EntityManager } from 'typeorm';
import { EventLog } from '../events/event-log';
import { EntryEntity, toEntry } from './entry.entity';
import { publicEventOf } from './public-event';
import { RevisionEntity } from './revision.entity';

export type EntryAction = 'created' | 'edited' | 'published' | 'unpublished' | 'deleted' | 'pinned' | 'unpinned' | 'scheduled' | 'submitted';

const CREATED_AS: Record<EntryEntity['status'], string> = { published: 'published', draft: 'drafted', submitted: 'submitted', scheduled: 'scheduled' };

// Everything that must happen in the same transaction as any change to an entry: the row,
// its revision, its public event, the newsroom notice and the audit record.
@Injectable()
export class EntryChanges {
  constructor(
    private readonly events: EventLog,
    private readonly audit: AuditTrail,
  ) {}

  async record(
    m: EntityManager,
    change: { before: EntryEntity | null; after: EntryEntity; authorName: string; actorId: string; action: EntryAction; details?: Record<string, unknown> },
  ): Promise<Entry> {
    const { before, after, actorId, action } = change;
    const { author: _author, ...row } = after;
    if (before) await m.update(EntryEntity, { id: after.id }, row);
    else await m.insert(EntryEntity, row);
    const entry = toEntry(after, change.authorName);
    await m.insert(RevisionEntity, { entryId: after.id, version: after.version, actorId, at: after.updatedAt, action, snapshot: entry });
    const type = publicEventOf(before, after);
    if (type === 'entry.deleted') await this.events.append(m, after.storyId, { type, entryId: after.id });
    else if (type) await this.events.append(m, after.storyId, { type, entry });
    await this.events.notifyNewsroom(m, { storyId: after.storyId, entryId: after.id, version: after.version, status: after.deletedAt ? 'deleted' : after.status });
    // Every change is audited, drafts, submissions and schedules included; a creation is named by what it created.
    await this.audit.record(m, {
      actorId,
      action: `entry.${action === 'created' ? CREATED_AS[after.status] : action}`,
      targetType: 'entry',
      targetId: after.id,
      details: { storyId: after.storyId, version: after.version, status: after.status, ...change.details },
    });
    return entry;
  }

  // One pinned entry per story: pinning one unpins the other, which is a change of its own.
  async unpinOthers(m: EntityManager, storyId: string, keepId: string, actorId: string, now: Date): Promise<void> {
    const pinned = await m
      .getRepository(EntryEntity)
      .createQueryBuilder('e')
      .leftJoinAndSelect('e.author', 'a')
      .where('e.story_id = :storyId AND e.pinned AND e.deleted_at IS NULL AND e.id <> :keepId', { storyId, keepId })
      .getMany();
    for (const other of pinned) {
      const after = Object.assign(new EntryEntity(), other, { pinned: false, version: other.version + 1, updatedAt: now });
      await this.record(m, { before: other, after, authorName: other.author?.name ?? '', actorId, action: 'unpinned' });
    }
  }
}
