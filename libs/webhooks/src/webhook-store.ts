import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Webhook, WebhookDelivery } from '@liveline/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { WebhooksException } from './webhooks.exception';

export interface WebhookRow {
  id: string;
  url: string;
  stories: string[] | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_until: Date | null;
  state: 'active' | 'paused';
  paused_reason: string | null;
  paused_at: Date | null;
  created_at: Date;
}

/** TypeORM returns `[rows, count]` for UPDATE … RETURNING on pg and plain rows elsewhere. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number')
    return result[0] as T[];
  return (Array.isArray(result) ? result : []) as T[];
}

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : undefined);

export function toWebhook(w: WebhookRow, failing: { failing: number; lastError?: string } = { failing: 0 }): Webhook {
  const until =
    w.previous_secret_until && new Date(w.previous_secret_until) > new Date()
      ? iso(w.previous_secret_until)
      : undefined;
  return {
    id: w.id,
    url: w.url,
    stories: w.stories,
    state: w.state,
    ...(w.paused_reason ? { pausedReason: w.paused_reason } : {}),
    ...(w.paused_at ? { pausedAt: iso(w.paused_at) } : {}),
    ...(until ? { previousSecretUntil: until } : {}),
    failing: failing.failing,
    ...(failing.lastError ? { lastError: failing.lastError } : {}),
    createdAt: iso(w.created_at)!,
  };
}

// Reads of webhooks and their delivery log.
@Injectable()
export class WebhookStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async row(id: string, m: EntityManager = this.db.manager): Promise<WebhookRow> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw WebhooksException.notFound(id);
    const [row] = (await m.query('SELECT * FROM webhooks WHERE id = $1', [id])) as WebhookRow[];
    if (!row) throw WebhooksException.notFound(id);
    return row;
  }

  async get(id: string): Promise<Webhook> {
    const row = await this.row(id);
    return toWebhook(row, (await this.failing([id])).get(id));
  }

  async list(): Promise<Webhook[]> {
    const rows = (await this.db.query('SELECT * FROM webhooks ORDER BY created_at DESC, id')) as WebhookRow[];
    const failing = await this.failing(rows.map((r) => r.id));
    return rows.map((r) => toWebhook(r, failing.get(r.id)));
  }

  async deliveries(id: string, limit: number): Promise<WebhookDelivery[]> {
    await this.row(id);
    const rows = (await this.db.query(
      `SELECT story_id, seq, status, http_status, attempts, last_error, delivered_at, updated_at
         FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY updated_at DESC, id DESC LIMIT $2`,
      [id, limit],
    )) as {
      story_id: string;
      seq: string;
      status: WebhookDelivery['status'];
      http_status: number | null;
      attempts: number;
      last_error: string | null;
      delivered_at: Date | null;
      updated_at: Date;
    }[];
    return rows.map((r) => ({
      storyId: r.story_id,
      seq: Number(r.seq),
      status: r.status,
      ...(r.http_status !== null ? { httpStatus: r.http_status } : {}),
      attempts: r.attempts,
      ...(r.last_error ? { lastError: r.last_error } : {}),
      ...(r.delivered_at ? { deliveredAt: iso(r.delivered_at) } : {}),
      updatedAt: iso(r.updated_at)!,
    }));
  }

  private async failing(ids: string[]): Promise<Map<string, { failing: number; lastError?: string }>> {
    const out = new Map<string, { failing: number; lastError?: string }>();
    if (!ids.length) return out;
    const rows = (await this.db.query(
      `SELECT webhook_id, count(*)::int AS failing, (array_agg(last_error ORDER BY next_attempt_at DESC))[1] AS last_error
         FROM webhook_cursors WHERE webhook_id = ANY($1::uuid[]) AND failing_since IS NOT NULL GROUP BY webhook_id`,
      [ids],
    )) as { webhook_id: string; failing: number; last_error: string | null }[];
    for (const r of rows)
      out.set(r.webhook_id, { failing: r.failing, ...(r.last_error ? { lastError: r.last_error } : {}) });
    return out;
  }
}
