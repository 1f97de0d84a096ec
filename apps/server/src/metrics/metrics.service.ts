import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LiveGateway, NoticeListener, PresenceService, StoryFeeds } from '@liveline/live';
import { WebhookDispatcher, WebhookStats } from '@liveline/webhooks';
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

  /** Requests the read fast path answered (also counted in httpDuration, by the same route). */
  readonly fastPathHits = new Counter({
    name: 'liveline_read_fast_path_hits_total',
    help: 'Anonymous public reads answered from prepared bytes ahead of Express, by route template',
    labelNames: ['route'] as const,
    registers: [this.registry],
  });

  private readonly delivered = new Counter({
    name: 'liveline_events_delivered_total',
    help: "Public events published to this process's live readers (one room broadcast each, in seq order), by type",
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  private readonly deliveryLag = new Histogram({
    name: 'liveline_event_delivery_lag_seconds',
    help: "From an event's commit time (its `at`) to its emit to readers in this process",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  constructor(
    private readonly feeds: StoryFeeds,
    private readonly gateway: LiveGateway,
    private readonly presence: PresenceService,
    private readonly notices: NoticeListener,
    @InjectDataSource() private readonly db: DataSource,
    private readonly webhooks: WebhookDispatcher,
    private readonly webhookStats: WebhookStats,
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
    this.webhookMetrics();
    const pool = this.pgPool();
    if (pool) {
      new Gauge({
        name: 'liveline_db_pool_connections',
        help: 'Database pool connections (embedded mode: its one connection): total open, idle, and requests waiting for one',
        labelNames: ['state'] as const,
        registers: [this.registry],
        collect() {
          this.set({ state: 'total' }, pool.totalCount);
          this.set({ state: 'idle' }, pool.idleCount);
          this.set({ state: 'waiting' }, pool.waitingCount);
        },
      });
      const timeouts = (pool as { waitTimeouts?: number }).waitTimeouts;
      if (typeof timeouts === 'number') {
        new Counter({
          name: 'liveline_db_pool_wait_timeouts_total',
          help: 'Requests that gave up waiting for the embedded database connection (DB_ACQUIRE_TIMEOUT_MS)',
          registers: [this.registry],
          collect() {
            this.reset();
            this.inc((pool as { waitTimeouts?: number }).waitTimeouts ?? 0);
          },
        });
      }
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

  // Labelled by webhook id: admins create a handful, so the series stay bounded.
  private webhookMetrics(): void {
    const deliveries = new Counter({
      name: 'liveline_webhook_deliveries_total',
      help: 'Webhook events this process delivered (answered 2xx), by webhook',
      labelNames: ['webhook'] as const,
      registers: [this.registry],
    });
    const failures = new Counter({
      name: 'liveline_webhook_failures_total',
      help: 'Webhook delivery attempts of this process that failed (non-2xx, timeout, refused), by webhook',
      labelNames: ['webhook'] as const,
      registers: [this.registry],
    });
    this.webhooks.onOutcome((o) => (o.ok ? deliveries : failures).inc({ webhook: o.webhookId }));
    const stats = this.webhookStats;
    new Gauge({
      name: 'liveline_webhook_lag_seconds',
      help: 'Per webhook: now minus the `at` of its oldest undelivered event (0 when caught up), cluster-wide',
      labelNames: ['webhook'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const [webhook, lag] of await stats.lagSeconds()) this.set({ webhook }, lag);
      },
    });
    new Gauge({
      name: 'liveline_webhooks_paused',
      help: 'Webhooks paused (by an admin or after failing for WEBHOOK_PAUSE_AFTER), cluster-wide',
      registers: [this.registry],
      async collect() {
        this.set(await stats.pausedCount());
      },
    });
  }

  /** The pg pool behind TypeORM on PostgreSQL, or the embedded mode's lending pool (same counters). */
  private pgPool(): PgPool | null {
    const master = (this.db.driver as unknown as { master?: Partial<PgPool> }).master;
    return master && typeof master.totalCount === 'number' ? (master as PgPool) : null;
  }
}
