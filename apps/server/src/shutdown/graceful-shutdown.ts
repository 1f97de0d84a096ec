import type { LoggerService } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { LiveGateway } from '@liveline/live';
import type { Server } from 'node:http';
import type { LiveIoAdapter } from '../live/io-adapter';
import { DrainState } from './drain-state';

export interface ShutdownTimings {
  /** How long requests already accepted may take to finish. */
  requestsMs: number;
  /** How long readers get to leave by themselves after `reconnect`. */
  readersMs: number;
  /** Past this, the process exits whatever is left. */
  totalMs: number;
}

export const DEFAULT_TIMINGS: ShutdownTimings = { requestsMs: 10_000, readersMs: 1_000, totalMs: 25_000 };

// SIGTERM: stop taking work, let accepted writes commit, send readers elsewhere (they resume
// with `since`, so the order against in-flight events does not matter), then close the
// listener, the scheduler and the database through Nest's shutdown hooks.
export class GracefulShutdown {
  private started = false;

  constructor(
    private readonly app: NestExpressApplication,
    private readonly sockets: LiveIoAdapter,
    private readonly log: LoggerService,
    private readonly timings: ShutdownTimings = DEFAULT_TIMINGS,
  ) {}

  // `once`: a second signal is not caught and ends the process at once (Ctrl-C twice).
  listen(): void {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void this.run(signal));
  }

  async run(signal: string): Promise<void> {
    if (this.started) return;
    this.started = true;
    const t0 = Date.now();
    setTimeout(() => {
      this.log.error(`Shutdown took over ${this.timings.totalMs} ms; exiting anyway`, 'Shutdown');
      process.exit(1);
    }, this.timings.totalMs).unref();

    const drain = this.app.get(DrainState);
    drain.start();
    // New TCP connections are refused from here, so a balancer moves on to the other process.
    const http = this.app.getHttpServer() as Server;
    http.close();
    http.closeIdleConnections();
    this.log.log(
      `${signal}: draining ${drain.requestsInFlight} request(s) and ${this.sockets.connectionCount()} socket(s)`,
      'Shutdown',
    );

    const finished = await drain.idle(this.timings.requestsMs);
    if (!finished)
      this.log.warn(
        `${drain.requestsInFlight} request(s) still running after ${this.timings.requestsMs} ms`,
        'Shutdown',
      );

    this.app.get(LiveGateway).sendReconnect('shutdown');
    await this.untilNoSockets(this.timings.readersMs);
    const cut = this.sockets.closeTransports();

    await this.app.close();
    this.log.log(`Stopped in ${Date.now() - t0} ms (${cut} socket(s) cut after the reconnect notice)`, 'Shutdown');
    process.exit(0);
  }

  private async untilNoSockets(ms: number) {
    const until = Date.now() + ms;
    while (this.sockets.connectionCount() > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
  }
}
