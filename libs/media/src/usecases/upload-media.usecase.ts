import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditTrail } from '@liveline/accounts';
import { Env, isUniqueViolation } from '@liveline/core';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { MediaTextDto } from '../media.dto';
import { MediaEntity } from '../media.entity';
import { MediaException, MediaExceptionCode } from '../media.exception';
import { renderRenditions } from '../processing/render-renditions';
import { Semaphore } from '../processing/semaphore';
import { MEDIA_STORE, type MediaStore } from '../storage/media-store';
import { configureSharp } from '../processing/sharp-lib';

const clean = (s: string | undefined, max: number) =>
  (s ?? '')
    .replace(/[\u0000-\u001F\u007F]/g, ' ')
    .trim()
    .slice(0, max);

@Injectable()
export class UploadMedia {
  private readonly logger = new Logger('UploadMedia');
  // Renditions are drawn on libuv's threads, a few uploads at a time, so a burst of uploads
  // waits its turn instead of starving live delivery of CPU and threads.
  private readonly gate: Semaphore;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(MEDIA_STORE) private readonly store: MediaStore,
    private readonly audit: AuditTrail,
    private readonly env: Env,
  ) {
    this.gate = new Semaphore(env.MEDIA_PROCESSING_CONCURRENCY);
    configureSharp({ threads: env.MEDIA_SHARP_THREADS });
  }

  async execute(file: Buffer | undefined, text: MediaTextDto, actor: { id: string } | null): Promise<MediaEntity> {
    if (!file)
      throw new MediaException(MediaExceptionCode.MissingFile, 'file: send the image as the multipart field "file"');
    const image = await this.gate.run(() => renderRenditions(file, { maxPixels: this.env.MEDIA_MAX_PIXELS }));
    const taken = await this.db.getRepository(MediaEntity).findOne({ where: { hash: image.hash } });
    if (taken?.deletedAt)
      throw new MediaException(MediaExceptionCode.TakenDown, 'This image was taken down and cannot be uploaded again');
    // The same bytes again are the same item: its URLs already exist.
    if (taken) return taken;
    const now = new Date();
    const primary = image.files.find((f) => f.name === image.primary)!;
    const others = image.files.filter((f) => f !== primary);
    const row: MediaEntity = Object.assign(new MediaEntity(), {
      id: randomUUID(),
      hash: image.hash,
      uploaderId: actor?.id ?? null,
      sourceType: image.sourceType,
      width: image.width,
      height: image.height,
      bytes: file.length,
      alt: clean(text.alt, 1000),
      caption: clean(text.caption, 2000),
      credit: clean(text.credit, 300),
      renditions: [primary, ...others].map((f) => ({
        name: f.name,
        type: f.contentType,
        width: f.width,
        height: f.height,
        bytes: f.data.length,
      })),
      store: this.store.kind,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    });
    try {
      await this.db.transaction(async (m) => {
        await m.insert(MediaEntity, row);
        await this.store.put(m, row.id, image.files);
        await this.audit.record(m, {
          actorId: row.uploaderId,
          action: 'media.uploaded',
          targetType: 'media',
          targetId: row.id,
          details: { hash: row.hash, bytes: row.bytes },
        });
      });
    } catch (e) {
      // Two uploads of the same bytes at once: the other one won (and owns the same file names).
      if (isUniqueViolation(e)) {
        const winner = await this.db.getRepository(MediaEntity).findOne({ where: { hash: image.hash } });
        if (winner && !winner.deletedAt) return winner;
        throw e;
      }
      if (this.store.kind !== 'database') {
        await this.store
          .remove(
            this.db.manager,
            row.id,
            image.files.map((f) => f.name),
          )
          .catch(() => undefined);
      }
      throw e;
    }
    this.logger.log(
      `media ${row.id}: ${image.files.length} renditions of ${row.width}x${row.height} ${row.sourceType}`,
    );
    return row;
  }
}
