import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EmbedPreviews1764640000000 implements MigrationInterface {
  name = 'EmbedPreviews1764640000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE embed_previews (
        url text PRIMARY KEY,
        provider text NOT NULL,
        kind text NOT NULL,
        title text,
        author_name text,
        thumbnail_url text,
        reachable boolean NOT NULL,
        fetched_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS embed_previews`);
  }
}
