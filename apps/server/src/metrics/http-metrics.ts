import type { NextFunction, Request, Response } from 'express';
import type { MetricsService } from './metrics.service';

// Labelled by the matched route template (/api/stories/:ref/entries), never the raw URL, so
// the series stay bounded; requests no route matched share one label.
export function httpMetrics(metrics: MetricsService) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
    });
    next();
  };
}
