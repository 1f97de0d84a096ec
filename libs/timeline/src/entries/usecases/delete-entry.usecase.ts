import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@liveline/accounts';
import type { DataSource } from 'typeorm';
import { findStory } from '../../stories/story-locator';
import { EntryChanges } from '../entry-changes';
import { EntryEntity } from '../entry.entity';
import { findEntry } from '../entry-locator';
import { checkVersion } from './update-entry.usecase';

// Soft delete: the row and its revisions stay for the audit trail; readers get entry.deleted.
@Injectable()
export class DeleteEntry {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly changes: EntryChanges,
  ) {}

  async execute(ref: string, id: string, actor: Actor, ifMatch?: number): Promise<void> {
    await this.db.transaction(async (m) => {
      const story = await findStory(m, ref, { lock: true });
      const before = await findEntry(m, story.id, id, { lock: true });
      checkVersion(before, ifMatch);
      const now = new Date();
      const after = Object.assign(new EntryEntity(), before, {
        deletedAt: now,
        pinned: false,
        version: before.version + 1,
        updatedAt: now,
      });
      await this.changes.record(m, {
        story,
        before,
        after,
        authorName: before.author?.name ?? '',
        actorId: actor.id,
        action: 'deleted',
      });
    });
  }
}
