import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LiveGateway, NoticeListener, PresenceService, StoryFeeds } from '@liveline/live';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

// Per-story series only for the busiest stories here, so a night with thousands of stories
// still yields a bounded number of series.
export const TOP_STORIES = 10;

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number };
}

// One registry per app (not prom-client's global one), so two apps in one process never clash.
@Injectable()
export class MetricsService implements OnModuleInit {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'liveline_http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  private readonly delivered = new Counter({
    name: 'liveline_events_delivered_total',
    help: 'Public events published to this process\'s live readers (one room broadcast each, in seq order), by type',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  private readonly deliveryLag = new Histogram({
    name: 'liveline_event_delivery_lag_seconds',
    help: 'From an event\'s commit time (its `at`) to its emit to readers in this process',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  constructor(
    private readonly feeds: StoryFeeds,
    private readonly gateway: LiveGateway,
    private readonly presence: PresenceService,
    private readonly notices: NoticeListener,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  onModuleInit(): void {
    // Process CPU, memory, GC and event-loop lag (nodejs_eventloop_lag_*).
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });

    this.feeds.onEvent((event) => {
      this.delivered.inc({ type: event.type });
      const at = Date.parse(event.at);
      if (Number.isFinite(at)) this.deliveryLag.observe(Math.max(0, Date.now() - at) / 1000);
    });

    const { presence, gateway, feeds, notices } = this;
    new Gauge({
      name: 'liveline_live_readers',
      help: 'Live reader subscriptions held by this process',
      registers: [this.registry],
      collect() {
        this.set(presence.totalLocalReaders());
      },
    });
    new Gauge({
      name: 'liveline_live_story_readers',
      help: `Live readers of this process for its ${TOP_STORIES} busiest stories`,
      labelNames: ['story'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        const busiest = [...gateway.roomSizes()].sort((a, b) => b[1] - a[1]).slice(0, TOP_STORIES);
        for (const [story, n] of busiest) this.set({ story }, n);
      },
    });
    new Gauge({
      name: 'liveline_story_feeds_loaded',
      help: 'Stories whose event tail this process holds in memory',
      registers: [this.registry],
      collect() {
        this.set(feeds.loadedFeeds());
      },
    });
    new Counter({
      name: 'liveline_event_log_reads_total',
      help: 'Event-log queries made for delivery (loads and catch-ups); stays low in reconnect storms',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(feeds.reads);
      },
    });
    new Counter({
      name: 'liveline_live_replays_refused_total',
      help: 'Subscribes refused because the socket was over its replay budget (REPLAY_EVENTS_PER_SOCKET_PER_MINUTE)',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(gateway.replays.refused);
      },
    });
    new Counter({
      name: 'liveline_live_slow_sockets_dropped_total',
      help: 'Sockets dropped because their unsent data stayed over SLOW_SOCKET_BUFFER_BYTES',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(gateway.slow.dropped);
      },
    });
    new Gauge({
      name: 'liveline_listener_connected',
      help: '1 while the LISTEN connection that feeds live delivery is up',
      registers: [this.registry],
      collect() {
        this.set(notices.connected ? 1 : 0);
      },
    });
    const pool = this.pgPool();
    if (pool) {
      new Gauge({
        name: 'liveline_db_pool_connections',
        help: 'PostgreSQL pool connections: total open, idle, and requests waiting for one',
        labelNames: ['state'] as const,
        registers: [this.registry],
        collect() {
          this.set({ state: 'total' }, pool.totalCount);
          this.set({ state: 'idle' }, pool.idleCount);
          this.set({ state: 'waiting' }, pool.waitingCount);
        },
      });
      new Gauge({
        name: 'liveline_db_pool_max',
        help: 'PostgreSQL pool size limit (DB_POOL_SIZE)',
        registers: [this.registry],
        collect() {
          this.set(pool.options?.max ?? 0);
        },
      });
    }
  }

  /** The pg pool behind TypeORM on PostgreSQL; PGlite has a single in-process connection. */
  private pgPool(): PgPool | null {
    const master = (this.db.driver as unknown as { master?: Partial<PgPool> }).master;
    return master && typeof master.totalCount === 'number' ? (master as PgPool) : null;
  }
}
