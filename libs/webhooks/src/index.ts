export { WebhooksModule } from './webhooks.module';
export { WebhookDispatcher, type DeliveryOutcome } from './delivery/webhook-dispatcher';
export { WebhookStats } from './webhook-stats';
export { WebhooksException, WebhooksExceptionCode } from './webhooks.exception';
