import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EMBED_PREVIEW_LOOKUP } from '@liveline/contracts';
import { AccountsModule } from '@liveline/accounts';
import { OutboundModule } from '@liveline/outbound';
import { EmbedPreviewEntity } from './previews/embed-preview.entity';
import { EmbedPreviews } from './previews/embed-previews.service';
import { EmbedsController } from './previews/embeds.controller';

// Global so the reader surfaces can ask what is known of an embed (EMBED_PREVIEW_LOOKUP) without importing this lib.
@Global()
@Module({
  imports: [AccountsModule, OutboundModule, TypeOrmModule.forFeature([EmbedPreviewEntity])],
  controllers: [EmbedsController],
  providers: [EmbedPreviews, { provide: EMBED_PREVIEW_LOOKUP, useExisting: EmbedPreviews }],
  exports: [EmbedPreviews, EMBED_PREVIEW_LOOKUP],
})
export class EmbedsModule {}
