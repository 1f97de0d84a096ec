import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764190000000 implements MigrationInterface {
  name = 'InitialSchema1764190000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        email text NOT NULL,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'editor', 'contributor')),
        password_hash text NOT NULL,
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);
    await q.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX sessions_user_idx ON sessions (user_id)`);
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid REFERENCES users (id),
        action text NOT NULL,
        target_type text NOT NULL,
        target_id text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id)`);
    await q.query(`
      CREATE TABLE stories (
        id uuid PRIMARY KEY,
        slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 120),
        title text NOT NULL,
        summary text NOT NULL DEFAULT '',
        language text NOT NULL,
        status text NOT NULL CHECK (status IN ('draft', 'live', 'ended')),
        coverage_started_at timestamptz,
        coverage_ended_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        seq bigint NOT NULL DEFAULT 0 CHECK (seq >= 0)
      )`);
    await q.query(`
      CREATE TABLE entries (
        id uuid PRIMARY KEY,
        story_id uuid NOT NULL REFERENCES stories (id),
        headline text NOT NULL DEFAULT '',
        body text NOT NULL,
        occurred_at timestamptz,
        published_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        key_event boolean NOT NULL DEFAULT false,
        pinned boolean NOT NULL DEFAULT false,
        status text NOT NULL CHECK (status IN ('published', 'draft', 'scheduled', 'submitted')),
        scheduled_at timestamptz,
        author_id uuid NOT NULL REFERENCES users (id),
        version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        deleted_at timestamptz,
        CHECK (status <> 'scheduled' OR scheduled_at IS NOT NULL)
      )`);
    // Newest-first public pages walk this index; the cursor is (published_at, id).
    await q.query(
      `CREATE INDEX entries_public_idx ON entries (story_id, published_at DESC, id DESC) WHERE status = 'published' AND deleted_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX entries_story_status_idx ON entries (story_id, status, updated_at DESC) WHERE deleted_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX entries_due_idx ON entries (scheduled_at) WHERE status = 'scheduled' AND deleted_at IS NULL`,
    );
    // At most one pinned entry per story.
    await q.query(
      `CREATE UNIQUE INDEX entries_one_pinned_idx ON entries (story_id) WHERE pinned AND deleted_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE entry_revisions (
        entry_id uuid NOT NULL REFERENCES entries (id),
        version integer NOT NULL,
        actor_id uuid NOT NULL REFERENCES users (id),
        at timestamptz NOT NULL DEFAULT now(),
        action text NOT NULL,
        snapshot jsonb NOT NULL,
        PRIMARY KEY (entry_id, version)
      )`);
    await q.query(`
      CREATE TABLE events (
        story_id uuid NOT NULL REFERENCES stories (id),
        seq bigint NOT NULL CHECK (seq >= 1),
        type text NOT NULL CHECK (type IN ('entry.published', 'entry.updated', 'entry.deleted', 'story.updated')),
        entry_id uuid,
        at timestamptz NOT NULL DEFAULT now(),
        payload jsonb NOT NULL,
        PRIMARY KEY (story_id, seq)
      )`);
    await q.query(`
      CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL REFERENCES users (id),
        key text NOT NULL,
        entry_id uuid NOT NULL REFERENCES entries (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'idempotency_keys',
      'events',
      'entry_revisions',
      'entries',
      'stories',
      'audit_log',
      'sessions',
      'users',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
