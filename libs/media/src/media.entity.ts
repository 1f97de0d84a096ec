import { MEDIA_PATH_PREFIX, type Media, type MediaRendition } from '@liveline/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export type StoreKind = 'database' | 's3';

export interface StoredRendition {
  name: string;
  type: string;
  width: number;
  height: number;
  bytes: number;
}

@Entity('media')
export class MediaEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') hash: string;
  @Column('uuid', { name: 'uploader_id', nullable: true }) uploaderId: string | null;
  @Column('text', { name: 'source_type' }) sourceType: string;
  @Column('int') width: number;
  @Column('int') height: number;
  @Column('int') bytes: number;
  @Column('text') alt: string;
  @Column('text') caption: string;
  @Column('text') credit: string;
  /** The first is the primary (largest, widely supported format). */
  @Column('jsonb') renditions: StoredRendition[];
  @Column('text') store: StoreKind;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  @Column('timestamptz', { name: 'deleted_at', nullable: true }) deletedAt: Date | null;
}

@Entity('media_blobs')
export class MediaBlobEntity {
  @PrimaryColumn('text') name: string;
  @Column('uuid', { name: 'media_id' }) mediaId: string;
  @Column('text', { name: 'content_type' }) contentType: string;
  @Column('bytea') data: Buffer;
}

/** The API shape; `origin` makes the URLs absolute (feeds, partners' pages, API clients). */
export function toMedia(m: MediaEntity, origin: string): Media {
  const url = (name: string) => `${origin}${MEDIA_PATH_PREFIX}${name}`;
  const [primary] = m.renditions;
  const renditions: MediaRendition[] = m.renditions.map((r) => ({
    url: url(r.name),
    type: r.type,
    width: r.width,
    height: r.height,
    bytes: r.bytes,
  }));
  return {
    id: m.id,
    url: url(primary.name),
    type: primary.type,
    width: m.width,
    height: m.height,
    bytes: m.bytes,
    alt: m.alt,
    caption: m.caption,
    credit: m.credit,
    renditions: renditions.sort((a, b) => a.width - b.width || a.type.localeCompare(b.type)),
    createdAt: m.createdAt.toISOString(),
  };
}
