import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Env } from '@liveline/core';
import { PublishDueEntries } from '../entries/usecases/publish-due-entries.usecase';

// Polls for due scheduled entries; cheap (a partial index) and safe on every process at once.
@Injectable()
export class Scheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Scheduler');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;

  constructor(
    private readonly env: Env,
    private readonly publishDue: PublishDueEntries,
  ) {}

  onApplicationBootstrap(): void {
    const tick = () => {
      if (this.stopped) return;
      this.running = this.publishDue
        .execute()
        .then((n) => n && this.logger.log(`Published ${n} scheduled entr${n === 1 ? 'y' : 'ies'}`))
        .catch((e) => this.logger.warn(`Scheduled publishing failed, retrying: ${e.message}`))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.env.SCHEDULER_INTERVAL_MS);
        });
    };
    this.timer = setTimeout(tick, this.env.SCHEDULER_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
