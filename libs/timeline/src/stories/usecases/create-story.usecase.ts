import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditTrail, type Actor } from '@liveline/accounts';
import type { Story } from '@liveline/contracts';
import { Env, isUniqueViolation } from '@liveline/core';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { TimelineException, TimelineExceptionCode } from '../../timeline.exception';
import { slugify } from '../slugify';
import type { CreateStoryDto } from '../story.dto';
import { StoryEntity, toStory } from '../story.entity';

// Creating a story is no event: its seq starts at 0 and its first public change is 1.
@Injectable()
export class CreateStory {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditTrail,
    private readonly env: Env,
  ) {}

  async execute(input: CreateStoryDto, actor: Pick<Actor, 'id'>): Promise<Story> {
    const now = new Date();
    const status = input.status ?? 'draft';
    const story: StoryEntity = Object.assign(new StoryEntity(), {
      id: randomUUID(),
      slug: input.slug ?? slugify(input.title),
      title: input.title,
      summary: input.summary ?? '',
      language: input.language ?? 'en',
      timeZone: input.timeZone ?? this.env.DEFAULT_TIME_ZONE,
      status,
      coverageStartedAt: status === 'draft' ? null : now,
      coverageEndedAt: status === 'ended' ? now : null,
      createdAt: now,
      updatedAt: now,
      seq: 0,
    });
    try {
      await this.db.transaction(async (m) => {
        await m.insert(StoryEntity, story);
        await this.audit.record(m, {
          actorId: actor.id,
          action: 'story.created',
          targetType: 'story',
          targetId: story.id,
          details: { slug: story.slug },
        });
      });
    } catch (e) {
      if (isUniqueViolation(e))
        throw new TimelineException(TimelineExceptionCode.SlugTaken, `The slug ${story.slug} is taken`);
      throw e;
    }
    return toStory(story);
  }
}
