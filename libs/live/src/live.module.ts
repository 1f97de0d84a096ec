import { Module } from '@nestjs/common';
import { AccountsModule } from '@liveline/accounts';
import { TimelineModule } from '@liveline/timeline';
import { EventsController } from './delivery/events.controller';
import { NoticeListener } from './delivery/notice-listener';
import { StoryFeeds } from './delivery/story-feeds';
import { StoryRefs } from './delivery/story-refs';
import { Readership } from './delivery/readership';
import { SessionNotices } from './delivery/session-notices';
import { ConnectionLimiter } from './gateway/connection-limiter';
import { LiveGateway } from './gateway/live.gateway';
import { NewsroomGateway } from './newsroom/newsroom.gateway';
import { PresenceController } from './presence/presence.controller';
import { PresenceService } from './presence/presence.service';

@Module({
  imports: [TimelineModule, AccountsModule],
  controllers: [EventsController, PresenceController],
  providers: [
    NoticeListener,
    SessionNotices,
    Readership,
    StoryFeeds,
    StoryRefs,
    ConnectionLimiter,
    LiveGateway,
    NewsroomGateway,
    PresenceService,
  ],
  exports: [StoryFeeds, StoryRefs, LiveGateway, PresenceService, NoticeListener],
})
export class LiveModule {}
