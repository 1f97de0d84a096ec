import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '@liveline/accounts';
import { IsString, MaxLength } from 'class-validator';
import { EmbedPreviews } from './embed-previews.service';

export class PreviewQuery {
  @IsString()
  @MaxLength(2048)
  url: string;
}

@ApiTags('embeds')
@Controller('embeds')
export class EmbedsController {
  constructor(private readonly previews: EmbedPreviews) {}

  @Get('preview')
  @RequireRole('contributor')
  @ApiBearerAuth()
  preview(@Query() q: PreviewQuery) {
    return this.previews.preview(q.url);
  }
}
