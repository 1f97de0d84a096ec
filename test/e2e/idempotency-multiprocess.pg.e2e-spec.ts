import { freshStorage, login, startServer, type RunningServer } from '../support/server';
import { client, makeStory, range, type Client } from '../support/api';

// The same Idempotency-Key sent to two processes on one PostgreSQL at once: one entry, one answer.
describe('Idempotency-Key across two processes', () => {
  let a: RunningServer;
  let b: RunningServer;
  let onA: Client;
  let onB: Client;

  beforeAll(async () => {
    const storage = await freshStorage();
    a = await startServer({ storage });
    b = await startServer({ storage });
    onA = client(a.url, await login(a.url));
    onB = client(b.url, onA.token);
  }, 180_000);
  afterAll(async () => Promise.all([a?.stop(), b?.stop()]));

  it('creates one entry for 20 repeats split over both processes, round after round', async () => {
    const s = await makeStory(onA);
    for (const round of range(1, 4)) {
      const replies = await Promise.all(
        range(1, 20).map((i) =>
          (i % 2 ? onA : onB).post(
            `/api/stories/${s.id}/entries`,
            { body: `<p>${round}</p>` },
            { 'idempotency-key': `mp-${round}` },
          ),
        ),
      );
      expect(replies.map((r) => r.status)).toEqual(Array(20).fill(201));
      expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    }
    expect((await onB.get(`/api/stories/${s.id}/entries`)).body.items).toHaveLength(4);
  });

  it('lets one of two stories have the entry when one key races to both from both processes', async () => {
    const [s1, s2] = [await makeStory(onA), await makeStory(onA)];
    const replies = await Promise.all(
      range(1, 12).map((i) =>
        (i % 2 ? onA : onB).post(
          `/api/stories/${i % 4 < 2 ? s1.id : s2.id}/entries`,
          { body: '<p>x</p>' },
          { 'idempotency-key': 'mp-race' },
        ),
      ),
    );
    expect(new Set(replies.filter((r) => r.status === 201).map((r) => r.body.id)).size).toBe(1);
    expect(replies.every((r) => r.status === 201 || r.status === 422)).toBe(true);
    const counts = [
      (await onA.get(`/api/stories/${s1.id}/entries`)).body.items.length,
      (await onA.get(`/api/stories/${s2.id}/entries`)).body.items.length,
    ];
    expect(counts.sort()).toEqual([0, 1]);
  });
});
