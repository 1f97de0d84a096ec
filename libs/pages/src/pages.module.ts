import { Module } from '@nestjs/common';
import { LiveModule } from '@liveline/live';
import { TimelineModule } from '@liveline/timeline';
import { AssetsController } from './assets/assets.controller';
import { WebAssets } from './assets/web-assets';
import { OembedController } from './embed/oembed.controller';
import { FeedsController } from './feeds/feeds.controller';
import { ReaderController } from './reader/reader.controller';
import { StorySnapshots } from './story-snapshots';

// Reader-facing surfaces at the site root: the story page, the iframe embed, feeds, oEmbed and
// the browser bundles. Reads only; every write goes through the API.
@Module({
  imports: [TimelineModule, LiveModule],
  controllers: [ReaderController, FeedsController, OembedController, AssetsController],
  providers: [StorySnapshots, WebAssets],
})
export class PagesModule {}
