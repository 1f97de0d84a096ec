import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { client, eventually, makeEntry, makeStory, range, type Client } from '../support/api';
import { freePort, login, startServer, type RunningServer } from '../support/server';

// The receiver example of README.md's "Webhooks" section, exactly as printed, run as the endpoint.
function readmeReceiver(): string {
  const readme = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Webhooks\n'));
  const block = /```js\n([\s\S]*?)```/.exec(section.slice(0, section.indexOf('\n## ', 5)));
  if (!block) throw new Error('README.md has no ```js block in its Webhooks section');
  return block[1];
}

const listening = (port: number) =>
  new Promise<boolean>((done) => {
    const s = connect(port, '127.0.0.1', () => (s.end(), done(true)));
    s.on('error', () => done(false));
  });

describe("README's webhook receiver", () => {
  let server: RunningServer;
  let api: Client;
  let receiver: ChildProcess;
  let out = '';
  let port: number;
  const secret = 'readme-secret-0123456789';
  const received = () => out.split('\n').filter((l) => l.startsWith('received '));
  const post = (headers: Record<string, string>, body: string) =>
    fetch(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    }).then((r) => r.status);
  const sign = (t: number, body: string, key = secret) =>
    `t=${t},v1=${createHmac('sha256', key).update(`${t}.${body}`).digest('hex')}`;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'liveline-receiver-'));
    writeFileSync(join(dir, 'receiver.js'), readmeReceiver());
    port = await freePort();
    receiver = spawn(process.execPath, [join(dir, 'receiver.js')], {
      env: { PATH: process.env.PATH ?? '', WEBHOOK_SECRET: secret, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    receiver.stdout!.on('data', (d) => (out += d));
    receiver.stderr!.on('data', (d) => (out += d));
    await eventually(() => listening(port), 10_000, 'the README receiver to listen');
    server = await startServer({
      env: { WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_RETRY_MAX_MS: '1000', WEBHOOK_POLL_MS: '200' },
    });
    api = client(server.url, await login(server.url));
  }, 120_000);
  afterAll(async () => {
    receiver?.kill('SIGKILL');
    await server?.stop();
  });

  it('accepts every delivery of a story once, in order, verifying the signature', async () => {
    const s = await makeStory(api);
    const w = await api.post('/api/webhooks', { url: `http://127.0.0.1:${port}/hook`, stories: [s.id], secret });
    expect(w.status).toBe(201);
    for (const _ of range(1, 5)) await makeEntry(api, s.id);
    await eventually(() => received().length === 5, 15_000, 'five events');
    expect(received()).toEqual(range(1, 5).map((seq) => `received ${s.id}:${seq} entry.published`));
    const items = (await api.get(`/api/webhooks/${w.body.id}/deliveries`)).body.items;
    expect(
      items.every((d: { status: string; httpStatus: number }) => d.status === 'delivered' && d.httpStatus === 204),
    ).toBe(true);
  });

  it('refuses forged signatures and stale timestamps, and handles a repeated event id once', async () => {
    const now = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ seq: 1, type: 'entry.published', storyId: 'x', at: new Date().toISOString() });
    expect(
      await post(
        { 'liveline-event-id': 'x:1', 'liveline-signature': sign(now, body, 'wrong-secret-0123456789') },
        body,
      ),
    ).toBe(400);
    expect(await post({ 'liveline-event-id': 'x:1', 'liveline-signature': sign(now - 3600, body) }, body)).toBe(400);
    expect(await post({ 'liveline-event-id': 'x:1' }, body)).toBe(400);
    expect(
      await post(
        // One hex digit changed, to a digit it is not (a fixed '0' would leave one signature in 16 valid).
        {
          'liveline-event-id': 'x:1',
          'liveline-signature': sign(now, body).replace(/v1=(.)/, (_, c) => `v1=${c === '0' ? '1' : '0'}`),
        },
        body,
      ),
    ).toBe(400);
    // Accepted twice (a repeat after a crash), handled once; a second rotation secret is fine.
    const rotated = `${sign(now, body, 'next-secret-0123456789')},${sign(now, body).split(',')[1]}`;
    expect(await post({ 'liveline-event-id': 'x:1', 'liveline-signature': rotated }, body)).toBe(204);
    expect(await post({ 'liveline-event-id': 'x:1', 'liveline-signature': sign(now, body) }, body)).toBe(204);
    expect(await post({ 'liveline-event-id': 'x:2', 'liveline-signature': sign(now, body) }, body)).toBe(204);
    await eventually(() => received().some((l) => l.startsWith('received x:2')), 5000, 'the later event');
    expect(received().filter((l) => l.startsWith('received x:'))).toEqual([
      'received x:1 entry.published',
      'received x:2 entry.published',
    ]);
  });
});
