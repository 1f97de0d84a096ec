import type { MigrationInterface, QueryRunner } from 'typeorm';

// A correction, unpublish or deletion rewrites the entry's earlier events in the same
// transaction (only what is public now is replayed): find them without scanning the story's log.
export class EventsByEntry1764600000000 implements MigrationInterface {
  name = 'EventsByEntry1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX events_story_entry_idx ON events (story_id, entry_id) WHERE entry_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX events_story_entry_idx`);
  }
}
