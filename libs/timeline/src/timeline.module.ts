import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@liveline/accounts';
import { EntriesController } from './entries/entries.controller';
import { EntryChanges } from './entries/entry-changes';
import { EntryEntity } from './entries/entry.entity';
import { IdempotencyJanitor } from './entries/idempotency-janitor';
import { IdempotencyKeyEntity } from './entries/idempotency-key.entity';
import { RevisionEntity } from './entries/revision.entity';
import { CreateEntry } from './entries/usecases/create-entry.usecase';
import { DeleteEntry } from './entries/usecases/delete-entry.usecase';
import { PublishDueEntries } from './entries/usecases/publish-due-entries.usecase';
import { UpdateEntry } from './entries/usecases/update-entry.usecase';
import { EventEntity } from './events/event.entity';
import { EventLog } from './events/event-log';
import { TimelineReader } from './reading/timeline-reader.service';
import { Scheduler } from './scheduling/scheduler';
import { DemoSeeder } from './seed/demo-seeder';
import { StoriesController } from './stories/stories.controller';
import { StoryEntity } from './stories/story.entity';
import { CreateStory } from './stories/usecases/create-story.usecase';
import { UpdateStory } from './stories/usecases/update-story.usecase';

@Module({
  imports: [
    AccountsModule,
    TypeOrmModule.forFeature([StoryEntity, EntryEntity, EventEntity, RevisionEntity, IdempotencyKeyEntity]),
  ],
  controllers: [StoriesController, EntriesController],
  providers: [
    TimelineReader,
    EventLog,
    EntryChanges,
    CreateStory,
    UpdateStory,
    CreateEntry,
    UpdateEntry,
    DeleteEntry,
    PublishDueEntries,
    Scheduler,
    IdempotencyJanitor,
    DemoSeeder,
  ],
  exports: [TimelineReader, EventLog, DemoSeeder, CreateStory, CreateEntry],
})
export class TimelineModule {}
