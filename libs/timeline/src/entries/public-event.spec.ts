import { publicEventOf } from './public-event';

const e = (status: string, deleted = false) => ({ status, deletedAt: deleted ? new Date() : null }) as never;

describe('publicEventOf', () => {
  it.each([
    [null, e('published'), 'entry.published'],
    [null, e('draft'), null],
    [null, e('submitted'), null],
    [e('draft'), e('published'), 'entry.published'],
    [e('scheduled'), e('published'), 'entry.published'],
    [e('published'), e('published'), 'entry.updated'],
    [e('published'), e('draft'), 'entry.deleted'],
    [e('published'), e('published', true), 'entry.deleted'],
    [e('draft'), e('draft', true), null],
    [e('submitted'), e('draft'), null],
  ])('%p → %p gives %p', (before, after, expected) => {
    expect(publicEventOf(before, after)).toBe(expected);
  });
});
