import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('idempotency_keys')
export class IdempotencyKeyEntity {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
  @PrimaryColumn('text') key: string;
  @Column('uuid', { name: 'entry_id' }) entryId: string;
  @Column('uuid', { name: 'story_id', nullable: true }) storyId: string | null;
  // Hashes of the first request's fields (see request-fingerprint.ts); null for keys older than fingerprints.
  @Column('jsonb', { nullable: true }) fingerprint: Record<string, string> | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
