import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { supersedes, type TimelineEvent } from '@liveline/contracts';
import { withParts, type SqlPart } from '@liveline/core';
import type { DataSource, EntityManager } from 'typeorm';
import { EventEntity } from './event.entity';

export const EVENTS_CHANNEL = 'liveline_events';
export const NEWSROOM_CHANNEL = 'liveline_newsroom';
// PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; larger events are read from the log.
const MAX_NOTIFY_BYTES = 7900;

export type EventDraft = Omit<TimelineEvent, 'seq' | 'storyId' | 'at'>;

/** What a notification on EVENTS_CHANNEL carries: always the position, the event when it fits. */
export interface EventNotice {
  storyId: string;
  seq: number;
  event?: TimelineEvent;
}

/** Events of a story's log with the head they were read at and whether the story was public then. */
export interface LogRange {
  head: number;
  events: TimelineEvent[];
  isPublic: boolean;
}

export interface NewsroomNotice {
  storyId: string;
  entryId?: string;
  version?: number;
  status?: string;
}

@Injectable()
export class EventLog {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  // Must run inside the transaction that makes the change. The story row lock taken by the
  // seq increment orders writers, and the NOTIFY is delivered only if and when it commits,
  // in commit order, which is therefore seq order. In the same transaction, the earlier
  // events this one supersedes are rewritten (see supersede.ts): a replay never carries
  // text that is no longer public.
  // One round trip for the seq increment, the event row and its NOTIFY (and the newsroom's
  // notice when given): a data-modifying CTE, so the lock, the insert and the notification are
  // the same statement of the same transaction, with no session state (PgBouncer-safe). The
  // JSON texts are JSON.stringify's, with the seq spliced in where the database assigns it.
  // `alongside`: the change's other writes (its row, revision, audit record), run as CTEs of the
  // same statement, so a publish is one round trip inside its transaction.
  async append(
    m: EntityManager,
    storyId: string,
    draft: EventDraft,
    newsroom?: NewsroomNotice,
    alongside: SqlPart[] = [],
  ): Promise<TimelineEvent> {
    const at = new Date().toISOString();
    // {"seq":<seq>,"storyId":…,"at":…,…}: the event as live readers get it.
    const rest = JSON.stringify({ storyId, at, ...draft }).slice(1);
    const eventText = (seq: number | string) => `{"seq":${seq},${rest}`;
    const noticeHead = `{"storyId":${JSON.stringify(storyId)},"seq":`;
    // The longest seq a bigint can hold decides whether the whole event fits in the NOTIFY.
    const fits =
      Buffer.byteLength(`${noticeHead}9223372036854775807,"event":${eventText('9223372036854775807')}}`) <=
      MAX_NOTIFY_BYTES;
    const params: unknown[] = [
      storyId,
      draft.type,
      draft.entryId ?? draft.entry?.id ?? null,
      at,
      `,${rest}`,
      EVENTS_CHANNEL,
      noticeHead,
      fits,
    ];
    const newsroomNotify = newsroom ? ', pg_notify($9, $10)' : '';
    if (newsroom) params.push(NEWSROOM_CHANNEL, JSON.stringify(newsroom));
    const parts = withParts(alongside, params.length);
    params.push(...parts.params);
    const rows = (await m.query(
      `WITH ${parts.ctes.map((c) => `${c},\n`).join('')}bumped AS (UPDATE stories SET seq = seq + 1 WHERE id = $1 RETURNING seq),
       logged AS (
         INSERT INTO events (story_id, seq, type, entry_id, at, payload)
         SELECT $1, bumped.seq, $2, $3, $4::timestamptz, ('{"seq":' || bumped.seq::text || $5::text)::jsonb FROM bumped
         RETURNING seq
       )
       SELECT logged.seq,
         pg_notify($6, $7::text || logged.seq::text
           || CASE WHEN $8::boolean THEN ',"event":{"seq":' || logged.seq::text || $5::text ELSE '' END || '}')${newsroomNotify}
       FROM logged`,
      params,
    )) as { seq: string | number }[];
    if (!rows[0]) throw new Error(`story ${storyId} not found while appending an event`);
    const seq = Number(rows[0].seq);
    const event: TimelineEvent = { seq, storyId, at, ...draft };
    if (supersedes(event)) await this.rewriteEarlier(m, event);
    return event;
  }

