export { EmbedsModule } from './embeds.module';
export { EmbedPreviews } from './previews/embed-previews.service';
export { EmbedsException, EmbedsExceptionCode } from './embeds.exception';
