import { Client as Pg } from 'pg';
import { client, eventually, makeEntry, makeStory, range, type Client } from '../support/api';
import { freshStorage, login, startServer, type RunningServer } from '../support/server';
import { dedupe, WebhookReceiver } from '../support/webhook-receiver';

const ENV = {
  WEBHOOK_ALLOW_PRIVATE: 'true',
  WEBHOOK_RETRY_MAX_MS: '1000',
  WEBHOOK_TIMEOUT_MS: '3000',
  WEBHOOK_LEASE_MS: '8000',
  WEBHOOK_POLL_MS: '200',
  WRITES_PER_MINUTE: '100000',
};
// A few thousand by default keeps CI modest; WEBHOOK_SOAK_EVENTS=20000 for a longer run.
const SOAK_EVENTS = Number(process.env.WEBHOOK_SOAK_EVENTS ?? 2000);

// Two processes on one PostgreSQL deliver the same webhooks: exactly one sends each event.
describe('webhooks on two processes', () => {
  let storage: Awaited<ReturnType<typeof freshStorage>>;
  const servers: Record<'a' | 'b', RunningServer | undefined> = { a: undefined, b: undefined };
  const apis: Partial<Record<'a' | 'b', Client>> = {};
  const receivers: WebhookReceiver[] = [];
  let db: Pg;

  const start = async (name: 'a' | 'b') => {
    servers[name] = await startServer({ storage, env: { ...ENV, INSTANCE_ID: name } });
    apis[name] = client(servers[name].url, await login(servers[name].url));
  };
  // At least once, and every repeat accounted for: per event, the requests the receiver saw
  // equal the attempts the senders recorded (a timeout that hid a 2xx is a recorded attempt).
  // Only a sender killed mid-request leaves an unrecorded one.
  const expectEveryRepeatRecorded = async (rx: WebhookReceiver, storyId: string, unrecorded: number[] = []) => {
    const { rows } = await db.query(
      `SELECT seq, attempts FROM webhook_deliveries WHERE story_id = $1 AND status = 'delivered' ORDER BY seq`,
      [storyId],
    );
    const seen = new Map<number, number>();
    for (const seq of rx.seqs(storyId)) seen.set(seq, (seen.get(seq) ?? 0) + 1);
    for (const r of rows as { seq: string; attempts: number }[]) {
      const extra = unrecorded.filter((u) => u === Number(r.seq)).length;
      expect([Number(r.seq), seen.get(Number(r.seq))]).toEqual([Number(r.seq), r.attempts + extra]);
    }
  };
  const inOrder = (seqs: number[], head: number) => {
    expect(dedupe(seqs)).toEqual(range(1, head));
    expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
  };
  const receiver = async () => {
    const r = await new WebhookReceiver().start();
    receivers.push(r);
    return r;
  };

  beforeAll(async () => {
    storage = await freshStorage();
    await start('a');
    await start('b');
    db = new Pg({ connectionString: storage.databaseUrl });
    await db.connect();
  }, 180_000);
  afterAll(async () => {
    await db?.end();
    await Promise.all(receivers.map((r) => r.stop()));
    await Promise.all([servers.a?.stop(), servers.b?.stop()]);
  });

  it('sends each event in order per story, repeats only as recorded retries, while both processes write and deliver', async () => {
    const rx = await receiver();
    const stories = await Promise.all(range(1, 4).map(() => makeStory(apis.a!)));
    await apis.b!.post('/api/webhooks', { url: rx.url, stories: stories.map((s) => s.id) });
    await Promise.all(
      stories.flatMap((s) =>
        [apis.a!, apis.b!].map(async (api) => {
          for (const _ of range(1, 10)) await makeEntry(api, s.id);
        }),
      ),
    );
    await eventually(() => stories.every((s) => rx.seqs(s.id).includes(20)), 60_000, 'all events');
    for (const s of stories) {
      inOrder(rx.seqs(s.id), 20);
      await eventually(
        async () =>
          (await db.query(`SELECT 1 FROM webhook_cursors WHERE story_id = $1 AND delivered_seq = 20`, [s.id])).rows
            .length === 1,
        10_000,
        'cursor at 20',
      );
      await expectEveryRepeatRecorded(rx, s.id);
    }
    const owners = await db.query(
      `SELECT DISTINCT split_part(lease_owner, ':', 1) AS o FROM webhook_cursors WHERE lease_owner IS NOT NULL`,
    );
    expect(owners.rows.length).toBeLessThanOrEqual(2);
  });

  it('moves delivery to the other process when the sender is killed mid-delivery: one repeat, no gap', async () => {
    const rx = await receiver();
    const s = await makeStory(apis.a!);
    const w = await apis.a!.post('/api/webhooks', { url: rx.url, stories: [s.id] });
    let held = false;
    rx.answer = (r) => (r.event.seq === 4 && !held ? ((held = true), 'hang') : 200);
    for (const _ of range(1, 6)) await makeEntry(apis.a!, s.id);
    await eventually(() => held, 15_000, 'seq 4 in flight');
    const lease = await db.query(`SELECT lease_owner FROM webhook_cursors WHERE webhook_id = $1 AND story_id = $2`, [
      w.body.id,
      s.id,
    ]);
    const holder = String(lease.rows[0].lease_owner).split(':')[0] as 'a' | 'b';
    const survivor = holder === 'a' ? 'b' : 'a';
    await servers[holder]!.kill();
    servers[holder] = undefined;
    await eventually(() => rx.seqs(s.id).includes(6), 30_000, 'seq 6 from the survivor');
    // The killed process comes back and takes part again.
    await start(holder);
    await makeEntry(apis[holder]!, s.id);
    await eventually(() => rx.seqs(s.id).includes(7), 15_000, 'seq 7');
    inOrder(rx.seqs(s.id), 7);
    await expectEveryRepeatRecorded(rx, s.id, [4]);
    const cursor = async () =>
      (
        await db.query(`SELECT delivered_seq FROM webhook_cursors WHERE webhook_id = $1 AND story_id = $2`, [
          w.body.id,
          s.id,
        ])
      ).rows[0];
    await eventually(async () => Number((await cursor()).delivered_seq) === 7, 5000, 'the cursor at 7');
    expect(survivor).not.toBe(holder);
  }, 120_000);

  it(`soaks ${SOAK_EVENTS} events through flaky answers with zero gaps, in order, every repeat a recorded retry`, async () => {
    const rx = await receiver();
    let n = 0;
    rx.answer = () => (++n % 37 === 0 ? 500 : 200);
    const stories = await Promise.all(range(1, 8).map(() => makeStory(apis.a!)));
    await apis.a!.post('/api/webhooks', { url: rx.url });
    const perWriter = Math.ceil(SOAK_EVENTS / (stories.length * 2));
    const started = Date.now();
    await Promise.all(
      stories.flatMap((s) =>
        [apis.a!, apis.b!].map(async (api) => {
          for (const _ of range(1, perWriter)) await makeEntry(api, s.id, { body: '<p>soak</p>' });
        }),
      ),
    );
    const wrote = Date.now() - started;
    const total = perWriter * 2 * stories.length;
    const accepted = () => rx.requests.filter((r) => r.answered === 200);
    await eventually(
      () =>
        stories.every(
          (s) =>
            rx.seqs(s.id).includes(perWriter * 2) &&
            rx.requests.some((r) => r.event.storyId === s.id && r.event.seq === perWriter * 2 && r.answered === 200),
        ),
      400_000,
      `${total} deliveries`,
    );
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `webhook soak: ${total} events, written in ${(wrote / 1000).toFixed(1)} s, all delivered after ${seconds.toFixed(1)} s (${(total / seconds).toFixed(0)}/s), ${rx.requests.length - total} retried attempts`,
    );
    for (const s of stories) {
      inOrder(rx.seqs(s.id), perWriter * 2);
      expect(
        new Set(
          accepted()
            .filter((r) => r.event.storyId === s.id)
            .map((r) => r.event.seq),
        ),
      ).toEqual(new Set(range(1, perWriter * 2)));
      await eventually(
        async () =>
          (
            await db.query(`SELECT 1 FROM webhook_cursors WHERE story_id = $1 AND delivered_seq = $2`, [
              s.id,
              perWriter * 2,
            ])
          ).rows.length === 1,
        10_000,
        'cursor at head',
      );
      await expectEveryRepeatRecorded(rx, s.id);
    }
  }, 600_000);
});
