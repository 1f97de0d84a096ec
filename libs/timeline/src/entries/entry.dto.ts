import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ENTRY_STATUSES, type Author, type Entry, type EntryPage, type EntryStatus } from '@liveline/contracts';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { Absent } from '../optional';

const BODY_MAX = 200_000;

export class CreateEntryDto {
  @ApiProperty({ description: 'HTML; sanitized to the news allow-list', example: '<p>…</p>' })
  @IsString()
  @MinLength(1)
  @MaxLength(BODY_MAX)
  body: string;

  @ApiPropertyOptional({ description: 'Plain text' })
  @Absent()
  @IsString()
  @MaxLength(300)
  headline?: string;

  @ApiPropertyOptional({ description: 'When the reported event happened; defaults to publishedAt' })
  @Absent()
  @IsISO8601({ strict: true })
  occurredAt?: string;

  @ApiPropertyOptional() @Absent() @IsBoolean() keyEvent?: boolean;
  @ApiPropertyOptional() @Absent() @IsBoolean() pinned?: boolean;

  @ApiPropertyOptional({
    enum: ENTRY_STATUSES,
    description: 'Defaults to published for editors, submitted for contributors',
  })
  @Absent()
  @IsIn(ENTRY_STATUSES)
  status?: EntryStatus;

  @ApiPropertyOptional({ description: 'Required with status scheduled' })
  @Absent()
  @IsISO8601({ strict: true })
  scheduledAt?: string;
}

export class UpdateEntryDto {
  @ApiPropertyOptional() @Absent() @IsString() @MinLength(1) @MaxLength(BODY_MAX) body?: string;
  @ApiPropertyOptional() @Absent() @IsString() @MaxLength(300) headline?: string;
  @ApiPropertyOptional({ nullable: true, description: 'null resets it to publishedAt' })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsISO8601({ strict: true })
  occurredAt?: string | null;
  @ApiPropertyOptional() @Absent() @IsBoolean() keyEvent?: boolean;
  @ApiPropertyOptional() @Absent() @IsBoolean() pinned?: boolean;
  @ApiPropertyOptional({ enum: ENTRY_STATUSES }) @Absent() @IsIn(ENTRY_STATUSES) status?: EntryStatus;
  @ApiPropertyOptional({ nullable: true, description: 'null cancels a schedule (with status draft)' })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsISO8601({ strict: true })
  scheduledAt?: string | null;
}

export class EntryListQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @Absent()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number from 1 to 100' })
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @Absent()
  @IsString()
  @MaxLength(200)
  before?: string;

  @ApiPropertyOptional({ enum: [...ENTRY_STATUSES, 'all'], description: 'Newsroom only for anything but published' })
  @Absent()
  @IsIn([...ENTRY_STATUSES, 'all'])
  status?: EntryStatus | 'all';
}

class AuthorDto implements Author {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

// The OpenAPI shape of the contract's Entry: `implements` keeps the two from drifting apart.
export class EntryDto implements Entry {
  @ApiProperty() id: string;
  @ApiProperty() storyId: string;
  @ApiProperty() headline: string;
  @ApiProperty() body: string;
  @ApiProperty() occurredAt: string;
  @ApiProperty({ nullable: true, type: String }) publishedAt: string | null;
  @ApiProperty() updatedAt: string;
  @ApiProperty() keyEvent: boolean;
  @ApiProperty() pinned: boolean;
  @ApiProperty({ enum: ENTRY_STATUSES }) status: EntryStatus;
  @ApiProperty({ nullable: true, type: String }) scheduledAt: string | null;
  @ApiProperty({ type: AuthorDto }) author: AuthorDto;
  @ApiProperty() version: number;
}

export class EntryPageDto implements EntryPage {
  @ApiProperty({ type: [EntryDto] }) items: EntryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
  @ApiProperty() seq: number;
}
