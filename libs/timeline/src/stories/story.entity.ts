import { directionOf, type Story, type StoryStatus } from '@liveline/contracts';
import { bigintAsNumber } from '@liveline/core/domain';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('stories')
export class StoryEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') slug: string;
  @Column('text') title: string;
  @Column('text') summary: string;
  @Column('text') language: string;
  @Column('text', { name: 'time_zone' }) timeZone: string;
  @Column('text') status: StoryStatus;
  @Column('timestamptz', { name: 'coverage_started_at', nullable: true }) coverageStartedAt: Date | null;
  @Column('timestamptz', { name: 'coverage_ended_at', nullable: true }) coverageEndedAt: Date | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  @Column('bigint', { transformer: bigintAsNumber }) seq: number;
  @Column('uuid', { name: 'cover_image_id', nullable: true }) coverImageId: string | null;
  @Column('text', { name: 'cover_image_path', nullable: true }) coverImagePath: string | null;
}

export function toStory(s: StoryEntity): Story {
  return {
    id: s.id,
    slug: s.slug,
    title: s.title,
    summary: s.summary,
    language: s.language,
    direction: directionOf(s.language),
    timeZone: s.timeZone,
    status: s.status,
    coverageStartedAt: s.coverageStartedAt?.toISOString() ?? null,
    coverageEndedAt: s.coverageEndedAt?.toISOString() ?? null,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    seq: Number(s.seq),
    coverImage: s.coverImageId ?? null,
    coverImageUrl: s.coverImagePath ?? null,
  };
}

export const isPublicStory = (s: { status: StoryStatus }) => s.status !== 'draft';
