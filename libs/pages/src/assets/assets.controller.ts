import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { send } from '../send-rendered';
import { WebAssets, type WebAsset } from './web-assets';

// A URL carrying the content hash never changes; the bare one (what partners paste) may,
// so it stays fresh for an hour and revalidates cheaply by ETag after that.
const VERSIONED = 'public, max-age=31536000, immutable';
const UNVERSIONED = 'public, max-age=3600, stale-while-revalidate=86400';

@ApiExcludeController()
@Controller()
export class AssetsController {
  constructor(private readonly assets: WebAssets) {}

  @Get('widget.js')
  widget(@Query('v') v: string | undefined, @Req() req: Request, @Res() res: Response): void {
    this.serve('widget.js', v, req, res);
  }

  @Get('reader.js')
  reader(@Query('v') v: string | undefined, @Req() req: Request, @Res() res: Response): void {
    this.serve('reader.js', v, req, res);
  }

  @Get('embed-host.js')
  embedHost(@Query('v') v: string | undefined, @Req() req: Request, @Res() res: Response): void {
    this.serve('embed-host.js', v, req, res);
  }

  @Get('reader.css')
  css(@Query('v') v: string | undefined, @Req() req: Request, @Res() res: Response): void {
    this.serve('reader.css', v, req, res);
  }

  private serve(name: WebAsset, v: string | undefined, req: Request, res: Response): void {
    const asset = this.assets.get(name);
    const current = v !== undefined && v === this.assets.version(asset);
    send(req, res, asset, current ? VERSIONED : UNVERSIONED, {
      // Scripts load cross-origin into partners' pages.
      headers: { 'Cross-Origin-Resource-Policy': 'cross-origin', 'Access-Control-Allow-Origin': '*' },
    });
  }
}
