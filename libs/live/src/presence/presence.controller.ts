import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '@liveline/accounts';
import { TimelineReader } from '@liveline/timeline';
import { PresenceService } from './presence.service';

@ApiTags('presence')
@ApiBearerAuth()
@Controller('stories/:ref/presence')
export class PresenceController {
  constructor(
    private readonly presence: PresenceService,
    private readonly reader: TimelineReader,
  ) {}

  @Get()
  @RequireRole('editor')
  async get(@Param('ref') ref: string): Promise<{ readers: number }> {
    const story = await this.reader.findStory(ref, { newsroom: true });
    return { readers: this.presence.readers(story.id) };
  }
}
