import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

// The text fields of an upload (multipart) and of PATCH /api/media/:id.
export class MediaTextDto {
  @ApiPropertyOptional({
    maxLength: 1000,
    description:
      'Describes the image for people who cannot see it; required before an entry with it is published from the newsroom',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  alt?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  caption?: string;

  @ApiPropertyOptional({ maxLength: 300, example: 'Reuters/Gleb Garanich' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  credit?: string;
}
