import type { EntityManager } from 'typeorm';
import { TimelineException } from '../timeline.exception';
import { isUuid } from '../stories/story-locator';
import { EntryEntity } from './entry.entity';

export async function findEntry(
  m: EntityManager,
  storyId: string,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<EntryEntity> {
  if (!isUuid(id)) throw TimelineException.entryNotFound(id);
  const qb = m
    .getRepository(EntryEntity)
    .createQueryBuilder('e')
    .leftJoinAndSelect('e.author', 'a')
    .where('e.id = :id AND e.story_id = :storyId AND e.deleted_at IS NULL', { id, storyId });
  // Lock only the entry row: the author join must not lock users.
  if (opts.lock) qb.setLock('pessimistic_write', undefined, ['e']);
  const entry = await qb.getOne();
  if (!entry) throw TimelineException.entryNotFound(id);
  return entry;
}
