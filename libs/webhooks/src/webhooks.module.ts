import { Module } from '@nestjs/common';
import { AccountsModule } from '@liveline/accounts';
import { OutboundModule } from '@liveline/outbound';
import { TimelineModule } from '@liveline/timeline';
import { WebhookDispatcher } from './delivery/webhook-dispatcher';
import { WebhookSender } from './delivery/webhook-sender';
import { CreateWebhook } from './usecases/create-webhook.usecase';
import { DeleteWebhook, PauseWebhook, RotateWebhookSecret, SendTestEvent } from './usecases/manage-webhook.usecase';
import { WebhookStats } from './webhook-stats';
import { WebhookStore } from './webhook-store';
import { WebhooksController } from './webhooks.controller';

@Module({
  imports: [AccountsModule, TimelineModule, OutboundModule],
  controllers: [WebhooksController],
  providers: [
    WebhookSender,
    WebhookDispatcher,
    WebhookStore,
    WebhookStats,
    CreateWebhook,
    DeleteWebhook,
    RotateWebhookSecret,
    PauseWebhook,
    SendTestEvent,
  ],
  exports: [WebhookDispatcher, WebhookStats],
})
export class WebhooksModule {}
