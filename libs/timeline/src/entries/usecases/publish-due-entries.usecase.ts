import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { findStory } from '../../stories/story-locator';
import { EntryChanges } from '../entry-changes';
import { EntryEntity } from '../entry.entity';

const BATCH = 50;

// Publishes scheduled entries whose time has come. Several processes may run this at once:
// each entry is re-checked under its story's lock and claimed with SKIP LOCKED, so exactly
// one of them publishes it.
@Injectable()
export class PublishDueEntries {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly changes: EntryChanges,
  ) {}

  async execute(now = new Date()): Promise<number> {
    const due: { id: string; story_id: string }[] = await this.db.query(
      `SELECT id, story_id FROM entries WHERE status = 'scheduled' AND deleted_at IS NULL AND scheduled_at <= $1 ORDER BY scheduled_at, id LIMIT ${BATCH}`,
      [now],
    );
    let published = 0;
    for (const { id, story_id } of due) {
      published += await this.db.transaction(async (m) => {
        const story = await findStory(m, story_id, { lock: true });
        const before = await m
          .getRepository(EntryEntity)
          .createQueryBuilder('e')
          .leftJoinAndSelect('e.author', 'a')
          .where(`e.id = :id AND e.status = 'scheduled' AND e.deleted_at IS NULL AND e.scheduled_at <= :now`, {
            id,
            now,
          })
          .setLock('pessimistic_write', undefined, ['e'])
          .setOnLocked('skip_locked')
          .getOne();
        if (!before) return 0;
        const at = new Date();
        const after = Object.assign(new EntryEntity(), before, {
          status: 'published',
          publishedAt: before.publishedAt ?? at,
          version: before.version + 1,
          updatedAt: at,
        });
        // Credited to whoever last set this schedule (status or time), not to the author.
        const [scheduler] = await m.query(
          `SELECT actor_id FROM (
             SELECT actor_id, version, snapshot->>'status' AS status, snapshot->>'scheduledAt' AS at,
                    lag(snapshot->>'status') OVER w AS prev_status, lag(snapshot->>'scheduledAt') OVER w AS prev_at
             FROM entry_revisions WHERE entry_id = $1 WINDOW w AS (ORDER BY version)) r
           WHERE status = 'scheduled' AND (prev_status IS DISTINCT FROM 'scheduled' OR prev_at IS DISTINCT FROM at)
           ORDER BY version DESC LIMIT 1`,
          [before.id],
        );
        const actorId: string = scheduler?.actor_id ?? before.authorId;
        await this.changes.record(m, {
          story,
          before,
          after,
          authorName: before.author?.name ?? '',
          actorId,
          action: 'published',
          details: { scheduledAt: before.scheduledAt, scheduledBy: actorId },
        });
        return 1;
      });
    }
    return published;
  }
}
