import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Env } from '@liveline/core';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { NoticeListener, PRESENCE_CHANNEL } from '../delivery/notice-listener';
import { LiveGateway } from '../gateway/live.gateway';

const BEAT_MS = 2000;
const STALE_MS = 3 * BEAT_MS;
const STORIES_PER_NOTICE = 100;

interface Beat {
  instance: string;
  counts: Record<string, number>;
}

// Each process announces its readers per story every 2 s over NOTIFY; every process sums the
// announcements it heard recently. No table, no other service, a few seconds stale at most.
@Injectable()
export class PresenceService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Presence');
  readonly instance: string;
  private readonly others = new Map<string, { at: number; counts: Map<string, number> }>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly gateway: LiveGateway,
    private readonly notices: NoticeListener,
    @InjectDataSource() private readonly db: DataSource,
    env: Env,
  ) {
    this.instance = env.INSTANCE_ID ?? randomUUID();
  }

  onApplicationBootstrap(): void {
    this.notices.on(PRESENCE_CHANNEL, (payload) => this.hear(JSON.parse(payload) as Beat));
    this.timer = setInterval(() => void this.beat(), BEAT_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  readers(storyId: string): number {
    let n = this.gateway.readers(storyId);
    const now = Date.now();
    for (const [, other] of this.others) if (now - other.at < STALE_MS) n += other.counts.get(storyId) ?? 0;
    return n;
  }

  totalLocalReaders(): number {
    let n = 0;
    for (const size of this.gateway.roomSizes().values()) n += size;
    return n;
  }

  private hear(beat: Beat) {
    if (beat.instance === this.instance) return;
    const prev = this.others.get(beat.instance);
    const fresh = !prev || Date.now() - prev.at > BEAT_MS / 2;
    const counts = fresh ? new Map<string, number>() : prev.counts;
    for (const [id, n] of Object.entries(beat.counts)) counts.set(id, n);
    this.others.set(beat.instance, { at: Date.now(), counts });
  }

  private async beat() {
    if (!this.notices.connected) return;
    const entries = [...this.gateway.roomSizes()];
    try {
      // Chunked: a NOTIFY payload must stay under 8000 bytes.
      for (let i = 0; i === 0 || i < entries.length; i += STORIES_PER_NOTICE) {
        const beat: Beat = {
          instance: this.instance,
          counts: Object.fromEntries(entries.slice(i, i + STORIES_PER_NOTICE)),
        };
        await this.db.transaction(async (m) => {
          // A beat is stale in seconds anyway: its commit need not wait for the WAL flush while it
          // holds PostgreSQL's NOTIFY lock, which every event's commit also needs (deploy/CAPACITY.md).
          // SET LOCAL ends with the transaction, so this is safe through a transaction pooler.
          await m.query('SET LOCAL synchronous_commit = off');
          await m.query('SELECT pg_notify($1, $2)', [PRESENCE_CHANNEL, JSON.stringify(beat)]);
        });
      }
    } catch (e) {
      this.logger.debug(`Presence beat skipped: ${(e as Error).message}`);
    }
  }
}
