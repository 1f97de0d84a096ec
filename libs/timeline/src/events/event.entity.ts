import type { EventType, TimelineEvent } from '@liveline/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

const bigint = { to: (v: number) => v, from: (v: string | number) => Number(v) };

@Entity('events')
export class EventEntity {
  @PrimaryColumn('uuid', { name: 'story_id' }) storyId: string;
  @PrimaryColumn('bigint', { transformer: bigint }) seq: number;
  @Column('text') type: EventType;
  @Column('uuid', { name: 'entry_id', nullable: true }) entryId: string | null;
  @Column('timestamptz') at: Date;
  // The event exactly as it was pushed, so a replay is byte-for-byte what live readers saw.
  @Column('jsonb') payload: TimelineEvent;
}
