import { Module } from '@nestjs/common';
import { AccountsModule } from '@liveline/accounts';
import { TimelineModule } from '@liveline/timeline';
import { InterimOutbound } from './delivery/interim-outbound';
import { OUTBOUND_CLIENT } from './delivery/outbound';
import { WebhookDispatcher } from './delivery/webhook-dispatcher';
import { WebhookSender } from './delivery/webhook-sender';
import { CreateWebhook } from './usecases/create-webhook.usecase';
import { DeleteWebhook, PauseWebhook, RotateWebhookSecret, SendTestEvent } from './usecases/manage-webhook.usecase';
import { WebhookStats } from './webhook-stats';
import { WebhookStore } from './webhook-store';
import { WebhooksController } from './webhooks.controller';

@Module({
  imports: [AccountsModule, TimelineModule],
  controllers: [WebhooksController],
  providers: [
    { provide: OUTBOUND_CLIENT, useClass: InterimOutbound },
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
