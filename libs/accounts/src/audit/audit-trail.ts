import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditEntity } from './audit.entity';

export interface AuditRecord {
  actorId: string | null;
  action: string;
  targetType: 'entry' | 'story' | 'user' | 'media';
  targetId: string;
  details?: Record<string, unknown>;
}

export interface AuditItem extends Required<AuditRecord> {
  id: string;
  at: string;
}

// Who did what, written in the same transaction as the change it describes.
@Injectable()
export class AuditTrail {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(manager: EntityManager, r: AuditRecord): Promise<void> {
    await manager.insert(AuditEntity, { ...r, details: (r.details ?? {}) as object, at: new Date() });
  }

  async list(q: { targetType?: string; targetId?: string; limit: number }): Promise<AuditItem[]> {
    const qb = this.db.getRepository(AuditEntity).createQueryBuilder('a').orderBy('a.id', 'DESC').take(q.limit);
    if (q.targetType) qb.andWhere('a.target_type = :t', { t: q.targetType });
    if (q.targetId) qb.andWhere('a.target_id = :i', { i: q.targetId });
    const rows = await qb.getMany();
    return rows.map((a) => ({ id: String(a.id), at: a.at.toISOString(), actorId: a.actorId, action: a.action, targetType: a.targetType as AuditRecord['targetType'], targetId: a.targetId, details: a.details }));
  }
}
