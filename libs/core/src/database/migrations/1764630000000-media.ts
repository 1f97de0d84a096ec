import type { MigrationInterface, QueryRunner } from 'typeorm';

// Media items and their renditions' bytes (the default store: every process on one database
// serves every upload, and embedded mode keeps them in DATA_DIR). `deleted_at` is the takedown
// tombstone every process reads before serving a byte; the hash stays taken so a taken-down
// image cannot come back under its old URLs.
export class Media1764630000000 implements MigrationInterface {
  name = 'Media1764630000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE media (
        id uuid PRIMARY KEY,
        hash text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$'),
        uploader_id uuid REFERENCES users (id),
        source_type text NOT NULL,
        width int NOT NULL CHECK (width > 0),
        height int NOT NULL CHECK (height > 0),
        bytes int NOT NULL CHECK (bytes >= 0),
        alt text NOT NULL DEFAULT '',
        caption text NOT NULL DEFAULT '',
        credit text NOT NULL DEFAULT '',
        renditions jsonb NOT NULL,
        store text NOT NULL CHECK (store IN ('database', 's3')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    await q.query(`CREATE INDEX media_recent_idx ON media (created_at DESC) WHERE deleted_at IS NULL`);
    await q.query(`
      CREATE TABLE media_blobs (
        name text PRIMARY KEY,
        media_id uuid NOT NULL REFERENCES media (id) ON DELETE CASCADE,
        content_type text NOT NULL,
        data bytea NOT NULL
      )`);
    await q.query(`CREATE INDEX media_blobs_media_idx ON media_blobs (media_id)`);
    // A story's cover: the media id, and the path of its primary rendition for og:image and JSON-LD.
    await q.query(
      `ALTER TABLE stories ADD COLUMN cover_image_id uuid REFERENCES media (id) ON DELETE SET NULL, ADD COLUMN cover_image_path text`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE stories DROP COLUMN cover_image_path, DROP COLUMN cover_image_id`);
    await q.query(`DROP TABLE media_blobs`);
    await q.query(`DROP TABLE media`);
  }
}
