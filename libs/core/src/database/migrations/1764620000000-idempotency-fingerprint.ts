import type { MigrationInterface, QueryRunner } from 'typeorm';

// An Idempotency-Key replays only the request it was first used for: the key row keeps that
// request's story and a fingerprint of its fields. The key row is written before its entry in the
// same transaction (so a concurrent repeat waits on the key's primary key), hence the deferred FK.
export class IdempotencyFingerprint1764620000000 implements MigrationInterface {
  name = 'IdempotencyFingerprint1764620000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_keys ADD COLUMN story_id uuid REFERENCES stories (id)`);
    await q.query(`ALTER TABLE idempotency_keys ADD COLUMN fingerprint jsonb`);
    await q.query(
      `ALTER TABLE idempotency_keys ALTER CONSTRAINT idempotency_keys_entry_id_fkey DEFERRABLE INITIALLY DEFERRED`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_keys ALTER CONSTRAINT idempotency_keys_entry_id_fkey NOT DEFERRABLE`);
    await q.query(`ALTER TABLE idempotency_keys DROP COLUMN fingerprint`);
    await q.query(`ALTER TABLE idempotency_keys DROP COLUMN story_id`);
  }
}
