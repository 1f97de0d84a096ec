import { UserEntity } from '@liveline/accounts';
import type { Entry, EntryStatus } from '@liveline/contracts';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

@Entity('entries')
export class EntryEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'story_id' }) storyId: string;
  @Column('text') headline: string;
  @Column('text') body: string;
  // Null means "when it was published" (the contract's default).
  @Column('timestamptz', { name: 'occurred_at', nullable: true }) occurredAt: Date | null;
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt: Date | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  @Column('boolean', { name: 'key_event' }) keyEvent: boolean;
  @Column('boolean') pinned: boolean;
  @Column('text') status: EntryStatus;
  @Column('timestamptz', { name: 'scheduled_at', nullable: true }) scheduledAt: Date | null;
  @Column('uuid', { name: 'author_id' }) authorId: string;
  @ManyToOne(() => UserEntity, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'author_id' })
  author?: UserEntity;
  @Column('int') version: number;
  @Column('timestamptz', { name: 'deleted_at', nullable: true }) deletedAt: Date | null;
}

export function toEntry(e: EntryEntity, authorName = e.author?.name ?? ''): Entry {
  const occurred = e.occurredAt ?? e.publishedAt ?? e.scheduledAt ?? e.createdAt;
  return {
    id: e.id,
    storyId: e.storyId,
    headline: e.headline,
    body: e.body,
    occurredAt: occurred.toISOString(),
    publishedAt: e.publishedAt?.toISOString() ?? null,
    updatedAt: e.updatedAt.toISOString(),
    keyEvent: e.keyEvent,
    pinned: e.pinned,
    status: e.status,
    scheduledAt: e.scheduledAt?.toISOString() ?? null,
    author: { id: e.authorId, name: authorName },
    version: e.version,
  };
}
