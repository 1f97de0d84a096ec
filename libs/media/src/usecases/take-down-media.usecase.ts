import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditTrail } from '@liveline/accounts';
import type { DataSource } from 'typeorm';
import { MediaEntity } from '../media.entity';
import { MediaException } from '../media.exception';
import { MEDIA_STORE, type MediaStore } from '../storage/media-store';

// The tombstone (deleted_at) commits with the audit record; every process reads it before it
// serves a byte, so the URLs answer 410 everywhere at once. The bytes go in the same transaction
// (database store) or right after it (S3).
@Injectable()
export class TakeDownMedia {
  private readonly logger = new Logger('TakeDownMedia');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(MEDIA_STORE) private readonly store: MediaStore,
    private readonly audit: AuditTrail,
  ) {}

  async execute(id: string, actor: { id: string } | null, reason: 'takedown' | 'orphaned' = 'takedown'): Promise<void> {
    const names = await this.db.transaction(async (m) => {
      const row = await m.getRepository(MediaEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!row || row.deletedAt) throw MediaException.notFound(id);
      await m.update(MediaEntity, { id }, { deletedAt: new Date(), updatedAt: new Date() });
      if (this.store.kind === 'database') await this.store.remove(m, id, []);
      // A taken-down image stops being any story's cover (og:image) from the next render on.
      await m.query(`UPDATE stories SET cover_image_id = NULL, cover_image_path = NULL WHERE cover_image_id = $1`, [
        id,
      ]);
      await this.audit.record(m, {
        actorId: actor?.id ?? null,
        action: reason === 'takedown' ? 'media.taken_down' : 'media.orphan_removed',
        targetType: 'media',
        targetId: id,
        details: { hash: row.hash, surrogateKey: surrogateKeyOf(id) },
      });
      return row.renditions.map((r) => r.name);
    });
    if (this.store.kind !== 'database') {
      await this.store
        .remove(this.db.manager, id, names)
        .catch((e: Error) => this.logger.warn(`media ${id}: bytes not removed from the store yet: ${e.message}`));
    }
  }
}

/** The Surrogate-Key / Cache-Tag a CDN purges one media item's files by. */
export function surrogateKeyOf(mediaId: string): string {
  return `media-${mediaId}`;
}
