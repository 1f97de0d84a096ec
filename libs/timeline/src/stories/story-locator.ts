import type { EntityManager } from 'typeorm';
import { TimelineException } from '../timeline.exception';
import { StoryEntity } from './story.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (s: string) => UUID.test(s);

/** `ref` is an id or a slug. With `lock`, the row is held until the transaction ends. */
export async function findStory(m: EntityManager, ref: string, opts: { lock?: boolean } = {}): Promise<StoryEntity> {
  const qb = m.getRepository(StoryEntity).createQueryBuilder('s');
  if (isUuid(ref)) qb.where('s.id = :ref', { ref });
  else qb.where('s.slug = :ref', { ref: ref.toLowerCase() });
  // FOR NO KEY UPDATE serializes writers of one story without blocking inserts that reference it.
  if (opts.lock) qb.setLock('for_no_key_update');
  const story = await qb.getOne();
  if (!story) throw TimelineException.storyNotFound(ref);
  return story;
}
