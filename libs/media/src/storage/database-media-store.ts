import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { MediaBlobEntity } from '../media.entity';
import type { MediaStore, StoredFile } from './media-store';

// The default: bytes in a bytea table, written in the upload's own transaction, so every process
// on one DATABASE_URL serves every upload and embedded mode keeps them in DATA_DIR.
@Injectable()
export class DatabaseMediaStore implements MediaStore {
  readonly kind = 'database' as const;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async put(manager: EntityManager, mediaId: string, files: StoredFile[]): Promise<void> {
    for (const f of files)
      await manager.insert(MediaBlobEntity, { name: f.name, mediaId, contentType: f.contentType, data: f.data });
  }

  async get(name: string): Promise<StoredFile | null> {
    const row = await this.db.getRepository(MediaBlobEntity).findOne({ where: { name } });
    return row ? { name: row.name, contentType: row.contentType, data: Buffer.from(row.data) } : null;
  }

  async remove(manager: EntityManager, mediaId: string): Promise<void> {
    await manager.delete(MediaBlobEntity, { mediaId });
  }
}
