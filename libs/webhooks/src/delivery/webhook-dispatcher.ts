import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { TimelineEvent } from '@liveline/contracts';
import { Env } from '@liveline/core';
import { EventLog } from '@liveline/timeline';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { DataSource } from 'typeorm';
import { rowsOf } from '../webhook-store';
import { retryDelayMs } from './backoff';
import { secretsOf, WebhookSender, type SendResult } from './webhook-sender';

interface Claimed {
  /** This claim's lease token: a later claim of the same cursor, even by this process, is another. */
  token: string;
  webhook_id: string;
  story_id: string;
  delivered_seq: string;
  attempts: number;
}

interface Leased {
  url: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_until: Date | null;
}

export interface DeliveryOutcome {
  webhookId: string;
  storyId: string;
  seq: number;
  ok: boolean;
  /** Milliseconds from the event's `at` to this attempt's end. */
  lagMs: number;
}

// The delivery log is for looking back a while, not an archive: delivered rows go after a week.
const PRUNE_EVERY_MS = 10 * 60 * 1000;

// Delivers the event log to webhooks. Every (webhook, story) has a cursor row; a process takes
// a lease on a due cursor (one short UPDATE … FOR UPDATE SKIP LOCKED, no session state, so it
// works through PgBouncer transaction pooling), sends the next events one at a time, and
// advances the cursor in the transaction that records each 2xx. A process killed mid-request
// leaves its lease to expire; the next holder resends that one event (at most one repeat).
// Woken by wake() (the app wires it to the event NOTIFY) and by a cheap poll for retries and
// for events committed while a listener was down.
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WebhookDispatcher');
  readonly owner: string;
  private readonly leaseMs: number;
  private readonly running = new Set<Promise<void>>();
  private readonly listeners: ((o: DeliveryOutcome) => void)[] = [];
  private timer?: NodeJS.Timeout;
  private ticking = false;
  private again = false;
  private closing = false;
  private lastCursorSweep = 0;
  // Active webhooks as of the last sweep: with none, an event's wake-up costs no query.
  private activeWebhooks = Infinity;
  private lastPrune = 0;
  private claims = 0;
  // Cursors this process is delivering: never claimed twice here, even if a stall outlived the lease.
  private readonly active = new Set<string>();

  constructor(
    private readonly env: Env,
    @InjectDataSource() private readonly db: DataSource,
    private readonly log: EventLog,
    private readonly sender: WebhookSender,
  ) {
    this.owner = `${env.INSTANCE_ID ?? hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    // Longer than one whole request plus its bookkeeping, so a live holder keeps its lease.
    this.leaseMs = Math.max(env.WEBHOOK_LEASE_MS, env.WEBHOOK_TIMEOUT_MS + 5000);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.wake(), this.env.WEBHOOK_POLL_MS);
    this.timer.unref();
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    clearInterval(this.timer);
    // Workers stop after their current request and release their leases.
    await Promise.allSettled([...this.running]);
  }

  onOutcome(listener: (o: DeliveryOutcome) => void): void {
    this.listeners.push(listener);
  }

  /**
   * A webhook was created or resumed here: the next scan sweeps cursors and counts webhooks
   * again at once. (Another process's new webhook is seen by the next sweep, within
   * WEBHOOK_POLL_MS; its cursors start from the first event, so nothing is missed.)
   */
  webhooksChanged(): void {
    this.lastCursorSweep = 0;
    this.wake();
  }

  /** Look for due deliveries now (new events, a resumed webhook). Cheap to call often. */
  wake(): void {
    if (this.closing) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = true;
    this.tick()
      .catch((e: Error) => this.logger.warn(`Webhook scan failed: ${e.message}`))
      .finally(() => {
        this.ticking = false;
        if (this.again) {
          this.again = false;
          setImmediate(() => this.wake());
        }
      });
  }

  private async tick(): Promise<void> {
    if (Date.now() - this.lastCursorSweep >= this.env.WEBHOOK_POLL_MS) {
      this.lastCursorSweep = Date.now();
      this.activeWebhooks = await this.addMissingCursors();
    }
    if (Date.now() - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = Date.now();
      await this.db.query(
        `DELETE FROM webhook_deliveries WHERE status = 'delivered' AND delivered_at < now() - interval '7 days'`,
      );
    }
    const free = this.env.WEBHOOK_CONCURRENCY - this.running.size;
    if (free <= 0 || this.activeWebhooks === 0) return;
    for (const c of await this.claim(free)) {
      const key = `${c.webhook_id}:${c.story_id}`;
      this.active.add(key);
      const work: Promise<void> = this.deliver(c)
        .catch((e: Error) => this.logger.error(`Webhook delivery ${key} failed: ${e.stack}`))
        .finally(() => {
          this.active.delete(key);
          this.running.delete(work);
          this.wake();
        });
      this.running.add(work);
    }
  }

  // Stories created after a webhook (or not covered by a sweep yet) start from their first event.
  // Returns how many webhooks are active, in the same statement.
  private async addMissingCursors(): Promise<number> {
    const [row]: { active: string | number }[] = await this.db.query(
      `WITH added AS (
         INSERT INTO webhook_cursors (webhook_id, story_id, delivered_seq)
         SELECT w.id, s.id, 0 FROM webhooks w JOIN stories s ON w.stories IS NULL OR s.id = ANY (w.stories)
          WHERE s.seq > 0 AND NOT EXISTS (SELECT 1 FROM webhook_cursors c WHERE c.webhook_id = w.id AND c.story_id = s.id)
         ON CONFLICT DO NOTHING
       )
       SELECT count(*) AS active FROM webhooks WHERE state = 'active'`,
    );
    return Number(row?.active ?? 0);
  }

  private async claim(limit: number): Promise<Claimed[]> {
    const token = `${this.owner}:${++this.claims}`;
    const result: unknown = await this.db.query(
      `UPDATE webhook_cursors c SET lease_owner = $1, lease_until = now() + ($2 * interval '1 millisecond')
         FROM (SELECT c2.webhook_id, c2.story_id FROM webhook_cursors c2
                 JOIN webhooks w ON w.id = c2.webhook_id AND w.state = 'active'
                 JOIN stories s ON s.id = c2.story_id AND s.seq > c2.delivered_seq
                WHERE c2.next_attempt_at <= now() AND (c2.lease_until IS NULL OR c2.lease_until < now())
                  AND NOT (c2.webhook_id::text || ':' || c2.story_id::text = ANY ($4::text[]))
                ORDER BY c2.next_attempt_at LIMIT $3
                FOR UPDATE OF c2 SKIP LOCKED) due
        WHERE c.webhook_id = due.webhook_id AND c.story_id = due.story_id
        RETURNING c.lease_owner AS token, c.webhook_id, c.story_id, c.delivered_seq, c.attempts`,
      [token, this.leaseMs, limit, [...this.active]],
    );
    return rowsOf<Claimed>(result);
  }

  private async deliver(c: Claimed): Promise<void> {
    let delivered = Number(c.delivered_seq);
    let attempts = c.attempts;
    try {
      while (!this.closing) {
        const target = await this.renewLease(c);
        if (!target || this.closing) return;
        // One event per read, just before it is sent: a correction or deletion committed while
        // earlier events were going out is what this one carries (the log rewrites superseded events).
        const [event] = await this.log.readSince(c.story_id, delivered, 1);
        if (!event) return;
        const result = await this.sender.send(
          { url: target.url, secrets: secretsOf(target) },
          `${event.storyId}:${event.seq}`,
          JSON.stringify(event),
        );
        this.report(c, event, result.ok);
        if (!result.ok) {
          await this.recordFailure(c, event, attempts + 1, result);
          return;
        }
        if (!(await this.recordSuccess(c, event, attempts + 1, result))) return;
        delivered = event.seq;
        attempts = 0;
      }
    } finally {
      await this.release(c);
    }
  }

  private report(c: Claimed, event: TimelineEvent, ok: boolean) {
    const o: DeliveryOutcome = {
      webhookId: c.webhook_id,
      storyId: c.story_id,
      seq: event.seq,
      ok,
      lagMs: Math.max(0, Date.now() - Date.parse(event.at)),
    };
    for (const l of this.listeners) l(o);
  }

  // Extends our lease before each request and reads the webhook's current target and secrets;
  // null when the lease was lost or the webhook was paused or deleted meanwhile.
  private async renewLease(c: Claimed): Promise<Leased | null> {
    const result: unknown = await this.db.query(
      `UPDATE webhook_cursors c SET lease_until = now() + ($4 * interval '1 millisecond')
         FROM webhooks w
        WHERE c.webhook_id = $1 AND c.story_id = $2 AND c.lease_owner = $3 AND w.id = c.webhook_id AND w.state = 'active'
        RETURNING w.url, w.secret, w.previous_secret, w.previous_secret_until`,
      [c.webhook_id, c.story_id, c.token, this.leaseMs],
    );
    return rowsOf<Leased>(result)[0] ?? null;
  }

  // The 2xx and the cursor move commit together: after a crash either both happened or neither.
  private async recordSuccess(c: Claimed, event: TimelineEvent, attempts: number, r: SendResult): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const moved = rowsOf(
        await m.query(
          `UPDATE webhook_cursors SET delivered_seq = $3, attempts = 0, failing_since = NULL, last_error = NULL, next_attempt_at = now()
            WHERE webhook_id = $1 AND story_id = $2 AND lease_owner = $4 AND delivered_seq < $3 RETURNING 1 AS ok`,
          [c.webhook_id, c.story_id, event.seq, c.token],
        ),
      );
      if (!moved.length) return false;
      await m.query(
        `INSERT INTO webhook_deliveries (webhook_id, story_id, seq, status, http_status, attempts, delivered_at, updated_at)
         VALUES ($1, $2, $3, 'delivered', $4, $5, now(), now())
         ON CONFLICT (webhook_id, story_id, seq) DO UPDATE
           SET status = 'delivered', http_status = $4, attempts = $5, last_error = NULL, delivered_at = now(), updated_at = now()`,
        [c.webhook_id, c.story_id, event.seq, r.httpStatus ?? null, attempts],
      );
      return true;
    });
  }

  private async recordFailure(c: Claimed, event: TimelineEvent, attempts: number, r: SendResult): Promise<void> {
    const delay = retryDelayMs(attempts, this.env.WEBHOOK_RETRY_MAX_MS);
    const error = r.error ?? 'failed';
    await this.db.transaction(async (m) => {
      const [row] = rowsOf<{ overdue: boolean; failing_since: Date }>(
        await m.query(
          `UPDATE webhook_cursors
              SET attempts = $3, next_attempt_at = now() + ($4 * interval '1 millisecond'), failing_since = COALESCE(failing_since, now()),
                  last_error = $5, lease_owner = NULL, lease_until = NULL
            WHERE webhook_id = $1 AND story_id = $2 AND lease_owner = $6
            RETURNING failing_since < now() - ($7 * interval '1 second') AS overdue, failing_since`,
          [c.webhook_id, c.story_id, attempts, delay, error, c.token, this.env.WEBHOOK_PAUSE_AFTER],
        ),
      );
      if (!row) return;
      await m.query(
        `INSERT INTO webhook_deliveries (webhook_id, story_id, seq, status, http_status, attempts, last_error, updated_at)
         VALUES ($1, $2, $3, 'failing', $4, $5, $6, now())
         ON CONFLICT (webhook_id, story_id, seq) DO UPDATE
           SET status = 'failing', http_status = $4, attempts = $5, last_error = $6, updated_at = now()`,
        [c.webhook_id, c.story_id, event.seq, r.httpStatus ?? null, attempts, error],
      );
      if (row.overdue) {
        const since = new Date(row.failing_since).toISOString();
        await m.query(
          `UPDATE webhooks SET state = 'paused', paused_at = now(), updated_at = now(), paused_reason = $2 WHERE id = $1 AND state = 'active'`,
          [
            c.webhook_id,
            `Failing since ${since} (story ${c.story_id}, seq ${event.seq}, ${attempts} attempts): ${error}`,
          ],
        );
        this.logger.warn(`Webhook ${c.webhook_id} paused: failing since ${since}`);
      }
    });
  }

  private async release(c: Claimed): Promise<void> {
    await this.db
      .query(
        `UPDATE webhook_cursors SET lease_owner = NULL, lease_until = NULL WHERE webhook_id = $1 AND story_id = $2 AND lease_owner = $3`,
        [c.webhook_id, c.story_id, c.token],
      )
      .catch((e: Error) => this.logger.warn(`Could not release a webhook lease (it expires by itself): ${e.message}`));
  }
}
