import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@liveline/accounts';
import { normalizeEmbeds, roleAtLeast, type Entry } from '@liveline/contracts';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { findStory } from '../../stories/story-locator';
import { TimelineException, TimelineExceptionCode } from '../../timeline.exception';
import type { CreateEntryDto } from '../entry.dto';
import { EntryChanges } from '../entry-changes';
import { EntryEntity, toEntry } from '../entry.entity';
import { IdempotencyKeyEntity } from '../idempotency-key.entity';
import { differingFields, fingerprintOf, type RequestFingerprint } from '../request-fingerprint';
import { plainText, sanitizeBody } from '../sanitize-body';

export const IDEMPOTENCY_TTL_HOURS = 24;

export function checkIdempotencyKey(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new TimelineException(
      TimelineExceptionCode.BadIdempotencyKey,
      'Idempotency-Key must be 1 to 200 visible ASCII characters',
    );
  }
  return key;
}

export function checkSchedule(at: Date | null, now: Date): Date {
  if (!at)
    throw new TimelineException(TimelineExceptionCode.InvalidSchedule, 'scheduledAt is required with status scheduled');
  if (at.getTime() <= now.getTime())
    throw new TimelineException(TimelineExceptionCode.InvalidSchedule, 'scheduledAt must be in the future');
  return at;
}

export function requireBody(html: string): string {
  const clean = withCanonicalEmbeds(sanitizeBody(html));
  if (!plainText(clean) && !clean.includes('<img')) {
    throw new TimelineException(TimelineExceptionCode.EmptyBody, 'body has no content once sanitized');
  }
  return clean;
}

/** Embeds keep only a supported, canonical URL and a server-made fallback link; any other URL is refused by name. */
function withCanonicalEmbeds(html: string): string {
  const { html: out, unsupported } = normalizeEmbeds(html);
  if (unsupported.length) {
    const names = unsupported.map((u) => JSON.stringify(u.slice(0, 300))).join(', ');
    throw new TimelineException(TimelineExceptionCode.UnsupportedEmbed, `Unsupported embed URL: ${names}`, {
      unsupported,
    });
  }
  return out;
}

@Injectable()
export class CreateEntry {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly changes: EntryChanges,
  ) {}

  async execute(
    ref: string,
    input: CreateEntryDto,
    actor: Actor,
    idempotencyKey?: string,
  ): Promise<{ entry: Entry; replayed: boolean }> {
    const key = checkIdempotencyKey(idempotencyKey);
    const isEditor = roleAtLeast(actor.role, 'editor');
    const status = input.status ?? (isEditor ? 'published' : 'submitted');
    if (!isEditor && status !== 'submitted') {
      throw new TimelineException(
        TimelineExceptionCode.StatusNotAllowed,
        'Contributors submit entries (status submitted); an editor publishes them',
      );
    }
    if (!isEditor && (input.pinned || input.keyEvent)) {
      throw new TimelineException(
        TimelineExceptionCode.StatusNotAllowed,
        'Pinning and marking key events are for editors',
      );
    }
    const now = new Date();
    const scheduledAt = input.scheduledAt ? new Date(input.scheduledAt) : null;
    if (status === 'scheduled') checkSchedule(scheduledAt, now);
    else if (scheduledAt)
      throw new TimelineException(TimelineExceptionCode.InvalidSchedule, 'scheduledAt goes with status scheduled');
    const body = requireBody(input.body);

    const headline = plainText(input.headline ?? '');
    const occurredAt = input.occurredAt ? new Date(input.occurredAt) : null;
    const keyEvent = input.keyEvent ?? false;
    const pinned = input.pinned ?? false;
    const fingerprint = fingerprintOf({ headline, body, occurredAt, keyEvent, pinned, status, scheduledAt });
    const id = randomUUID();

    // The story lock serializes this with every other write to the story, repeats included.
    return this.db.transaction(async (m) => {
      const story = await findStory(m, ref, { lock: true });
      if (key) {
        // The key row goes in first: a concurrent request with the same key (to any story) waits
        // on its primary key until this transaction ends, then finds it (the FK to the entry is deferred).
        const claimed: unknown[] = await m.query(
          `INSERT INTO idempotency_keys (user_id, key, entry_id, story_id, fingerprint, created_at) VALUES ($1, $2, $3, $4, $5, now())
           ON CONFLICT (user_id, key) DO UPDATE
             SET entry_id = EXCLUDED.entry_id, story_id = EXCLUDED.story_id, fingerprint = EXCLUDED.fingerprint, created_at = now()
           WHERE idempotency_keys.created_at <= now() - interval '${IDEMPOTENCY_TTL_HOURS} hours'
           RETURNING entry_id`,
          [actor.id, key, id, story.id, JSON.stringify(fingerprint)],
        );
        if (!claimed.length) return this.replay(m, actor, key, story.id, fingerprint);
      }
      const entry: EntryEntity = Object.assign(new EntryEntity(), {
        id,
        storyId: story.id,
        headline,
        body,
        occurredAt,
        publishedAt: status === 'published' ? now : null,
        createdAt: now,
        updatedAt: now,
        keyEvent,
        pinned,
        status,
        scheduledAt,
        authorId: actor.id,
        version: 1,
        deletedAt: null,
      });
      if (entry.pinned) await this.changes.unpinOthers(m, story, entry.id, actor.id, now);
      const created = await this.changes.record(m, {
        story,
        before: null,
        after: entry,
        authorName: actor.name,
        actorId: actor.id,
        action: 'created',
      });
      return { entry: created, replayed: false };
    });
  }

  /** The key was used before: replay only the very same request, and say so when its entry is gone. */
  private async replay(
    m: EntityManager,
    actor: Actor,
    key: string,
    storyId: string,
    fingerprint: RequestFingerprint,
  ): Promise<{ entry: Entry; replayed: boolean }> {
    const seen = await m.getRepository(IdempotencyKeyEntity).findOneByOrFail({ userId: actor.id, key });
    const first = await m
      .getRepository(EntryEntity)
      .findOneOrFail({ where: { id: seen.entryId }, relations: { author: true } });
    if ((seen.storyId ?? first.storyId) !== storyId) {
      throw new TimelineException(
        TimelineExceptionCode.IdempotencyKeyReused,
        'Idempotency-Key was already used for a post to another story; send this one with a new key',
      );
    }
    // Keys stored before fingerprints existed are compared by story only.
    const differing = seen.fingerprint ? differingFields(seen.fingerprint, fingerprint) : [];
    if (differing.length) {
      throw new TimelineException(
        TimelineExceptionCode.IdempotencyKeyReused,
        `Idempotency-Key was already used for a request with other fields (${differing.join(', ')}); send a new entry with a new key`,
        { fields: differing },
      );
    }
    if (first.deletedAt) {
      throw new TimelineException(
        TimelineExceptionCode.IdempotentEntryDeleted,
        `This request was already received: it created entry ${first.id}, which has since been deleted`,
        { entryId: first.id, deletedAt: first.deletedAt.toISOString() },
      );
    }
    return { entry: toEntry(first), replayed: true };
  }
}
