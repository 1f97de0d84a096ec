export { TimelineModule } from './timeline.module';
export { TimelineReader } from './reading/timeline-reader.service';
export { EventLog, EVENTS_CHANNEL, NEWSROOM_CHANNEL, type EventNotice, type NewsroomNotice } from './events/event-log';
export { TimelineException, TimelineExceptionCode } from './timeline.exception';
export { DemoSeeder } from './seed/demo-seeder';
export { isUuid } from './stories/story-locator';
export { CreateEntry } from './entries/usecases/create-entry.usecase';
