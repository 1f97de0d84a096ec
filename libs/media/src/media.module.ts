import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@liveline/accounts';
import { Env } from '@liveline/core';
import { TimelineModule } from '@liveline/timeline';
import { memoryStorage } from 'multer';
import type { DataSource } from 'typeorm';
import { DemoMedia } from './seed/demo-media';
import { MediaController } from './media.controller';
import { MediaBlobEntity, MediaEntity } from './media.entity';
import { MediaLibrary } from './media-library';
import { OrphanJanitor } from './orphan-janitor';
import { MediaFilesController } from './serving/media-files.controller';
import { DatabaseMediaStore } from './storage/database-media-store';
import { MEDIA_STORE } from './storage/media-store';
import { TakeDownMedia } from './usecases/take-down-media.usecase';
import { UpdateMedia } from './usecases/update-media.usecase';
import { UploadMedia } from './usecases/upload-media.usecase';

// The JSON API (mounted under /api by the app). Multer streams the upload into memory and stops
// at MEDIA_MAX_BYTES (413) before the whole body has arrived; nothing touches disk.
@Module({
  imports: [
    AccountsModule,
    TimelineModule,
    TypeOrmModule.forFeature([MediaEntity, MediaBlobEntity]),
    MulterModule.registerAsync({
      inject: [Env],
      useFactory: (env: Env) => ({
        storage: memoryStorage(),
        limits: { fileSize: env.MEDIA_MAX_BYTES, files: 1, fields: 8, fieldSize: 8 * 1024, parts: 12, headerPairs: 50 },
      }),
    }),
  ],
  controllers: [MediaController],
  providers: [
    MediaLibrary,
    UploadMedia,
    UpdateMedia,
    TakeDownMedia,
    OrphanJanitor,
    DemoMedia,
    {
      provide: MEDIA_STORE,
      inject: [Env, getDataSourceToken()],
      // The AWS SDK (about 20 MB resident) is loaded only when a bucket is configured.
      useFactory: async (env: Env, db: DataSource) =>
        env.MEDIA_S3_BUCKET
          ? new (await import('./storage/s3-media-store')).S3MediaStore(env)
          : new DatabaseMediaStore(db),
    },
  ],
  exports: [MediaLibrary, MEDIA_STORE, UploadMedia, DemoMedia],
})
export class MediaModule {}

// The files themselves, at /media/<name> beside the pages.
@Module({ imports: [MediaModule], controllers: [MediaFilesController] })
export class MediaFilesModule {}
