import { Module } from '@nestjs/common';
import { LiveModule } from '@liveline/live';
import { WebhooksModule } from '@liveline/webhooks';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/** Prometheus metrics at /metrics; see metrics.service.ts for the series. */
@Module({
  imports: [LiveModule, WebhooksModule],
  controllers: [MetricsController],
  providers: [MetricsService],
  exports: [MetricsService],
})
export class MetricsModule {}
