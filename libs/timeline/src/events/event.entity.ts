import type { EventType, TimelineEvent } from '@liveline/contracts';
import { bigintAsNumber } from '@liveline/core/domain';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('events')
export class EventEntity {
  @PrimaryColumn('uuid', { name: 'story_id' }) storyId: string;
  @PrimaryColumn('bigint', { transformer: bigintAsNumber }) seq: number;
  @Column('text') type: EventType;
  @Column('uuid', { name: 'entry_id', nullable: true }) entryId: string | null;
  @Column('timestamptz') at: Date;
  // The event exactly as it was pushed, so a replay is byte-for-byte what live readers saw.
  @Column('jsonb') payload: TimelineEvent;
}
