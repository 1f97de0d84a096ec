import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  AccountsException,
  AccountsExceptionCode,
  CurrentActor,
  OptionalAuth,
  RequireRole,
  type Actor,
} from '@liveline/accounts';
import { cachePublicly } from '@liveline/core';
import type { Response } from 'express';
import { TimelineReader } from '../reading/timeline-reader.service';
import { CreateStoryDto, StoryDto, StoryListQuery, UpdateStoryDto } from './story.dto';
import { CreateStory } from './usecases/create-story.usecase';
import { UpdateStory } from './usecases/update-story.usecase';

@ApiTags('stories')
@Controller('stories')
export class StoriesController {
  constructor(
    private readonly reader: TimelineReader,
    private readonly createStory: CreateStory,
    private readonly updateStory: UpdateStory,
  ) {}

  @Post()
  @RequireRole('editor')
  @ApiBearerAuth()
  @ApiCreatedResponse({ type: StoryDto })
  create(@Body() dto: CreateStoryDto, @CurrentActor() actor: Actor) {
    return this.createStory.execute(dto, actor);
  }

  @Get()
  @OptionalAuth()
  async list(@Query() q: StoryListQuery, @CurrentActor() actor?: Actor) {
    if (q.status === 'draft' && !actor)
      throw new AccountsException(
        AccountsExceptionCode.MissingToken,
        'Draft stories are for the newsroom: sign in first',
      );
    return { items: await this.reader.listStories(q.status, { newsroom: !!actor }) };
  }

  @Get(':ref')
  @OptionalAuth()
  @ApiOkResponse({ type: StoryDto })
  async get(@Param('ref') ref: string, @Res({ passthrough: true }) res: Response, @CurrentActor() actor?: Actor) {
    const story = await this.reader.findStory(ref, { newsroom: !!actor });
    if (!actor) cachePublicly(res, { storyId: story.id, seq: story.seq });
    return story;
  }

  @Patch(':ref')
  @RequireRole('editor')
  @ApiBearerAuth()
  @ApiOkResponse({ type: StoryDto })
  update(@Param('ref') ref: string, @Body() dto: UpdateStoryDto, @CurrentActor() actor: Actor) {
    return this.updateStory.execute(ref, dto, actor);
  }
}
