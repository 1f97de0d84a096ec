import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Env } from '@liveline/core';
import type { DataSource } from 'typeorm';
import { TakeDownMedia } from './usecases/take-down-media.usecase';

// Uploads that no entry body (draft or published) and no story cover has referenced for
// MEDIA_ORPHAN_DAYS are removed like a takedown (tombstone, bytes gone, audited). Several
// processes may sweep at once: the takedown locks the row and the second one finds it gone.
@Injectable()
export class OrphanJanitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OrphanJanitor');
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly takeDown: TakeDownMedia,
    private readonly env: Env,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.sweep().catch((e: Error) => this.logger.warn(`Orphan sweep failed: ${e.message}`));
    }, this.env.MEDIA_JANITOR_INTERVAL_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<number> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT m.id FROM media m
        WHERE m.deleted_at IS NULL AND m.created_at < now() - make_interval(days => $1)
          AND NOT EXISTS (SELECT 1 FROM entries e WHERE strpos(e.body, m.hash) > 0)
          AND NOT EXISTS (SELECT 1 FROM stories s WHERE s.cover_image_id = m.id)
        ORDER BY m.created_at LIMIT 100`,
      [this.env.MEDIA_ORPHAN_DAYS],
    );
    let removed = 0;
    for (const { id } of rows) {
      try {
        await this.takeDown.execute(id, null, 'orphaned');
        removed++;
      } catch {
        // Another process removed it first.
      }
    }
    if (removed) this.logger.log(`Removed ${removed} unused upload(s) older than ${this.env.MEDIA_ORPHAN_DAYS} days`);
    return removed;
  }
}
