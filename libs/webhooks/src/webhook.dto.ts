import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://partner.example/liveline' })
  @IsString()
  @MaxLength(2000)
  url: string;

  @ApiPropertyOptional({ description: 'Story ids or slugs; absent: every story', type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  stories?: string[];

  @ApiPropertyOptional({ description: 'Signing secret; generated when absent' })
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(200)
  secret?: string;
}

export class RotateSecretDto {
  @ApiPropertyOptional({ description: 'New secret; generated when absent' })
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(200)
  secret?: string;

  @ApiPropertyOptional({ description: 'Seconds during which the old secret still signs (second v1=)', default: 86400 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(7 * 24 * 3600)
  graceSeconds?: number;
}

export class DeliveriesQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
