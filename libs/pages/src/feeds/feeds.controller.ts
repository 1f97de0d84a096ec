import { Controller, Get, Param, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Env } from '@liveline/core';
import { EventLog, TimelineReader } from '@liveline/timeline';
import type { Request, Response } from 'express';
import { PAGE_CACHE_CONTROL, send } from '../send-rendered';
import { PagesExceptionFilter } from '../pages-exception.filter';
import { publicOrigin } from '../public-origin';
import { StorySnapshots } from '../story-snapshots';
import { FEED_CONTENT_TYPES, renderFeed, type FeedFormat } from './feed-documents';

const FEED_SIZE = 50;

@ApiExcludeController()
@UseFilters(PagesExceptionFilter)
@Controller('stories/:slug')
export class FeedsController {
  constructor(
    private readonly snapshots: StorySnapshots,
    private readonly reader: TimelineReader,
    private readonly log: EventLog,
    private readonly env: Env,
  ) {}

  @Get('feed.atom')
  atom(@Param('slug') slug: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.serve('atom', slug, req, res);
  }

  @Get('feed.rss')
  rss(@Param('slug') slug: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.serve('rss', slug, req, res);
  }

  @Get('feed.json')
  json(@Param('slug') slug: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.serve('json', slug, req, res);
  }

  private async serve(format: FeedFormat, slug: string, req: Request, res: Response): Promise<void> {
    const origin = publicOrigin(this.env, req);
    const { doc, read } = await this.snapshots.get(
      slug,
      `feed|${format}|${origin}`,
      FEED_CONTENT_TYPES[format],
      async (story, seq) => {
        const [page, last] = await Promise.all([
          this.reader.listEntries(story, { limit: FEED_SIZE }),
          // The latest public event dates the feed, so a deletion moves its updated time too.
          seq > 0 ? this.log.readSince(story.id, seq - 1, 1) : Promise.resolve([]),
        ]);
        return renderFeed(format, { story, entries: page.items, origin, updatedAt: last[0]?.at ?? story.updatedAt });
      },
    );
    send(req, res, doc, PAGE_CACHE_CONTROL, { read });
  }
}
