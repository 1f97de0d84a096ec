import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { SESSIONS_CHANNEL } from '@liveline/accounts';
import { Env, getPGliteInstance } from '@liveline/core';
import { EVENTS_CHANNEL, NEWSROOM_CHANNEL } from '@liveline/timeline';
import { Client } from 'pg';

export const PRESENCE_CHANNEL = 'liveline_presence';
const CHANNELS = [EVENTS_CHANNEL, NEWSROOM_CHANNEL, PRESENCE_CHANNEL, SESSIONS_CHANNEL];

type Handler = (payload: string) => void;

// The one LISTEN connection of this process. On PostgreSQL it is a dedicated client outside
// the pool; when it drops, it reconnects with backoff and tells `onReconnect` subscribers,
// who re-read the log from what they last delivered (notifications sent meanwhile are lost).
@Injectable()
export class NoticeListener implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('NoticeListener');
  private readonly handlers = new Map<string, Handler[]>();
  private readonly reconnectHandlers: (() => void)[] = [];
  private client?: Client;
  private closing = false;
  private backoffMs = 250;
  connected = false;

  constructor(private readonly env: Env) {}

  on(channel: string, handler: Handler): void {
    this.handlers.set(channel, [...(this.handlers.get(channel) ?? []), handler]);
  }

  onReconnect(handler: () => void): void {
    this.reconnectHandlers.push(handler);
  }

  async onModuleInit(): Promise<void> {
    if (!this.env.DATABASE_URL) {
      const pg = await getPGliteInstance();
      for (const channel of CHANNELS) await pg.listen(channel, (payload) => this.dispatch(channel, payload));
      this.connected = true;
      return;
    }
    await this.connect();
  }

  /** Drops the LISTEN connection as a network fault would; the reconnect path takes over. */
  dropConnection(): void {
    this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.env.DATABASE_URL, application_name: 'liveline-listener', keepAlive: true });
    client.on('notification', (n) => this.dispatch(n.channel, n.payload ?? ''));
    client.on('error', (e) => this.logger.warn(`Listener connection error: ${e.message}`));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      for (const channel of CHANNELS) await client.query(`LISTEN ${channel}`);
    } catch (e) {
      this.logger.warn(`Could not listen for events (${(e as Error).message}); retrying`);
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      this.scheduleReconnect();
      return;
    }
    const wasDown = this.client !== undefined;
    this.client = client;
    this.connected = true;
    this.backoffMs = 250;
    if (wasDown) {
      this.logger.log('Listening again; catching up from the event log');
      for (const h of this.reconnectHandlers) h();
    }
  }

  private lost(client: Client) {
    if (client !== this.client || this.closing) return;
    this.connected = false;
    this.logger.warn('Lost the listening connection');
    this.scheduleReconnect();
  }

  private scheduleReconnect() {
    if (this.closing) return;
    const wait = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, 5000);
    setTimeout(() => void this.connect(), wait).unref();
  }

  private dispatch(channel: string, payload: string) {
    for (const h of this.handlers.get(channel) ?? []) {
      try {
        h(payload);
      } catch (e) {
        this.logger.error(`Handler for ${channel} failed: ${(e as Error).stack}`);
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.connected = false;
    await this.client?.end().catch(() => undefined);
  }
}
