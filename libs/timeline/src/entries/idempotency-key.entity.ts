import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('idempotency_keys')
export class IdempotencyKeyEntity {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
  @PrimaryColumn('text') key: string;
  @Column('uuid', { name: 'entry_id' }) entryId: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
