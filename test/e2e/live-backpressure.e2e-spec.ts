import WebSocket from 'ws';
import { freshStorage, login, startServer, type RunningServer } from '../support/server';
import { client, eventually, makeEntry, makeStory, range, Reader, type Client } from '../support/api';

const metric = async (base: string, name: string): Promise<number> => {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : NaN;
};

// What one socket may cost the server: replays per minute are capped, and a socket that stops
// reading is dropped once its unsent data stays over the limit.
describe('live sockets that replay too much or stop reading', () => {
  let server: RunningServer;
  let editor: Client;
  const storage = freshStorage();

  beforeAll(async () => {
    server = await startServer({
      storage: await storage,
      env: {
        REPLAY_EVENTS_PER_SOCKET_PER_MINUTE: '30',
        SLOW_SOCKET_BUFFER_BYTES: '65536',
        SLOW_SOCKET_GRACE_MS: '600',
        WRITES_PER_MINUTE: '100000',
      },
    });
    editor = client(server.url, await login(server.url));
  });
  afterAll(() => server.stop());

  it('refuses a subscribe whose replay would go over the socket budget, and counts it', async () => {
    const s = await makeStory(editor);
    for (const i of range(1, 20)) await makeEntry(editor, s.id, { body: `<p>${i}</p>` });
    const greedy = new Reader(server.url);
    const first = await greedy.subscribe(s.id, 0);
    expect(first.ok && 'events' in first && first.events.length).toBe(20);
    const second = await greedy.subscribe(s.id, 0);
    expect(second).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    // Its own budget only: another socket replays as usual, and the socket itself still follows live.
    const other = new Reader(server.url);
    const ack = await other.subscribe(s.id, 5);
    expect(ack.ok && 'events' in ack && ack.events.length).toBe(15);
    expect(await greedy.subscribe(s.id, 20)).toMatchObject({ ok: true, events: [] });
    expect(await metric(server.url, 'liveline_live_replays_refused_total')).toBe(1);
    greedy.close();
    other.close();
  });

  it('drops a socket that stops reading once its unsent data stays over the limit, and counts it', async () => {
    const s = await makeStory(editor);
    // A raw engine.io websocket: connect to /live, subscribe, then stop reading from TCP.
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
    const subscribed = new Promise<void>((resolve, reject) => {
      ws.on('message', (data) => {
        const text = data.toString();
        if (text.startsWith('0')) ws.send('40/live,');
        else if (text.startsWith('40/live,')) ws.send(`42/live,0["subscribe",{"story":"${s.id}"}]`);
        else if (text.startsWith('43/live,0')) resolve();
        else if (text === '2') ws.send('3');
      });
      ws.on('error', reject);
    });
    await subscribed;
    (ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const big = `<p>${'x'.repeat(150_000)}</p>`;
    const reader = new Reader(server.url);
    await reader.subscribe(s.id);
    let n = 0;
    // Keep publishing until the server gives up on the paused socket; a reader that reads gets everything.
    await eventually(
      async () => {
        await makeEntry(editor, s.id, { body: big });
        n++;
        return (await metric(server.url, 'liveline_live_slow_sockets_dropped_total')) >= 1;
      },
      120_000,
      'the paused socket to be dropped',
    );
    await reader.until(s.id, n, 30_000);
    expect(reader.seqs(s.id)).toEqual(range(1, n));
    reader.close();
    ws.terminate();
  });
});
