import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('audit_log')
export class AuditEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column('timestamptz') at: Date;
  @Column('uuid', { name: 'actor_id', nullable: true }) actorId: string | null;
  @Column('text') action: string;
  @Column('text', { name: 'target_type' }) targetType: string;
  @Column('text', { name: 'target_id' }) targetId: string;
  @Column('jsonb') details: Record<string, unknown>;
}
