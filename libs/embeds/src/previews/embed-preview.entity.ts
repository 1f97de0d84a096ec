import { Column, Entity, PrimaryColumn } from 'typeorm';

// What a platform's oEmbed endpoint said about a canonical URL; `reachable` false caches a miss briefly.
@Entity('embed_previews')
export class EmbedPreviewEntity {
  @PrimaryColumn('text') url: string;
  @Column('text') provider: string;
  @Column('text') kind: string;
  @Column('text', { nullable: true }) title: string | null;
  @Column('text', { name: 'author_name', nullable: true }) authorName: string | null;
  @Column('text', { name: 'thumbnail_url', nullable: true }) thumbnailUrl: string | null;
  @Column('boolean') reachable: boolean;
  @Column('timestamptz', { name: 'fetched_at' }) fetchedAt: Date;
}
