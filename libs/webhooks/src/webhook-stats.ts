import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

// What /metrics asks about webhooks across the cluster (the database is the shared truth).
@Injectable()
export class WebhookStats {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async pausedCount(): Promise<number> {
    const [row] = (await this.db.query(`SELECT count(*)::int AS n FROM webhooks WHERE state = 'paused'`)) as {
      n: number;
    }[];
    return row?.n ?? 0;
  }

  /** Per webhook: seconds since the `at` of its oldest undelivered event (0 when caught up). */
  async lagSeconds(): Promise<Map<string, number>> {
    const rows = (await this.db.query(
      `SELECT w.id, COALESCE(EXTRACT(EPOCH FROM now() - min(e.at)), 0)::float8 AS lag
         FROM webhooks w
         LEFT JOIN webhook_cursors c ON c.webhook_id = w.id
         LEFT JOIN events e ON e.story_id = c.story_id AND e.seq = c.delivered_seq + 1
        GROUP BY w.id`,
    )) as { id: string; lag: number }[];
    return new Map(rows.map((r) => [r.id, Math.max(0, Number(r.lag))]));
  }
}
