import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';
import { ReplayAckEncoder } from './replay-ack-encoder';

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
      allowRequest: (_req, done) => done(this.refuseNewSessions() ? 'Shutting down' : null, !this.refuseNewSessions()),
    });
    // Before any namespace or client exists: both take the server's encoder when created.
    (server as { encoder: unknown }).encoder = new ReplayAckEncoder(server.encoder);
    this.servers.push(server);
    return server;
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
