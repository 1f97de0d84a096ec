import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { bearerToken } from '@liveline/accounts';
import { Env, errorBody } from '@liveline/core';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { MetricsService } from './metrics.service';

const digest = (s: string) => createHash('sha256').update(s).digest();

@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly env: Env,
  ) {}

  // With METRICS_TOKEN set, only a scraper holding it reads the metrics. Never readable from
  // another site's scripts: no CORS header here, whatever the API allows elsewhere.
  @Get()
  async scrape(@Req() req: Request, @Res() res: Response): Promise<void> {
    res.removeHeader('Access-Control-Allow-Origin');
    res.setHeader('Cache-Control', 'no-store');
    const expected = this.env.METRICS_TOKEN;
    if (expected) {
      const given = bearerToken(req.headers.authorization) ?? '';
      if (!timingSafeEqual(digest(given), digest(expected))) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
        res.status(401).json(errorBody(401, 'Send Authorization: Bearer <METRICS_TOKEN>'));
        return;
      }
    }
    const body = await this.metrics.registry.metrics();
    res.setHeader('Content-Type', this.metrics.registry.contentType);
    res.send(body);
  }
}
