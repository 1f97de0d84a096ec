import { getMetadataArgsStorage, type EntityManager, type ValueTransformer } from 'typeorm';
import { TimelineException } from '../timeline.exception';
import { StoryEntity } from './story.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (s: string) => UUID.test(s);

// Plain SQL rather than the query builder: every write to a story starts here (its lock), and
// building the query, then hydrating the entity through the metadata, was a third of the
// JavaScript of a publish. The columns are read once from StoryEntity's decorators, so the
// entity stays the only list of them.
const columns = getMetadataArgsStorage()
  .columns.filter((c) => c.target === StoryEntity)
  .map((c) => ({
    property: c.propertyName,
    column: c.options.name ?? c.propertyName,
    isDate: c.options.type === 'timestamptz',
    transformer: c.options.transformer as ValueTransformer | undefined,
  }));
const SELECT = `SELECT ${columns.map((c) => `"${c.column}" AS "${c.property}"`).join(', ')} FROM stories`;
const BY_ID = `${SELECT} WHERE id = $1`;
const BY_SLUG = `${SELECT} WHERE slug = $1`;
// FOR NO KEY UPDATE serializes writers of one story without blocking inserts that reference it.
const LOCK = ' FOR NO KEY UPDATE';

/** A row of SELECT as the entity: the column transformers applied, timestamps as Dates. */
function storyOfRow(row: Record<string, unknown>): StoryEntity {
  const story = new StoryEntity() as unknown as Record<string, unknown>;
  for (const c of columns) {
    let v = row[c.property];
    if (c.isDate && v != null && !(v instanceof Date)) v = new Date(v as string);
    story[c.property] = c.transformer ? c.transformer.from(v) : v;
  }
  return story as unknown as StoryEntity;
}

/** `ref` is an id or a slug. With `lock`, the row is held until the transaction ends. */
export async function findStory(m: EntityManager, ref: string, opts: { lock?: boolean } = {}): Promise<StoryEntity> {
  const byId = isUuid(ref);
  const sql = (byId ? BY_ID : BY_SLUG) + (opts.lock ? LOCK : '');
  const [row] = (await m.query(sql, [byId ? ref : ref.toLowerCase()])) as Record<string, unknown>[];
  if (!row) throw TimelineException.storyNotFound(ref);
  return storyOfRow(row);
}
