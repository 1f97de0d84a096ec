import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { ServerOptions } from 'socket.io';

// Socket.io for readers on any origin: WebSocket first, long-polling as the fallback,
// small payloads only (subscribe requests), and no per-message compression to keep the
// one pre-encoded frame per broadcast cheap.
export class LiveIoAdapter extends IoAdapter {
  constructor(app: INestApplicationContext) {
    super(app);
  }

  createIOServer(port: number, options?: ServerOptions) {
    return super.createIOServer(port, {
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
  }
}
