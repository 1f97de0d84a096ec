import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  isLanguageTag,
  isTimeZone,
  STORY_STATUSES,
  type Direction,
  type Story,
  type StoryStatus,
} from '@liveline/contracts';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, registerDecorator } from 'class-validator';
import { Absent } from '../optional';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

function IsLanguageTag() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isLanguageTag',
      target: target.constructor,
      propertyName,
      validator: {
        validate: (v: unknown) => typeof v === 'string' && v.length <= 35 && isLanguageTag(v),
        defaultMessage: () => `${propertyName} must be a BCP 47 language tag such as ar, en or fr-CA`,
      },
    });
}

function IsTimeZone() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName,
      validator: {
        validate: (v: unknown) => isTimeZone(v),
        defaultMessage: () => `${propertyName} must be an IANA time zone such as Europe/Kyiv, Asia/Riyadh or UTC`,
      },
    });
}

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export class CreateStoryDto {
  @ApiProperty({ example: 'أوستن في كييف' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title: string;

  @ApiPropertyOptional({ example: 'austin-kyiv', pattern: SLUG_PATTERN.source })
  @Absent()
  @IsString()
  @MaxLength(120)
  @Matches(SLUG_PATTERN, { message: 'slug must be lowercase ASCII letters and digits separated by single hyphens' })
  slug?: string;

  @ApiPropertyOptional()
  @Absent()
  @Transform(trim)
  @IsString()
  @MaxLength(5000)
  summary?: string;

  @ApiPropertyOptional({ example: 'ar', description: 'BCP 47 language tag; gives direction' })
  @Absent()
  @IsLanguageTag()
  language?: string;

  @ApiPropertyOptional({
    example: 'Europe/Kyiv',
    description: 'IANA time zone readers see times in; default DEFAULT_TIME_ZONE',
  })
  @Absent()
  @IsTimeZone()
  timeZone?: string;

  @ApiPropertyOptional({ enum: STORY_STATUSES, default: 'draft' })
  @Absent()
  @IsIn(STORY_STATUSES)
  status?: StoryStatus;
}

export class UpdateStoryDto {
  @ApiPropertyOptional()
  @Absent()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ pattern: SLUG_PATTERN.source })
  @Absent()
  @IsString()
  @MaxLength(120)
  @Matches(SLUG_PATTERN, { message: 'slug must be lowercase ASCII letters and digits separated by single hyphens' })
  slug?: string;

  @ApiPropertyOptional()
  @Absent()
  @Transform(trim)
  @IsString()
  @MaxLength(5000)
  summary?: string;

  @ApiPropertyOptional()
  @Absent()
  @IsLanguageTag()
  language?: string;

  @ApiPropertyOptional({ example: 'Europe/Kyiv' })
  @Absent()
  @IsTimeZone()
  timeZone?: string;

  @ApiPropertyOptional({ enum: STORY_STATUSES })
  @Absent()
  @IsIn(STORY_STATUSES)
  status?: StoryStatus;

  @ApiPropertyOptional({ nullable: true, description: 'Media id of the cover image (og:image); null removes it' })
  @IsOptional()
  @IsUUID()
  coverImage?: string | null;
}

export class StoryListQuery {
  @ApiPropertyOptional({ enum: STORY_STATUSES })
  @Absent()
  @IsIn(STORY_STATUSES)
  status?: StoryStatus;
}

// The OpenAPI shape of the contract's Story: `implements` keeps the two from drifting apart.
export class StoryDto implements Story {
  @ApiProperty() id: string;
  @ApiProperty() slug: string;
  @ApiProperty() title: string;
  @ApiProperty() summary: string;
  @ApiProperty() language: string;
  @ApiProperty({ enum: ['rtl', 'ltr'] }) direction: Direction;
  @ApiProperty({ example: 'Europe/Kyiv' }) timeZone: string;
  @ApiProperty({ enum: STORY_STATUSES }) status: StoryStatus;
  @ApiProperty({ nullable: true, type: String }) coverageStartedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) coverageEndedAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ description: 'Latest public event number' }) seq: number;
  @ApiProperty({ nullable: true, type: String, description: 'Media id of the cover image' }) coverImage: string | null;
  @ApiProperty({ nullable: true, type: String }) coverImageUrl: string | null;
}
