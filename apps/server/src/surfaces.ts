import type { DynamicModule } from '@nestjs/common';
import { NewsroomAppModule } from '@liveline/newsroom';
import { MediaFilesModule } from '@liveline/media';
import { PagesModule } from '@liveline/pages';

// What people see: the reader pages, embed, widget and feeds, and the newsroom web app.
export function surfaceModules(): NonNullable<DynamicModule['imports']> {
  return [PagesModule, NewsroomAppModule, MediaFilesModule];
}
