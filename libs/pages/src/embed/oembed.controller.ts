import { Controller, Get, Header, NotImplementedException, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Env } from '@liveline/core';
import { TimelineReader } from '@liveline/timeline';
import type { Request } from 'express';
import { PagesException } from '../pages.exception';
import { publicOrigin } from '../public-origin';
import { buildOembed, storyRefFromUrl, type OembedRich } from './oembed';

// JSON errors here (the global filter): oEmbed consumers are programs, not readers.
@ApiTags('embed')
@Controller('oembed')
export class OembedController {
  constructor(
    private readonly reader: TimelineReader,
    private readonly env: Env,
  ) {}

  @Get()
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'oEmbed (rich) for a story page or embed URL' })
  @ApiQuery({ name: 'url', description: 'A /stories/:slug or /embed/:slug URL of this service' })
  @ApiQuery({ name: 'format', required: false, enum: ['json'] })
  @ApiQuery({ name: 'maxwidth', required: false, type: Number })
  @ApiQuery({ name: 'maxheight', required: false, type: Number })
  @ApiOkResponse({ description: 'oEmbed 1.0 rich response' })
  async oembed(
    @Query('url') url: unknown,
    @Query('format') format: unknown,
    @Query('maxwidth') maxwidth: unknown,
    @Query('maxheight') maxheight: unknown,
    @Req() req: Request,
  ): Promise<OembedRich> {
    if (format !== undefined && format !== 'json') throw new NotImplementedException('Only format=json is supported');
    const origin = publicOrigin(this.env, req);
    const ref = typeof url === 'string' ? storyRefFromUrl(url, origin) : null;
    if (!ref) throw PagesException.badOembedUrl(typeof url === 'string' ? url : '');
    const story = await this.reader.findStory(ref);
    return buildOembed(story, origin, { width: Number(maxwidth ?? NaN), height: Number(maxheight ?? NaN) });
  }
}
