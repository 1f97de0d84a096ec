import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UserEntity } from '@liveline/accounts';
import { Env, isUniqueViolation } from '@liveline/core';
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { EntryChanges } from '../entries/entry-changes';
import { EntryEntity } from '../entries/entry.entity';
import { sanitizeBody } from '../entries/sanitize-body';
import { StoryEntity } from '../stories/story.entity';
import { DEMO_ENTRIES, DEMO_STORY } from './demo-story';

const DESK_EMAIL = 'desk@liveline.local';

// Seeds the demo story into an empty database, once: a second run, or a second process
// racing the first, finds the stories table no longer empty (or the slug taken) and stops.
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger('DemoSeeder');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly changes: EntryChanges,
    private readonly env: Env,
  ) {}

  async run(): Promise<boolean> {
    if (!this.env.SEED_DEMO) return false;
    try {
      return await this.db.transaction(async (m) => {
        const [{ n }] = await m.query('SELECT count(*)::int AS n FROM stories');
        if (n > 0) return false;
        let desk = await m.getRepository(UserEntity).findOne({ where: { email: DESK_EMAIL } });
        if (!desk) {
          // The byline of the seeded entries; it cannot sign in.
          desk = Object.assign(new UserEntity(), {
            id: randomUUID(),
            email: DESK_EMAIL,
            name: 'غرفة الأخبار',
            role: 'contributor',
            passwordHash: `!disabled:${randomBytes(8).toString('hex')}`,
            disabled: true,
          });
          await m.insert(UserEntity, desk);
        }
        const storyId = randomUUID();
        await m.insert(StoryEntity, {
          id: storyId,
          slug: DEMO_STORY.slug,
          title: DEMO_STORY.title,
          summary: DEMO_STORY.summary,
          language: DEMO_STORY.language,
          timeZone: DEMO_STORY.timeZone,
          status: 'live',
          coverageStartedAt: new Date(DEMO_STORY.coverageStartedAt),
          coverageEndedAt: null,
          createdAt: new Date(DEMO_STORY.createdAt),
          updatedAt: new Date(DEMO_ENTRIES[DEMO_ENTRIES.length - 1].publishedAt),
          seq: 0,
        });
        for (const d of DEMO_ENTRIES) {
          const at = new Date(d.publishedAt);
          const entry = Object.assign(new EntryEntity(), {
            id: randomUUID(),
            storyId,
            headline: d.headline,
            body: sanitizeBody(d.body),
            occurredAt: new Date(d.occurredAt),
            publishedAt: at,
            createdAt: at,
            updatedAt: at,
            keyEvent: d.keyEvent ?? false,
            pinned: d.pinned ?? false,
            status: 'published',
            scheduledAt: null,
            authorId: desk.id,
            version: 1,
            deletedAt: null,
          });
          await this.changes.record(m, {
            story: { status: 'live' },
            before: null,
            after: entry,
            authorName: desk.name,
            actorId: desk.id,
            action: 'created',
            details: { seeded: true },
          });
        }
        this.logger.log(`Seeded the demo story /stories/${DEMO_STORY.slug} with ${DEMO_ENTRIES.length} entries`);
        return true;
      });
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
  }
}
