import type { INestApplicationContext } from '@nestjs/common';
import { createServer, type Server as HttpServer } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server, Socket } from 'socket.io';

// Nest's adapter is ESM, which the unit runner doesn't load: a stand-in records what reaches it,
// and builds a real socket.io server on the http server the test gives it.
// The real binding of the newsroom's handlers is exercised by the newsroom e2e specs.
const bound: unknown[][] = [];
let httpServer: HttpServer;
jest.mock('@nestjs/platform-socket.io', () => ({
  IoAdapter: class {
    bindMessageHandlers(...args: unknown[]) {
      bound.push(args);
    }
    createIOServer(_port: number, options: object) {
      const { Server: IoServer } = jest.requireActual<typeof import('socket.io')>('socket.io');
      return new IoServer(httpServer, options);
    }
  },
}));

import { LiveIoAdapter } from './io-adapter';

/** The raw answer to one HTTP request written on a fresh TCP connection. */
function rawAnswer(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let text = '';
    socket.on('data', (d) => {
      text += d.toString();
      // An accepted upgrade stays open: its head is the whole answer.
      if (/^HTTP\/1\.1 101 [^]*\r\n\r\n/.test(text)) {
        socket.destroy();
        resolve(text);
      }
    });
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
    setTimeout(() => (socket.destroy(), resolve(text)), 2000);
  });
}

const upgrade = (sid?: string) =>
  `GET /socket.io/?EIO=4&transport=websocket${sid ? `&sid=${sid}` : ''} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
  'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
  'Sec-WebSocket-Version: 13\r\n\r\n';

describe('LiveIoAdapter while the process drains', () => {
  let draining = false;
  let io: Server;
  let base: string;
  let port: number;

  beforeAll(async () => {
    httpServer = createServer((_req, res) => res.writeHead(404).end());
    io = new LiveIoAdapter({} as INestApplicationContext, () => draining).createIOServer(0);
    await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', r));
    port = (httpServer.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}/socket.io/?EIO=4&transport=polling`;
  });
  afterAll(async () => {
    await io.close();
  });
  afterEach(() => (draining = false));

  const handshake = async () => {
    const r = await fetch(base);
    const text = await r.text();
    return { status: r.status, sid: r.ok ? (JSON.parse(text.slice(1)) as { sid: string }).sid : undefined };
  };

  it('opens sessions, polling and WebSocket, while it is not draining', async () => {
    expect((await handshake()).status).toBe(200);
    expect(await rawAnswer(port, upgrade())).toMatch(/^HTTP\/1\.1 101 /);
  });

  it('answers a new polling session 503 with Retry-After, not engine.io 403', async () => {
    draining = true;
    const r = await fetch(base);
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toBe('1');
    expect(r.headers.get('connection')).toBe('close');
    expect(await r.json()).toEqual(expect.objectContaining({ statusCode: 503, error: 'Service Unavailable' }));
  });

  it('answers a new WebSocket session 503 with Retry-After and closes the connection', async () => {
    draining = true;
    const answer = await rawAnswer(port, upgrade());
    expect(answer).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
    expect(answer).toMatch(/\r\nRetry-After: 1\r\n/);
    expect(answer).toMatch(/"statusCode":503/);
  });

  it('still serves a session opened before the drain began, until the shutdown ends it', async () => {
    const { sid } = await handshake();
    draining = true;
    const r = await fetch(`${base}&sid=${sid}`, { method: 'POST', body: '40/live,' });
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('ok');
    // Its upgrade too: the client moves an open polling session to WebSocket.
    expect(await rawAnswer(port, upgrade(sid))).toMatch(/^HTTP\/1\.1 101 /);
  });
});

describe('LiveIoAdapter.bindMessageHandlers', () => {
  const adapter = new LiveIoAdapter({} as INestApplicationContext);
  const socket = {} as Socket;
  const transform = (data: unknown) => data as never;

  beforeEach(() => (bound.length = 0));

  it('binds nothing for a gateway without message handlers (the /live gateway)', () => {
    adapter.bindMessageHandlers(socket, [], transform);
    expect(bound).toEqual([]);
  });

  it("hands a gateway's handlers to Nest's adapter unchanged", () => {
    const handlers = [
      { message: 'watch', methodName: 'watch', callback: async () => ({}), isAckHandledManually: false },
    ];
    adapter.bindMessageHandlers(socket, handlers, transform);
    expect(bound).toEqual([[socket, handlers, transform]]);
  });
});
