import { DeleteObjectsCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Env } from '@liveline/core';
import type { MediaStore, StoredFile } from './media-store';

// For large deployments: renditions in an S3-compatible bucket (AWS, MinIO, R2, …). Writes happen
// before the media row commits and reads go through this process, which checks the row first,
// so a takedown is at once on every process even if a delete here were to fail.
export class S3MediaStore implements MediaStore {
  readonly kind = 's3' as const;
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(
    env: Pick<
      Env,
      | 'MEDIA_S3_BUCKET'
      | 'MEDIA_S3_ENDPOINT'
      | 'MEDIA_S3_REGION'
      | 'MEDIA_S3_ACCESS_KEY_ID'
      | 'MEDIA_S3_SECRET_ACCESS_KEY'
      | 'MEDIA_S3_FORCE_PATH_STYLE'
    >,
  ) {
    this.bucket = env.MEDIA_S3_BUCKET!;
    this.client = new S3Client({
      region: env.MEDIA_S3_REGION,
      ...(env.MEDIA_S3_ENDPOINT ? { endpoint: env.MEDIA_S3_ENDPOINT } : {}),
      forcePathStyle: env.MEDIA_S3_FORCE_PATH_STYLE,
      ...(env.MEDIA_S3_ACCESS_KEY_ID && env.MEDIA_S3_SECRET_ACCESS_KEY
        ? { credentials: { accessKeyId: env.MEDIA_S3_ACCESS_KEY_ID, secretAccessKey: env.MEDIA_S3_SECRET_ACCESS_KEY } }
        : {}),
    });
  }

  async put(_manager: unknown, _mediaId: string, files: StoredFile[]): Promise<void> {
    for (const f of files) {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: f.name,
          Body: f.data,
          ContentType: f.contentType,
          CacheControl: 'public, max-age=31536000, immutable',
        }),
      );
    }
  }

  async get(name: string): Promise<StoredFile | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: name }));
      const data = Buffer.from(await out.Body!.transformToByteArray());
      return { name, contentType: out.ContentType ?? 'application/octet-stream', data };
    } catch (e) {
      if (e instanceof NoSuchKey || (e as { name?: string }).name === 'NoSuchKey') return null;
      throw e;
    }
  }

  async remove(_manager: unknown, _mediaId: string, names: string[]): Promise<void> {
    if (names.length)
      await this.client.send(
        new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: names.map((Key) => ({ Key })) } }),
      );
  }

  destroy(): void {
    this.client.destroy();
  }
}
