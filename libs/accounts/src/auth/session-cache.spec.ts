jest.mock('@nestjs/common', () => ({ Injectable: () => () => undefined }));
jest.mock('@liveline/core', () => ({ Env: class {} }));

import type { Env } from '@liveline/core';
import type { Actor } from './actor';
import { SessionCache } from './session-cache';

const actor = (id: string, sessionId: string): Actor => ({ id, sessionId, email: `${id}@x`, name: id, role: 'editor' });
const later = new Date(Date.now() + 3600_000);

function cache(seconds = 60, hearing = true) {
  const c = new SessionCache({ SESSION_CACHE_SECONDS: seconds } as Env);
  let on = hearing;
  c.follow(() => on);
  return { c, hear: (v: boolean) => (on = v) };
}

describe('SessionCache', () => {
  afterEach(() => jest.useRealTimers());

  it('answers a looked-up token until its time in memory ends, and no longer than the session', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const { c } = cache(60);
    c.put('h1', actor('u', 's1'), later, c.ticket());
    c.put('h2', actor('u', 's2'), new Date(Date.now() + 5_000), c.ticket());
    expect(c.get('h1')?.sessionId).toBe('s1');
    expect(c.get('h2')?.sessionId).toBe('s2');
    jest.setSystemTime(1_000_000 + 5_000);
    expect(c.get('h2')).toBeUndefined();
    expect(c.get('h1')).toBeDefined();
    jest.setSystemTime(1_000_000 + 60_000);
    expect(c.get('h1')).toBeUndefined();
  });

  it("forgets one session on a logout notice, and every session of a user on any other, and nobody else's", () => {
    const { c } = cache();
    c.put('a1', actor('a', 'a1'), later, c.ticket());
    c.put('a2', actor('a', 'a2'), later, c.ticket());
    c.put('b1', actor('b', 'b1'), later, c.ticket());
    c.forget({ userId: 'a', sessionId: 'a1' });
    expect([c.get('a1'), c.get('a2')?.id, c.get('b1')?.id]).toEqual([undefined, 'a', 'b']);
    c.forget({ userId: 'a' });
    expect([c.get('a2'), c.get('b1')?.id]).toEqual([undefined, 'b']);
  });

  it('does not keep a lookup that was in flight when a notice arrived (its row may predate it)', () => {
    const { c } = cache();
    const ticket = c.ticket();
    c.forget({ userId: 'someone-else' });
    c.put('h', actor('u', 's'), later, ticket);
    expect(c.get('h')).toBeUndefined();
    c.put('h', actor('u', 's'), later, c.ticket());
    expect(c.get('h')).toBeDefined();
  });

  it('answers nothing from memory, and keeps nothing, while the notices are not heard', () => {
    const { c, hear } = cache();
    c.put('h', actor('u', 's'), later, c.ticket());
    hear(false);
    expect(c.get('h')).toBeUndefined();
    c.put('k', actor('u', 't'), later, c.ticket());
    hear(true);
    expect(c.get('k')).toBeUndefined();
  });

  it('starts over when the notices are heard again (clear), dropping lookups in flight', () => {
    const { c } = cache();
    c.put('h', actor('u', 's'), later, c.ticket());
    const ticket = c.ticket();
    c.clear();
    c.put('k', actor('u', 't'), later, ticket);
    expect([c.get('h'), c.get('k')]).toEqual([undefined, undefined]);
  });

  it('never answers before anything feeds it notices, nor with SESSION_CACHE_SECONDS=0', () => {
    const unfollowed = new SessionCache({ SESSION_CACHE_SECONDS: 60 } as Env);
    unfollowed.put('h', actor('u', 's'), later, unfollowed.ticket());
    expect(unfollowed.get('h')).toBeUndefined();
    const { c } = cache(0);
    c.put('h', actor('u', 's'), later, c.ticket());
    expect(c.get('h')).toBeUndefined();
  });

  it('holds at most 10,000 tokens, dropping the oldest', () => {
    const { c } = cache();
    for (let i = 0; i <= 10_000; i++) c.put(`h${i}`, actor(`u${i}`, `s${i}`), later, c.ticket());
    expect(c.size).toBe(10_000);
    expect(c.get('h0')).toBeUndefined();
    expect(c.get('h10000')).toBeDefined();
  });
});
