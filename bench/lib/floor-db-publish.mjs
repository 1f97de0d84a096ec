// Floor for the publish: a bare http server whose POST /publish does the least a durable,
// ordered, announced publish needs, and nothing else (no framework, ORM, authentication,
// validation, sanitizer or rate limit): one transaction of four round trips, as the
// service's (BEGIN; bump the story's seq, which locks its row; insert the entry and its
// event and NOTIFY in one statement; COMMIT, synchronous), then 201.
// DATABASE_URL: on that PostgreSQL (tables of its own); else an embedded PGlite in DATA_DIR.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';

const port = Number(process.env.PORT);
const SCHEMA = [
  'CREATE TABLE IF NOT EXISTS floor_stories (id uuid PRIMARY KEY, seq int NOT NULL)',
  'CREATE TABLE IF NOT EXISTS floor_entries (id uuid PRIMARY KEY, story_id uuid NOT NULL, body jsonb NOT NULL, created_at timestamptz NOT NULL)',
  'CREATE TABLE IF NOT EXISTS floor_events (story_id uuid NOT NULL, seq int NOT NULL, payload jsonb NOT NULL, PRIMARY KEY (story_id, seq))',
];
const PUBLISH = `
  WITH e AS (INSERT INTO floor_entries (id, story_id, body, created_at) VALUES ($1, $2, $3::jsonb, now())),
       ev AS (INSERT INTO floor_events (story_id, seq, payload) VALUES ($2, $4, $3::jsonb))
  SELECT pg_notify('floor_events', json_build_object('storyId', $2::text, 'seq', $4::int)::text)`;

let query;
if (process.env.DATABASE_URL) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  query = (sql, params) => client.query(sql, params).then((r) => r.rows);
} else {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(process.env.DATA_DIR);
  query = (sql, params) => db.query(sql, params).then((r) => r.rows);
}
for (const sql of SCHEMA) await query(sql);
const story = randomUUID();
await query('INSERT INTO floor_stories (id, seq) VALUES ($1, 0)', [story]);

// One publish at a time, as one connection allows (the bench's requests are sequential).
let chain = Promise.resolve();
async function publish(body) {
  await query('BEGIN');
  try {
    const [{ seq }] = await query('UPDATE floor_stories SET seq = seq + 1 WHERE id = $1 RETURNING seq', [story]);
    await query(PUBLISH, [randomUUID(), story, body, seq]);
    await query('COMMIT');
    return seq;
  } catch (e) {
    await query('ROLLBACK');
    throw e;
  }
}

createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/publish') {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const run = chain.then(() => publish(JSON.stringify(JSON.parse(body))));
      chain = run.catch(() => undefined);
      run.then(
        (seq) => res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ seq })),
        (e) => res.writeHead(500).end(String(e.message)),
      );
    });
    return;
  }
  res.writeHead(req.url === '/health' ? 200 : 404).end();
}).listen(port, '127.0.0.1');
