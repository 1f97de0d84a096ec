export { MediaModule, MediaFilesModule } from './media.module';
export { MediaException, MediaExceptionCode } from './media.exception';
export { MediaLibrary } from './media-library';
export { DemoMedia } from './seed/demo-media';
export { toMedia } from './media.entity';
