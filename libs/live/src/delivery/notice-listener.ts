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
  private failedConnects = 0;
  connected = false;

  constructor(private readonly env: Env) {}

  /**
   * Whether every commit is this process's and its notices are dispatched here before the
   * commit returns to its writer. True on the embedded PGlite: one process per DATA_DIR (held
   * by its lock), and PGlite queues a notice's handlers while it executes the COMMIT, ahead of
   * the writer's continuation and of any later I/O. Then a feed that has applied every notice
   * heard is as current as a read of the committed head would make it.
   */
  get inProcess(): boolean {
    return !this.env.DATABASE_URL;
  }

  on(channel: string, handler: Handler): void {
    this.handlers.set(channel, [...(this.handlers.get(channel) ?? []), handler]);
  }

  onReconnect(handler: () => void): void {
    this.reconnectHandlers.push(handler);
  }

  async onModuleInit(): Promise<void> {
    if (this.inProcess) {
      const pg = await getPGliteInstance();
      for (const channel of CHANNELS) await pg.listen(channel, (payload) => this.dispatch(channel, payload));
      this.connected = true;
      return;
    }
    await this.connect();
  }

  private async connect(): Promise<void> {
    // LISTEN is session state: on PostgreSQL itself, never through a transaction pooler.
    const client = new Client({
      connectionString: this.env.DATABASE_DIRECT_URL ?? this.env.DATABASE_URL,
      application_name: 'liveline-listener',
      keepAlive: true,
    });
    client.on('notification', (n) => this.dispatch(n.channel, n.payload ?? ''));
    client.on('error', (e) => this.logger.warn(`Listener connection error: ${e.message}`));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      for (const channel of CHANNELS) await client.query(`LISTEN ${channel}`);
    } catch (e) {
      this.failedConnects++;
      this.logger.warn(`Could not listen for events (${(e as Error).message}); retrying`);
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      this.scheduleReconnect();
      return;
    }
    const again = this.client !== undefined || this.failedConnects > 0;
    this.client = client;
    this.connected = true;
    this.backoffMs = 250;
    // Every feed loaded before this moment may have missed notices, the first connection
    // included when earlier attempts failed: all of them catch up from the log.
    if (again) this.logger.log('Listening again; catching up from the event log');
    for (const h of this.reconnectHandlers) h();
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
