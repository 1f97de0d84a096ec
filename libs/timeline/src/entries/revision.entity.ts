import type { Entry } from '@liveline/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('entry_revisions')
export class RevisionEntity {
  @PrimaryColumn('uuid', { name: 'entry_id' }) entryId: string;
  @PrimaryColumn('int') version: number;
  @Column('uuid', { name: 'actor_id' }) actorId: string;
  @Column('timestamptz') at: Date;
  @Column('text') action: string;
  @Column('jsonb') snapshot: Entry;
}
