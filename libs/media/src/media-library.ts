import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsNull, type DataSource } from 'typeorm';
import { MediaEntity } from './media.entity';
import { MediaException } from './media.exception';

// Reads of media items (the newsroom's recent-media panel, GET /api/media/:id, the pages' cover image).
@Injectable()
export class MediaLibrary {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async find(id: string): Promise<MediaEntity> {
    const row = await this.db.getRepository(MediaEntity).findOne({ where: { id, deletedAt: IsNull() } });
    if (!row) throw MediaException.notFound(id);
    return row;
  }

  recent(limit: number): Promise<MediaEntity[]> {
    return this.db
      .getRepository(MediaEntity)
      .find({ where: { deletedAt: IsNull() }, order: { createdAt: 'DESC' }, take: limit });
  }

  /** The item a file name belongs to, taken down or not; null when no upload had that hash. */
  byHash(hash: string): Promise<Pick<MediaEntity, 'id' | 'deletedAt' | 'renditions'> | null> {
    return this.db
      .getRepository(MediaEntity)
      .findOne({ where: { hash }, select: { id: true, deletedAt: true, renditions: true } });
  }
}
