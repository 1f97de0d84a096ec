import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@liveline/accounts';
import { roleAtLeast, type Entry } from '@liveline/contracts';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { findStory } from '../../stories/story-locator';
import { TimelineException, TimelineExceptionCode } from '../../timeline.exception';
import type { CreateEntryDto } from '../entry.dto';
import { EntryChanges } from '../entry-changes';
import { EntryEntity, toEntry } from '../entry.entity';
import { IdempotencyKeyEntity } from '../idempotency-key.entity';
import { plainText, sanitizeBody } from '../sanitize-body';

export const IDEMPOTENCY_TTL_HOURS = 24;

export function checkIdempotencyKey(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new TimelineException(TimelineExceptionCode.BadIdempotencyKey, 'Idempotency-Key must be 1 to 200 visible ASCII characters');
  }
  return key;
}

export function checkSchedule(at: Date | null, now: Date): Date {
  if (!at) throw new TimelineException(TimelineExceptionCode.InvalidSchedule, 'scheduledAt is required with status scheduled');
  if (at.getTime() <= now.getTime()) throw new TimelineException(TimelineExceptionCode.InvalidSchedule, 'scheduledAt must be in the future');
  return at;
}

export function requireBody(html: string): string {
  const clean = sanitizeBody(html);
  if (!plainText(clean) && !clean.includes('<img')) {
    throw new TimelineException(TimelineExceptionCode.EmptyBody, 'body has no content once sanitized');
  }
  return clean;
}

@Injectable()
export class CreateEntry {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly changes: EntryChanges,
  ) {}

  async execute(ref: string, input: CreateEntryDto, actor: Actor, idempotencyKey?: string): Promise<{ entry: Entry; replayed: boolean }> {
    const key = checkIdempotencyKey(idempotencyKey);
    const isEditor = roleAtLeast(actor.role, 'editor');
    const status = input.status ?? (isEditor ? 'published' : 'submitted');
    if (!isEditor && status !== 'submitted') {
      throw new TimelineException(TimelineExceptionCode.StatusNotAllowed, 'Contributors submit entries (status submitted); an editor publishes them');
    }
    const now = new Date();
    const scheduledAt = input.scheduledAt ? new Date(input.scheduledAt) : null;
    if (status === 'scheduled') checkSchedule(scheduledAt, now);
    else if (scheduledAt) throw new TimelineException(TimelineExceptionCode.InvalidSchedule, 'scheduledAt goes with status scheduled');
    const body = requireBody(input.body);

    // The story lock serializes this with every other write to the story, repeats included.
    return this.db.transaction(async (m) => {
      const story = await findStory(m, ref, { lock: true });
      if (key) {
        const seen = await m
          .getRepository(IdempotencyKeyEntity)
          .createQueryBuilder('k')
          .where(`k.user_id = :u AND k.key = :key AND k.created_at > now() - interval '${IDEMPOTENCY_TTL_HOURS} hours'`, { u: actor.id, key })
          .getOne();
        if (seen) {
          const first = await m.getRepository(EntryEntity).findOne({ where: { id: seen.entryId }, relations: { author: true } });
          if (first) return { entry: toEntry(first), replayed: true };
        }
      }
      const entry: EntryEntity = Object.assign(new EntryEntity(), {
        id: randomUUID(),
        storyId: story.id,
        headline: plainText(input.headline ?? ''),
        body,
        occurredAt: input.occurredAt ? new Date(input.occurredAt) : null,
        publishedAt: status === 'published' ? now : null,
        createdAt: now,
        updatedAt: now,
        keyEvent: input.keyEvent ?? false,
        pinned: input.pinned ?? false,
        status,
        scheduledAt,
        authorId: actor.id,
        version: 1,
        deletedAt: null,
      });
      if (entry.pinned) await this.changes.unpinOthers(m, story, entry.id, actor.id, now);
      const created = await this.changes.record(m, { story, before: null, after: entry, authorName: actor.name, actorId: actor.id, action: 'created' });
      if (key) {
        await m.query(
          `INSERT INTO idempotency_keys (user_id, key, entry_id, created_at) VALUES ($1, $2, $3, now())
           ON CONFLICT (user_id, key) DO UPDATE SET entry_id = EXCLUDED.entry_id, created_at = now()
           WHERE idempotency_keys.created_at <= now() - interval '${IDEMPOTENCY_TTL_HOURS} hours'`,
          [actor.id, key, entry.id],
        );
      }
      return { entry: created, replayed: false };
    });
  }
}
