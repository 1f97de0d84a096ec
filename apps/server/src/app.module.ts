import { Module, type DynamicModule } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { AccountsModule } from '@liveline/accounts';
import { ConfigModule, DatabaseModule, Env, RateCounterModule } from '@liveline/core';
import { LiveModule } from '@liveline/live';
import { TimelineModule } from '@liveline/timeline';
import { LoggerModule } from 'nestjs-pino';
import { HealthModule } from './health/health.module';
import { loggerOptions } from './logging';
import { MetricsModule } from './metrics/metrics.module';
import { SecurityModule } from './security/security.module';
import { ShutdownModule } from './shutdown/shutdown.module';

@Module({})
export class AppModule {
  static register(env: Env, extra: DynamicModule['imports'] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(env),
        LoggerModule.forRoot(loggerOptions(env)),
        ShutdownModule,
        // Before AccountsModule: its global guard then runs after the rate limits.
        SecurityModule,
        DatabaseModule,
        RateCounterModule,
        AccountsModule,
        TimelineModule,
        LiveModule,
        HealthModule,
        MetricsModule,
        // The JSON API lives under /api; pages, feeds and the newsroom app at the root.
        RouterModule.register([
          { path: 'api', module: AccountsModule },
          { path: 'api', module: TimelineModule },
          { path: 'api', module: LiveModule },
        ]),
        ...extra,
      ],
    };
  }
}
