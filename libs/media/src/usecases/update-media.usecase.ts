import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditTrail, type Actor } from '@liveline/accounts';
import { roleAtLeast } from '@liveline/contracts';
import type { DataSource } from 'typeorm';
import type { MediaTextDto } from '../media.dto';
import { MediaEntity } from '../media.entity';
import { MediaException, MediaExceptionCode } from '../media.exception';

const clean = (s: string, max: number) =>
  s
    .replace(/[\u0000-\u001F\u007F]/g, ' ')
    .trim()
    .slice(0, max);
const MAX = { alt: 1000, caption: 2000, credit: 300 } as const;

@Injectable()
export class UpdateMedia {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  async execute(id: string, patch: MediaTextDto, actor: Actor): Promise<MediaEntity> {
    return this.db.transaction(async (m) => {
      const row = await m.getRepository(MediaEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!row || row.deletedAt) throw MediaException.notFound(id);
      if (row.uploaderId !== actor.id && !roleAtLeast(actor.role, 'editor')) {
        throw new MediaException(
          MediaExceptionCode.NotYourMedia,
          'Only its uploader or an editor may change this image',
        );
      }
      const before = { alt: row.alt, caption: row.caption, credit: row.credit };
      for (const key of ['alt', 'caption', 'credit'] as const)
        if (patch[key] !== undefined) row[key] = clean(patch[key]!, MAX[key]);
      row.updatedAt = new Date();
      await m.update(
        MediaEntity,
        { id },
        { alt: row.alt, caption: row.caption, credit: row.credit, updatedAt: row.updatedAt },
      );
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'media.updated',
        targetType: 'media',
        targetId: id,
        details: { before, patch },
      });
      return row;
    });
  }
}
