import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { parseMediaName } from '@liveline/contracts';
import type { Request, Response } from 'express';
import { MediaLibrary } from '../media-library';
import { MEDIA_STORE, type MediaStore } from '../storage/media-store';
import { surrogateKeyOf } from '../usecases/take-down-media.usecase';
import { byteRange } from './byte-range';

const IMMUTABLE = 'public, max-age=31536000, immutable';

// GET /media/<hash>-<w>x<h>.<ext>: the names are content-addressed, so a file never changes and
// may be cached for ever. Every request reads the item's row first (nothing is cached in the
// process), so a takedown answers 410 on every process at once.
@ApiExcludeController()
@Controller('media')
export class MediaFilesController {
  constructor(
    private readonly library: MediaLibrary,
    @Inject(MEDIA_STORE) private readonly store: MediaStore,
  ) {}

  @Get(':name')
  async serve(@Param('name') name: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    const parsed = parseMediaName(name);
    const item = parsed ? await this.library.byHash(parsed.hash) : null;
    if (!item || !item.renditions.some((r) => r.name === name)) return refuse(res, 404, 'No such media file');
    const tag = surrogateKeyOf(item.id);
    res.setHeader('Surrogate-Key', tag);
    res.setHeader('Cache-Tag', tag);
    if (item.deletedAt) return refuse(res, 410, 'This image was taken down');
    const file = await this.store.get(name);
    if (!file) return refuse(res, 404, 'No such media file');
    const etag = `"${name}"`;
    res.setHeader('Cache-Control', IMMUTABLE);
    res.setHeader('ETag', etag);
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    if (req.headers['if-none-match']?.split(/\s*,\s*/).includes(etag)) {
      res.status(304).end();
      return;
    }
    const ifRange = req.headers['if-range'];
    const range =
      req.headers.range && (!ifRange || ifRange === etag) ? byteRange(req.headers.range, file.data.length) : null;
    if (range === 'unsatisfiable') {
      res.setHeader('Content-Range', `bytes */${file.data.length}`);
      return refuse(res, 416, 'Range not satisfiable');
    }
    if (range) {
      res.status(206).setHeader('Content-Range', `bytes ${range.start}-${range.end}/${file.data.length}`);
      res.setHeader('Content-Length', String(range.end - range.start + 1));
      res.end(req.method === 'HEAD' ? undefined : file.data.subarray(range.start, range.end + 1));
      return;
    }
    res.setHeader('Content-Length', String(file.data.length));
    res.status(200).end(req.method === 'HEAD' ? undefined : file.data);
  }
}

function refuse(res: Response, status: number, message: string): void {
  // Not cached: a CDN must ask again (and a takedown must not be undone by a stale copy).
  res.setHeader('Cache-Control', 'no-store');
  const error = { 410: 'Gone', 416: 'Range Not Satisfiable' }[status as 410 | 416] ?? 'Not Found';
  res.status(status).json({ statusCode: status, error, message });
}
