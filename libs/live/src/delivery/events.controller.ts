import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { EventPage } from '@liveline/contracts';
import { cachePublicly, EVENTS_CACHE_CONTROL } from '@liveline/core';
import { Type } from 'class-transformer';
import { IsInt, Max, Min, ValidateIf } from 'class-validator';
import type { Response } from 'express';
import { StoryFeeds } from './story-feeds';
import { StoryRefs } from './story-refs';

class EventsQuery {
  @ValidateIf((_, v) => v !== undefined)
  @Type(() => Number)
  @IsInt({ message: 'since must be a whole number' })
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  since?: number;

  @ValidateIf((_, v) => v !== undefined)
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number from 1 to 1000' })
  @Min(1)
  @Max(1000)
  limit?: number;
}

// The HTTP twin of the socket for clients that cannot hold one: same events, same tail.
@ApiTags('events')
@Controller('stories/:ref/events')
export class EventsController {
  constructor(
    private readonly feeds: StoryFeeds,
    private readonly refs: StoryRefs,
  ) {}

  @Get()
  @ApiOkResponse({
    description: '{events, seq}: public events after since, oldest first, at most limit, through the whole log',
  })
  async list(
    @Param('ref') ref: string,
    @Query() q: EventsQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<EventPage> {
    const story = await this.refs.resolve(ref);
    const since = q.since ?? 0;
    // The whole log pages through here: a since older than the replay window is read from the database.
    const { head, events } = await this.feeds.page(story.id, since, q.limit ?? 1000);
    const page: EventPage = { events, seq: head };
    // Events are public whoever asks. The strong ETag and the 304 are Express's (a hash of the
    // body), so a correction that rewrites an earlier event's content changes it too.
    cachePublicly(res, { storyId: story.id, seq: head }, EVENTS_CACHE_CONTROL);
    return page;
  }
}
