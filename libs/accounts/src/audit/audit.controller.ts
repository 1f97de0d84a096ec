import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { RequireRole } from '../auth/auth.guard';
import { AuditTrail } from './audit-trail';

class AuditQuery {
  @IsOptional() @IsIn(['entry', 'story', 'user']) targetType?: string;
  @IsOptional() @IsString() @MaxLength(64) targetId?: string;
  @IsOptional() @IsUUID() storyId?: string;
  @IsOptional() @IsUUID() actorId?: string;
  @IsOptional() @Matches(/^\d{1,19}$/, { message: 'before must be an audit record id' }) before?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit = 100;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditTrail) {}

  @Get()
  @RequireRole('editor')
  async list(@Query() q: AuditQuery) {
    return { items: await this.audit.list(q) };
  }
}
