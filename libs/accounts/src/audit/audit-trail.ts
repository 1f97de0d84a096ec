import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sqlPartOf, type SqlPart } from '@liveline/core';
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
  /** The actor's name now (null for the system or a removed user). */
  actorName: string | null;
}

export interface AuditQuery {
  targetType?: string;
  targetId?: string;
  /** A story's own records and those of its entries. */
  storyId?: string;
  actorId?: string;
  /** Records older than this id (paging, newest first). */
  before?: string;
  limit: number;
}

// Who did what, written in the same transaction as the change it describes.
@Injectable()
export class AuditTrail {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(manager: EntityManager, r: AuditRecord): Promise<void> {
    await manager.insert(AuditEntity, this.row(r));
  }

  /** The record's insert as a part of the change's own statement (see EventLog.append). */
  recordPart(manager: EntityManager, r: AuditRecord): SqlPart {
    return sqlPartOf(manager.createQueryBuilder().insert().into(AuditEntity).values(this.row(r)).updateEntity(false));
  }

  private row(r: AuditRecord) {
    return { ...r, details: (r.details ?? {}) as object, at: new Date() };
  }

  async list(q: AuditQuery): Promise<AuditItem[]> {
    const qb = this.db.getRepository(AuditEntity).createQueryBuilder('a').orderBy('a.id', 'DESC').take(q.limit);
    if (q.targetType) qb.andWhere('a.target_type = :t', { t: q.targetType });
    if (q.targetId) qb.andWhere('a.target_id = :i', { i: q.targetId });
    if (q.storyId)
      qb.andWhere(`((a.target_type = 'story' AND a.target_id = :s) OR a.details->>'storyId' = :s)`, { s: q.storyId });
    if (q.actorId) qb.andWhere('a.actor_id = :actor', { actor: q.actorId });
    if (q.before) qb.andWhere('a.id < :before', { before: q.before });
    const rows = await qb.getMany();
    const ids = [...new Set(rows.map((a) => a.actorId).filter((id): id is string => !!id))];
    const names = new Map<string, string>(
      ids.length
        ? (await this.db.query(`SELECT id, name FROM users WHERE id = ANY($1::uuid[])`, [ids])).map(
            (u: { id: string; name: string }) => [u.id, u.name],
          )
        : [],
    );
    return rows.map((a) => ({
      id: String(a.id),
      at: a.at.toISOString(),
      actorId: a.actorId,
      actorName: a.actorId ? (names.get(a.actorId) ?? null) : null,
      action: a.action,
      targetType: a.targetType as AuditRecord['targetType'],
      targetId: a.targetId,
      details: a.details,
    }));
  }
}
