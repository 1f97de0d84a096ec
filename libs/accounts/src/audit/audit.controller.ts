import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import type { Actor } from '../auth/actor';
import { CurrentActor, RequireRole } from '../auth/auth.guard';
import { AuditTrail, type AuditItem } from './audit-trail';

class AuditQuery {
  @IsOptional() @IsIn(['entry', 'story', 'user', 'media']) targetType?: string;
  @IsOptional() @IsString() @MaxLength(64) targetId?: string;
  @IsOptional() @IsUUID() storyId?: string;
  @IsOptional() @IsUUID() actorId?: string;
  @IsOptional() @Matches(/^\d{1,19}$/, { message: 'before must be an audit record id' }) before?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit = 100;
}

/** The value without any `email` field, at any depth: editors read the trail, not the staff list. */
function withoutEmails(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmails);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== 'email')
      .map(([k, v]) => [k, withoutEmails(v)]),
  );
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditTrail) {}

  @Get()
  @RequireRole('editor')
  async list(@Query() q: AuditQuery, @CurrentActor() actor: Actor) {
    const items = await this.audit.list(q);
    if (actor.role === 'admin') return { items };
    return {
      items: items.map((a): AuditItem => ({ ...a, details: withoutEmails(a.details) as Record<string, unknown> })),
    };
  }
}
