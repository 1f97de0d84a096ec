import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Server, ServerOptions } from 'socket.io';
import { ReplayAckEncoder } from './replay-ack-encoder';

// What a draining process answers a new socket.io session, polling or WebSocket: 503 with
// Retry-After, which a balancer may retry on another process (engine.io's own refusal is a 403).
const DRAINING_BODY = JSON.stringify({
  statusCode: 503,
  error: 'Service Unavailable',
  message: 'This process is shutting down; connect again',
});
const DRAINING_HEAD = {
  'Content-Type': 'application/json',
  'Content-Length': String(Buffer.byteLength(DRAINING_BODY)),
  'Retry-After': '1',
  'Access-Control-Allow-Origin': '*',
  Connection: 'close',
};
const DRAINING_UPGRADE = `HTTP/1.1 503 Service Unavailable\r\n${Object.entries(DRAINING_HEAD)
  .map(([k, v]) => `${k}: ${v}\r\n`)
  .join('')}\r\n${DRAINING_BODY}`;

/** A request of an engine.io session already open (its `sid`), which a draining process still serves. */
const ofOpenSession = (req: IncomingMessage) => /[?&]sid=/.test(req.url ?? '');

interface EngineHandlers {
  handleRequest(req: IncomingMessage, res: ServerResponse): void;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

// Socket.io for readers on any origin: WebSocket first, long-polling as the fallback,
// small payloads only (subscribe requests), and no per-message compression to keep the
// one pre-encoded frame per broadcast cheap.
export class LiveIoAdapter extends IoAdapter {
  private static readonly byApp = new WeakMap<INestApplicationContext, LiveIoAdapter>();
  private readonly servers: Server[] = [];

  constructor(
    app: INestApplicationContext,
    // While draining, new sessions are refused; existing ones are ended by the shutdown.
    private readonly refuseNewSessions: () => boolean = () => false,
  ) {
    super(app);
    LiveIoAdapter.byApp.set(app, this);
  }

  /** The adapter an app was given, for the shutdown sequence. */
  static of(app: INestApplicationContext): LiveIoAdapter {
    const adapter = LiveIoAdapter.byApp.get(app);
    if (!adapter) throw new Error('the app has no LiveIoAdapter');
    return adapter;
  }

  createIOServer(port: number, options?: ServerOptions) {
    const server: Server = super.createIOServer(port, {
      ...(options as ServerOptions),
      cors: { origin: true, credentials: false },
      transports: ['websocket', 'polling'],
      maxHttpBufferSize: 16 * 1024,
      perMessageDeflate: false,
      httpCompression: false,
      pingInterval: 25_000,
      pingTimeout: 20_000,
      connectTimeout: 10_000,
      cleanupEmptyChildNamespaces: true,
    });
    this.refuseWhileDraining(server.engine as unknown as EngineHandlers);
    // Before any namespace or client exists: both take the server's encoder when created.
    (server as { encoder: unknown }).encoder = new ReplayAckEncoder(server.encoder);
    this.servers.push(server);
    return server;
  }

  // While draining, new sessions are refused ahead of engine.io (attach() calls these two
  // through the instance); otherwise the check is one boolean per request.
  private refuseWhileDraining(engine: EngineHandlers): void {
    const { handleRequest, handleUpgrade } = engine;
    engine.handleRequest = (req, res) => {
      if (!this.refuseNewSessions() || ofOpenSession(req)) return handleRequest.call(engine, req, res);
      res.writeHead(503, DRAINING_HEAD).end(DRAINING_BODY);
    };
    engine.handleUpgrade = (req, socket, head) => {
      if (!this.refuseNewSessions() || ofOpenSession(req)) return handleUpgrade.call(engine, req, socket, head);
      socket.on('error', () => undefined);
      socket.end(DRAINING_UPGRADE);
    };
  }

  // Nest calls this for every connection of every gateway. With no @SubscribeMessage handlers
  // (the /live gateway registers plain listeners) it would only build an unused rxjs
  // disconnect stream per socket: in a reconnect storm, thousands of them at once.
  override bindMessageHandlers(...args: Parameters<IoAdapter['bindMessageHandlers']>): void {
    if (args[1].length === 0) return;
    super.bindMessageHandlers(...args);
  }

  /** Open socket.io connections (all namespaces share one per client). */
  connectionCount(): number {
    return this.servers.reduce((n, s) => n + s.engine.clientsCount, 0);
  }

  // Closing the transport, unlike a socket.io `disconnect`, leaves the client's automatic
  // reconnection on: every client comes back (elsewhere) by itself and resubscribes.
  closeTransports(): number {
    let closed = 0;
    for (const server of this.servers) {
      // engine.io keeps its clients in a protected map; there is no public way to end them all.
      const clients = (server.engine as unknown as { clients: Record<string, { close(): void }> }).clients;
      for (const client of Object.values(clients)) {
        client.close();
        closed++;
      }
    }
    return closed;
  }
}
