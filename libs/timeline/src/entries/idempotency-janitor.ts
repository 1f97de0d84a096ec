import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { IDEMPOTENCY_TTL_HOURS } from './usecases/create-entry.usecase';

const EVERY_MS = 10 * 60_000;

// Idempotency keys are honoured for 24 hours; older ones are only dead weight.
@Injectable()
export class IdempotencyJanitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('IdempotencyJanitor');
  private timer?: NodeJS.Timeout;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.purge(), EVERY_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async purge(): Promise<number> {
    try {
      const [, removed] = await this.db.query(
        `DELETE FROM idempotency_keys WHERE created_at < now() - interval '${IDEMPOTENCY_TTL_HOURS} hours'`,
      );
      return Number(removed ?? 0);
    } catch (e) {
      this.logger.warn(`Could not purge expired idempotency keys: ${(e as Error).message}`);
      return 0;
    }
  }
}
