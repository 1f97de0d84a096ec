import { getMetadataArgsStorage, type EntityManager } from 'typeorm';

jest.mock('../timeline.exception', () => ({
  TimelineException: { storyNotFound: (ref: string) => new Error(`not found: ${ref}`) },
}));

import { findStory } from './story-locator';
import { StoryEntity } from './story.entity';

const ID = '0b6c3f8e-3a51-4f43-9d0e-2f1f3f2d9a10';
// As a driver may give it: bigint as text, timestamps as text (PGlite) or Dates (pg).
const ROW = {
  id: ID,
  slug: 'kyiv-visit',
  title: 'زيارة',
  summary: '',
  language: 'ar',
  timeZone: 'Asia/Riyadh',
  status: 'live',
  coverageStartedAt: '2024-10-21T06:00:00.000Z',
  coverageEndedAt: null,
  createdAt: new Date('2024-10-21T05:00:00.000Z'),
  updatedAt: '2024-10-21T07:00:00.000Z',
  seq: '9007199254740',
  coverImageId: null,
  coverImagePath: null,
};

function managerAnswering(rows: object[]) {
  const calls: { sql: string; params: unknown[] }[] = [];
  const m = { query: async (sql: string, params: unknown[]) => (calls.push({ sql, params }), rows) };
  return { m: m as unknown as EntityManager, calls };
}

describe('findStory', () => {
  it('selects every column of StoryEntity under its property name', async () => {
    const { m, calls } = managerAnswering([ROW]);
    await findStory(m, ID);
    const entityColumns = getMetadataArgsStorage().columns.filter((c) => c.target === StoryEntity);
    expect(entityColumns.length).toBeGreaterThan(10);
    for (const c of entityColumns)
      expect(calls[0].sql).toContain(`"${c.options.name ?? c.propertyName}" AS "${c.propertyName}"`);
  });

  it('hydrates a StoryEntity: seq a number, timestamps Dates, nulls kept', async () => {
    const { m } = managerAnswering([ROW]);
    const story = await findStory(m, ID);
    expect(story).toBeInstanceOf(StoryEntity);
    expect(story.seq).toBe(9007199254740);
    expect(story.createdAt).toEqual(new Date('2024-10-21T05:00:00.000Z'));
    expect(story.updatedAt).toEqual(new Date('2024-10-21T07:00:00.000Z'));
    expect(story.coverageStartedAt).toEqual(new Date('2024-10-21T06:00:00.000Z'));
    expect(story.coverageEndedAt).toBeNull();
    expect(story).toMatchObject({
      id: ID,
      slug: 'kyiv-visit',
      title: 'زيارة',
      timeZone: 'Asia/Riyadh',
      status: 'live',
    });
  });

  it('finds by id or by lower-cased slug, and locks only when asked', async () => {
    const { m, calls } = managerAnswering([ROW]);
    await findStory(m, ID, { lock: true });
    await findStory(m, 'Kyiv-Visit');
    expect(calls[0].sql).toMatch(/WHERE id = \$1 FOR NO KEY UPDATE$/);
    expect(calls[0].params).toEqual([ID]);
    expect(calls[1].sql).toMatch(/WHERE slug = \$1$/);
    expect(calls[1].params).toEqual(['kyiv-visit']);
  });

  it('says which story is missing', async () => {
    const { m } = managerAnswering([]);
    await expect(findStory(m, 'gone')).rejects.toThrow('not found: gone');
  });
});
