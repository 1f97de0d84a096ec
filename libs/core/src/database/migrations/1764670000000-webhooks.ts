import type { MigrationInterface, QueryRunner } from 'typeorm';

// Webhooks (CONTRACT v1.1): the targets, one delivery cursor per (webhook, story) and a delivery log.
export class Webhooks1764670000000 implements MigrationInterface {
  name = 'Webhooks1764670000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhooks (
        id uuid PRIMARY KEY,
        url text NOT NULL,
        stories uuid[],
        secret text NOT NULL,
        previous_secret text,
        previous_secret_until timestamptz,
        state text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'paused')),
        paused_reason text,
        paused_at timestamptz,
        created_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // delivered_seq only moves in the transaction that records the 2xx for delivered_seq + 1.
    // A lease (owner, until) lets exactly one process deliver a (webhook, story) at a time
    // without session state, so it works through PgBouncer transaction pooling.
    await q.query(`
      CREATE TABLE webhook_cursors (
        webhook_id uuid NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
        story_id uuid NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        delivered_seq bigint NOT NULL CHECK (delivered_seq >= 0),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        failing_since timestamptz,
        last_error text,
        lease_owner text,
        lease_until timestamptz,
        PRIMARY KEY (webhook_id, story_id)
      )`);
    await q.query(`CREATE INDEX webhook_cursors_due_idx ON webhook_cursors (next_attempt_at)`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id bigserial PRIMARY KEY,
        webhook_id uuid NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
        story_id uuid NOT NULL,
        seq bigint NOT NULL,
        status text NOT NULL CHECK (status IN ('delivered', 'failing')),
        http_status integer,
        attempts integer NOT NULL,
        last_error text,
        delivered_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (webhook_id, story_id, seq)
      )`);
    await q.query(
      `CREATE INDEX webhook_deliveries_recent_idx ON webhook_deliveries (webhook_id, updated_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX webhook_deliveries_prune_idx ON webhook_deliveries (delivered_at) WHERE status = 'delivered'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE webhook_deliveries');
    await q.query('DROP TABLE webhook_cursors');
    await q.query('DROP TABLE webhooks');
  }
}
