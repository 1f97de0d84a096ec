import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditTrail, type Actor } from '@liveline/accounts';
import type { Story } from '@liveline/contracts';
import { isUniqueViolation } from '@liveline/core';
import type { DataSource } from 'typeorm';
import { EntryChanges } from '../../entries/entry-changes';
import { EventLog } from '../../events/event-log';
import { TimelineException, TimelineExceptionCode } from '../../timeline.exception';
import { findStory } from '../story-locator';
import type { UpdateStoryDto } from '../story.dto';
import { isPublicStory, StoryEntity, toStory } from '../story.entity';

@Injectable()
export class UpdateStory {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: EventLog,
    private readonly audit: AuditTrail,
    private readonly entries: EntryChanges,
  ) {}

  async execute(ref: string, patch: UpdateStoryDto, actor: Pick<Actor, 'id'>): Promise<Story> {
    try {
      return await this.db.transaction(async (m) => {
        const story = await findStory(m, ref, { lock: true });
        const before = toStory(story);
        const now = new Date();
        for (const key of ['title', 'slug', 'summary', 'language', 'timeZone'] as const) {
          if (patch[key] !== undefined) story[key] = patch[key]!;
        }
        if (patch.status !== undefined && patch.status !== story.status) {
          // Coverage starts the first time a story goes live and ends when it is ended.
          if (patch.status !== 'draft') story.coverageStartedAt ??= now;
          story.coverageEndedAt = patch.status === 'ended' ? now : null;
          story.status = patch.status;
        }
        if (patch.coverImage !== undefined) {
          // The media table is read by SQL here: libs/timeline may not import libs/media.
          const [cover] = patch.coverImage
            ? await m.query<{ name: string }[]>(
                `SELECT renditions->0->>'name' AS name FROM media WHERE id = $1 AND deleted_at IS NULL`,
                [patch.coverImage],
              )
            : [];
          if (patch.coverImage && !cover)
            throw new TimelineException(
              TimelineExceptionCode.InvalidCoverImage,
              `coverImage: no media ${patch.coverImage}`,
            );
          story.coverImageId = patch.coverImage ?? null;
          story.coverImagePath = cover ? `/media/${cover.name}` : null;
        }
        story.updatedAt = now;
        await m.update(
          StoryEntity,
          { id: story.id },
          {
            title: story.title,
            slug: story.slug,
            summary: story.summary,
            language: story.language,
            timeZone: story.timeZone,
            status: story.status,
            coverageStartedAt: story.coverageStartedAt,
            coverageEndedAt: story.coverageEndedAt,
            updatedAt: now,
            coverImageId: story.coverImageId,
            coverImagePath: story.coverImagePath,
          },
        );
        // A draft story's edits stay in the newsroom. Taking it back to draft tells its
        // readers only that (with the title they already had); going public again also brings
        // them every entry change made meanwhile.
        if (isPublicStory(story)) {
          const event = await this.events.append(m, story.id, {
            type: 'story.updated',
            story: { ...toStory(story), seq: story.seq + 1 },
          });
          story.seq = event.seq;
          if (!isPublicStory(before)) {
            await this.entries.republish(m, story.id);
            story.seq = (await findStory(m, story.id)).seq;
          }
        } else if (isPublicStory(before)) {
          const event = await this.events.append(m, story.id, {
            type: 'story.updated',
            story: { ...before, status: 'draft', updatedAt: now.toISOString(), seq: story.seq + 1 },
          });
          story.seq = event.seq;
        }
        await this.events.notifyNewsroom(m, { storyId: story.id });
        await this.audit.record(m, {
          actorId: actor.id,
          action: 'story.updated',
          targetType: 'story',
          targetId: story.id,
          details: { before, patch },
        });
        return toStory(story);
      });
    } catch (e) {
      if (isUniqueViolation(e))
        throw new TimelineException(TimelineExceptionCode.SlugTaken, `The slug ${patch.slug} is taken`);
      throw e;
    }
  }
}
