import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequireRole, type Actor } from '@liveline/accounts';
import type { Media } from '@liveline/contracts';
import { Env } from '@liveline/core';
import type { Request } from 'express';
import { MediaTextDto } from './media.dto';
import { toMedia } from './media.entity';
import { mediaOrigin } from './media-origin';
import { MediaLibrary } from './media-library';
import { TakeDownMedia } from './usecases/take-down-media.usecase';
import { UpdateMedia } from './usecases/update-media.usecase';
import { UploadMedia } from './usecases/upload-media.usecase';

@ApiTags('media')
@ApiBearerAuth()
@Controller('media')
export class MediaController {
  constructor(
    private readonly env: Env,
    private readonly library: MediaLibrary,
    private readonly upload: UploadMedia,
    private readonly update: UpdateMedia,
    private readonly takeDown: TakeDownMedia,
  ) {}

  @Post()
  @RequireRole('contributor')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary' },
        alt: { type: 'string' },
        caption: { type: 'string' },
        credit: { type: 'string' },
      },
    },
  })
  // Limits (size, parts) come from MulterModule in MediaModule and are enforced while streaming.
  @UseInterceptors(FileInterceptor('file'))
  async create(
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body() text: MediaTextDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
  ): Promise<Media> {
    return toMedia(await this.upload.execute(file?.buffer, text, actor), mediaOrigin(this.env, req));
  }

  @Get()
  @RequireRole('contributor')
  async recent(@Req() req: Request, @Query('limit') limit?: string): Promise<{ items: Media[] }> {
    const n = Math.min(Math.max(Number(limit) || 30, 1), 100);
    const rows = await this.library.recent(n);
    return { items: rows.map((r) => toMedia(r, mediaOrigin(this.env, req))) };
  }

  @Get(':id')
  @RequireRole('contributor')
  async get(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: Request): Promise<Media> {
    return toMedia(await this.library.find(id), mediaOrigin(this.env, req));
  }

  @Patch(':id')
  @RequireRole('contributor')
  async patch(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: MediaTextDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
  ): Promise<Media> {
    return toMedia(await this.update.execute(id, dto, actor), mediaOrigin(this.env, req));
  }

  @Delete(':id')
  @RequireRole('editor')
  @HttpCode(204)
  async remove(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.takeDown.execute(id, actor);
  }
}
