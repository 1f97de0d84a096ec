import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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
import { CreateEntryDto, EntryDto, EntryListQuery, EntryPageDto, UpdateEntryDto } from './entry.dto';
import { parseIfMatch } from './if-match';
import { CreateEntry } from './usecases/create-entry.usecase';
import { DeleteEntry } from './usecases/delete-entry.usecase';
import { UpdateEntry } from './usecases/update-entry.usecase';

@ApiTags('entries')
@Controller('stories/:ref/entries')
export class EntriesController {
  constructor(
    private readonly reader: TimelineReader,
    private readonly createEntry: CreateEntry,
    private readonly updateEntry: UpdateEntry,
    private readonly deleteEntry: DeleteEntry,
  ) {}

  @Post()
  @RequireRole('contributor')
  @ApiBearerAuth()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A repeat with the same key (per user, 24 h) returns the first entry and creates nothing',
  })
  @ApiCreatedResponse({ type: EntryDto })
  async create(
    @Param('ref') ref: string,
    @Body() dto: CreateEntryDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { entry, replayed } = await this.createEntry.execute(ref, dto, actor, key);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.setHeader('ETag', `"${entry.version}"`);
    return entry;
  }

  @Get()
  @OptionalAuth()
  @ApiOkResponse({ type: EntryPageDto })
  async list(
    @Param('ref') ref: string,
    @Query() q: EntryListQuery,
    @Res({ passthrough: true }) res: Response,
    @CurrentActor() actor?: Actor,
  ) {
    if (q.status && q.status !== 'published' && !actor) {
      throw new AccountsException(
        AccountsExceptionCode.MissingToken,
        'Unpublished entries are for the newsroom: sign in first',
      );
    }
    const story = await this.reader.findStory(ref, { newsroom: !!actor });
    const page = await this.reader.listEntries(story, q);
    // The newsroom's view stays private (no-store by default); a reader's is the same for all.
    if (!actor) cachePublicly(res, { storyId: story.id, seq: page.seq });
    return page;
  }

  @Get(':id')
  @OptionalAuth()
  @ApiOkResponse({ type: EntryDto })
  async get(
    @Param('ref') ref: string,
    @Param('id') id: string,
    @CurrentActor() actor: Actor | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const story = await this.reader.findStory(ref, { newsroom: !!actor });
    const entry = await this.reader.findEntry(story, id, { newsroom: !!actor });
    res.setHeader('ETag', `"${entry.version}"`);
    return entry;
  }

  @Get(':id/revisions')
  @RequireRole('contributor')
  @ApiBearerAuth()
  async revisions(@Param('ref') ref: string, @Param('id') id: string) {
    const story = await this.reader.findStory(ref, { newsroom: true });
    return { items: await this.reader.revisions(story, id) };
  }

  @Patch(':id')
  @RequireRole('contributor')
  @ApiBearerAuth()
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version you edited, like "3"; 412 when stale' })
  @ApiOkResponse({ type: EntryDto })
  async update(
    @Param('ref') ref: string,
    @Param('id') id: string,
    @Body() dto: UpdateEntryDto,
    @CurrentActor() actor: Actor,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const entry = await this.updateEntry.execute(ref, id, dto, actor, parseIfMatch(ifMatch));
    res.setHeader('ETag', `"${entry.version}"`);
    return entry;
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireRole('editor')
  @ApiBearerAuth()
  async remove(
    @Param('ref') ref: string,
    @Param('id') id: string,
    @CurrentActor() actor: Actor,
    @Headers('if-match') ifMatch: string | undefined,
  ) {
    await this.deleteEntry.execute(ref, id, actor, parseIfMatch(ifMatch));
  }
}
