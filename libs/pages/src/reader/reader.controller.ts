import { Controller, Get, Inject, Optional, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { EMBED_PREVIEW_LOOKUP, type EmbedPreviewLookup } from '@liveline/contracts';
import { Env } from '@liveline/core';
import { TimelineReader } from '@liveline/timeline';
import type { Request, Response } from 'express';
import { WebAssets } from '../assets/web-assets';
import { embedUrlsOf } from '../markup/embed-card';
import { PAGE_CACHE_CONTROL, send } from '../send-rendered';
import { PagesExceptionFilter } from '../pages-exception.filter';
import { publicOrigin } from '../public-origin';
import { StorySnapshots } from '../story-snapshots';
import { renderReaderDocument } from './reader-document';

export const PAGE_SIZE = 20;
const KEY_EVENTS = 20;
type Theme = 'light' | 'dark' | 'auto';

@ApiExcludeController()
@UseFilters(PagesExceptionFilter)
@Controller()
export class ReaderController {
  constructor(
    private readonly snapshots: StorySnapshots,
    private readonly reader: TimelineReader,
    private readonly assets: WebAssets,
    private readonly env: Env,
    // Offered by the embeds lib when it is loaded; cards then show what its cache knows.
    @Optional() @Inject(EMBED_PREVIEW_LOOKUP) private readonly embedPreviews?: EmbedPreviewLookup,
  ) {}

  @Get('stories/:slug')
  async page(
    @Param('slug') slug: string,
    @Query('before') before: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.serve('page', slug, before, 'auto', req, res);
  }

  @Get('embed/:slug')
  async embed(
    @Param('slug') slug: string,
    @Query('before') before: unknown,
    @Query('theme') theme: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.serve('embed', slug, before, theme === 'dark' || theme === 'auto' ? theme : 'light', req, res);
  }

  private async serve(
    mode: 'page' | 'embed',
    slug: string,
    before: unknown,
    theme: Theme,
    req: Request,
    res: Response,
  ): Promise<void> {
    const origin = publicOrigin(this.env, req);
    const cursor = typeof before === 'string' && before.length > 0 ? before : null;
    const { doc, read } = await this.snapshots.get(
      slug,
      `${mode}|${theme}|${origin}|${cursor ?? ''}`,
      'text/html; charset=utf-8',
      async (story, seq) => {
        const [page, keyEvents, pinned] = await Promise.all([
          this.reader.listEntries(story, { limit: PAGE_SIZE, before: cursor ?? undefined }),
          this.reader.keyEvents(story.id, KEY_EVENTS),
          cursor ? null : this.reader.pinnedEntry(story.id),
        ]);
        const embeds = await this.embedPreviews?.known(
          embedUrlsOf([...page.items, ...(pinned ? [pinned] : [])].map((e) => e.body)),
        );
        return renderReaderDocument({
          mode,
          story,
          seq,
          page,
          pinned,
          keyEvents,
          before: cursor,
          limit: PAGE_SIZE,
          embeds,
          origin,
          assets: { readerJs: this.assets.path('reader.js'), css: this.assets.path('reader.css') },
          theme,
        });
      },
    );
    // Framing and CSP come from the server's per-prefix policy (apps/server/src/security): the
    // embed may be framed by any site, the page by none.
    send(req, res, doc, PAGE_CACHE_CONTROL, { read });
  }
}
