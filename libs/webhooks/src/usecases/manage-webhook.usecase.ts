import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@liveline/accounts';
import type { Webhook, WebhookTestResult, WebhookWithSecret } from '@liveline/contracts';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { WebhookDispatcher } from '../delivery/webhook-dispatcher';
import { secretsOf, WebhookSender } from '../delivery/webhook-sender';
import type { RotateSecretDto } from '../webhook.dto';
import { rowsOf, WebhookStore } from '../webhook-store';
import { WebhooksException } from '../webhooks.exception';
import { generateSecret } from './create-webhook.usecase';

const DEFAULT_GRACE_SECONDS = 24 * 3600;

@Injectable()
export class DeleteWebhook {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async execute(id: string): Promise<void> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw WebhooksException.notFound(id);
    const gone = rowsOf(await this.db.query('DELETE FROM webhooks WHERE id = $1 RETURNING id', [id]));
    if (!gone.length) throw WebhooksException.notFound(id);
  }
}

// The new secret signs from now on; the old one signs too (a second v1=) until the grace ends,
// so a receiver can switch secrets without rejecting a delivery.
@Injectable()
export class RotateWebhookSecret {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly store: WebhookStore,
  ) {}

  async execute(id: string, dto: RotateSecretDto): Promise<WebhookWithSecret> {
    await this.store.row(id);
    const secret = dto.secret ?? generateSecret();
    const grace = dto.graceSeconds ?? DEFAULT_GRACE_SECONDS;
    await this.db.query(
      `UPDATE webhooks SET previous_secret = CASE WHEN $3 > 0 THEN secret END,
              previous_secret_until = CASE WHEN $3 > 0 THEN now() + ($3 * interval '1 second') END,
              secret = $2, updated_at = now()
        WHERE id = $1`,
      [id, secret, grace],
    );
    return { ...(await this.store.get(id)), secret };
  }
}

@Injectable()
export class PauseWebhook {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly store: WebhookStore,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  async pause(id: string, actor: Pick<Actor, 'id' | 'name'>): Promise<Webhook> {
    await this.store.row(id);
    await this.db.query(
      `UPDATE webhooks SET state = 'paused', paused_at = now(), paused_reason = $2, updated_at = now() WHERE id = $1 AND state = 'active'`,
      [id, `Paused by ${actor.name}`],
    );
    return this.store.get(id);
  }

  // Continues from each story's cursor; a failing delivery is retried now, and its failure
  // clock restarts so it is not paused again at once.
  async resume(id: string): Promise<Webhook> {
    await this.store.row(id);
    await this.db.transaction(async (m) => {
      await m.query(
        `UPDATE webhooks SET state = 'active', paused_at = NULL, paused_reason = NULL, updated_at = now() WHERE id = $1`,
        [id],
      );
      await m.query(
        `UPDATE webhook_cursors SET next_attempt_at = now(), attempts = 0,
                failing_since = CASE WHEN failing_since IS NULL THEN NULL ELSE now() END
          WHERE webhook_id = $1`,
        [id],
      );
    });
    this.dispatcher.webhooksChanged();
    return this.store.get(id);
  }
}

// A signed `webhook.test` event, sent now, outside any story's order; not in the delivery log.
@Injectable()
export class SendTestEvent {
  constructor(
    private readonly store: WebhookStore,
    private readonly sender: WebhookSender,
  ) {}

  async execute(id: string): Promise<WebhookTestResult> {
    const w = await this.store.row(id);
    const eventId = `test:${randomUUID()}`;
    const body = JSON.stringify({ type: 'webhook.test', webhookId: w.id, at: new Date().toISOString() });
    const r = await this.sender.send({ url: w.url, secrets: secretsOf(w) }, eventId, body);
    return {
      ok: r.ok,
      eventId,
      ...(r.httpStatus !== undefined ? { httpStatus: r.httpStatus } : {}),
      ...(r.error ? { error: r.error } : {}),
    };
  }
}