  /** supersede() over the stored log: the same rule, as one UPDATE. */
  private async rewriteEarlier(m: EntityManager, event: TimelineEvent): Promise<void> {
    const entryId = event.entryId ?? event.entry?.id;
    if (event.type === 'entry.updated' && event.entry) {
      await m.query(
        `UPDATE events SET payload = jsonb_set(payload, '{entry}', $4::jsonb)
         WHERE story_id = $1 AND entry_id = $2 AND seq < $3 AND payload->'entry' IS NOT NULL`,
        [event.storyId, entryId, event.seq, JSON.stringify(event.entry)],
      );
    } else if (event.type === 'entry.deleted' && entryId) {
      await m.query(
        `UPDATE events SET type = 'entry.deleted',
           payload = (payload - 'entry') || jsonb_build_object('type', 'entry.deleted', 'entryId', entry_id::text)
         WHERE story_id = $1 AND entry_id = $2 AND seq < $3 AND type <> 'entry.deleted'`,
        [event.storyId, entryId, event.seq],
      );
    } else if (event.type === 'story.updated' && event.story) {
      await m.query(
        `UPDATE events SET payload = jsonb_set(jsonb_set(payload, '{story,title}', to_jsonb($3::text)), '{story,summary}', to_jsonb($4::text))
         WHERE story_id = $1 AND type = 'story.updated' AND seq < $2 AND payload->'story' IS NOT NULL`,
        [event.storyId, event.seq, event.story.title, event.story.summary],
      );
    }
  }

  /** The newsroom's notice of a change with no public event, with the change's writes (`alongside`) in the same statement. */
  async notifyNewsroom(m: EntityManager, notice: NewsroomNotice, alongside: SqlPart[] = []): Promise<void> {
    const parts = withParts(alongside, 2);
    const ctes = parts.ctes.length ? `WITH ${parts.ctes.join(',\n')} ` : '';
    await m.query(`${ctes}SELECT pg_notify($1, $2)`, [NEWSROOM_CHANNEL, JSON.stringify(notice), ...parts.params]);
  }

  /** Events with seq in (since, since+limit], oldest first. */
  async readSince(storyId: string, since: number, limit: number): Promise<TimelineEvent[]> {
    const rows = await this.db
      .getRepository(EventEntity)
      .createQueryBuilder('e')
      .select('e.payload')
      .where('e.story_id = :storyId AND e.seq > :since', { storyId, since })
      .orderBy('e.seq', 'ASC')
      .limit(limit)
      .getMany();
    return rows.map((r) => r.payload);
  }

  /** The story's latest committed seq. */
  async committedHead(storyId: string): Promise<number> {
    const [story] = await this.db.query('SELECT seq FROM stories WHERE id = $1', [storyId]);
    return Number(story?.seq ?? 0);
  }

  /** The last `count` events of a story, oldest first, the story's head seq and whether it is public: one snapshot. */
  readTail(storyId: string, count: number): Promise<LogRange> {
    return this.readRange(storyId, count, 0, count);
  }

  /**
   * Up to `limit` events after `since`, oldest first, and the head seq, read in one statement
   * (one snapshot): every event returned is at or below the head, and none below it is missing.
   */
  readPage(storyId: string, since: number, limit: number): Promise<LogRange> {
    return this.readRange(storyId, Number.MAX_SAFE_INTEGER, since, limit);
  }

  private async readRange(storyId: string, last: number, since: number, limit: number): Promise<LogRange> {
    const rows: { head: string | number; status: string; payload: TimelineEvent | string | null }[] =
      await this.db.query(
        `SELECT s.seq AS head, s.status, e.payload FROM stories s
       LEFT JOIN LATERAL (
         SELECT payload, seq FROM events
         WHERE story_id = s.id AND seq > GREATEST(s.seq - $2::bigint, $3::bigint) AND seq <= s.seq
         ORDER BY seq LIMIT $4
       ) e ON true
       WHERE s.id = $1 ORDER BY e.seq`,
        [storyId, last, since, limit],
      );
    if (rows.length === 0) return { head: 0, events: [], isPublic: false };
    const events = rows
      .filter((r) => r.payload !== null)
      .map((r) => (typeof r.payload === 'string' ? (JSON.parse(r.payload) as TimelineEvent) : r.payload!));
    return { head: Number(rows[0].head), events, isPublic: rows[0].status !== 'draft' };
  }
}
