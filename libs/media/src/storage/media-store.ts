import type { EntityManager } from 'typeorm';
import type { StoreKind } from '../media.entity';

export interface StoredFile {
  name: string;
  contentType: string;
  data: Buffer;
}

/**
 * Where renditions' bytes live. The database row of the media item is always the truth: a file
 * is served only while its item exists and is not taken down, whatever the store still holds.
 * `manager` is the transaction of the write, used by the database store and ignored by others.
 */
export interface MediaStore {
  readonly kind: StoreKind;
  put(manager: EntityManager, mediaId: string, files: StoredFile[]): Promise<void>;
  get(name: string): Promise<StoredFile | null>;
  remove(manager: EntityManager, mediaId: string, names: string[]): Promise<void>;
}

export const MEDIA_STORE = Symbol('MediaStore');
