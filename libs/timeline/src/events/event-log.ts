import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { TimelineEvent } from '@liveline/contracts';
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
  // in commit order, which is therefore seq order.
  async append(m: EntityManager, storyId: string, draft: EventDraft): Promise<TimelineEvent> {
    const [row] = await m.query('UPDATE stories SET seq = seq + 1 WHERE id = $1 RETURNING seq', [storyId]);
    const rows = Array.isArray(row) ? row : [row];
    const seq = Number(rows[0].seq);
    const event: TimelineEvent = { seq, storyId, at: new Date().toISOString(), ...draft };
    await m.insert(EventEntity, { storyId, seq, type: event.type, entryId: draft.entryId ?? draft.entry?.id ?? null, at: new Date(event.at), payload: event });
    const full = JSON.stringify({ storyId, seq, event } satisfies EventNotice);
    const notice = Buffer.byteLength(full) <= MAX_NOTIFY_BYTES ? full : JSON.stringify({ storyId, seq } satisfies EventNotice);
    await m.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, notice]);
    return event;
  }

  async notifyNewsroom(m: EntityManager, notice: NewsroomNotice): Promise<void> {
    await m.query('SELECT pg_notify($1, $2)', [NEWSROOM_CHANNEL, JSON.stringify(notice)]);
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

  /** The last `count` events of a story, oldest first, and the story's head seq. */
  async readTail(storyId: string, count: number): Promise<{ head: number; events: TimelineEvent[] }> {
    const head = await this.committedHead(storyId);
    const events = head === 0 ? [] : await this.readSince(storyId, Math.max(0, head - count), count);
    // Two statements, two snapshots: events committed in between are past `head`, and come again as notices.
    return { head, events: events.filter((e) => e.seq <= head) };
  }
}
