export { LiveModule } from './live.module';
export { StoryFeeds } from './delivery/story-feeds';
export { StoryRefs } from './delivery/story-refs';
export { NoticeListener } from './delivery/notice-listener';
export { LiveGateway } from './gateway/live.gateway';
export { PresenceService } from './presence/presence.service';
