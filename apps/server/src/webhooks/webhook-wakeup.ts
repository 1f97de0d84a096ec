import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { LiveModule, NoticeListener } from '@liveline/live';
import { EVENTS_CHANNEL } from '@liveline/timeline';
import { WebhookDispatcher, WebhooksModule } from '@liveline/webhooks';

// libs/webhooks and libs/live sit side by side above libs/timeline, so neither imports the
// other: the composition root hands the process's one LISTEN connection to the dispatcher.
// A notice only wakes it; what to send is always read from the cursors and the event log.
@Injectable()
class WebhookWakeup implements OnModuleInit {
  constructor(
    private readonly notices: NoticeListener,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  onModuleInit(): void {
    this.notices.on(EVENTS_CHANNEL, () => this.dispatcher.wake());
    this.notices.onReconnect(() => this.dispatcher.wake());
  }
}

@Module({ imports: [LiveModule, WebhooksModule], providers: [WebhookWakeup] })
export class WebhookWakeupModule {}
