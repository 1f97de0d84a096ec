import type { MigrationInterface, QueryRunner } from 'typeorm';

// Each story's times are shown in its own zone (IANA name); existing stories keep UTC, as before.
export class StoryTimeZone1764621000000 implements MigrationInterface {
  name = 'StoryTimeZone1764621000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE stories ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE stories DROP COLUMN time_zone`);
  }
}
