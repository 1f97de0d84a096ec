import { cachePublicly, matchesEtag, privateByDefault, publicReadOf, PUBLIC_CACHE_CONTROL } from './public-cache';

describe('matchesEtag', () => {
  const etag = '"abc"';

  it('matches the same tag, weak or strong, alone or in a list', () => {
    expect(matchesEtag('"abc"', etag)).toBe(true);
    expect(matchesEtag('W/"abc"', etag)).toBe(true);
    expect(matchesEtag('"x", "abc"', etag)).toBe(true);
    expect(matchesEtag('*', etag)).toBe(true);
  });

  it('does not match another tag or a missing header', () => {
    expect(matchesEtag('"abd"', etag)).toBe(false);
    expect(matchesEtag(undefined, etag)).toBe(false);
  });
});

describe('cachePublicly', () => {
  const response = () => {
    const headers: Record<string, string> = {};
    return {
      headers,
      locals: {} as Record<string, unknown>,
      setHeader: (n: string, v: string) => (headers[n.toLowerCase()] = v),
    };
  };

  it('sets the shared policy and the purge keys, and marks the story state for the fast path', () => {
    const res = response();
    cachePublicly(res, { storyId: 'abc', seq: 7 });
    expect(res.headers).toEqual({
      'cache-control': PUBLIC_CACHE_CONTROL,
      'surrogate-key': 'story-abc',
      'cache-tag': 'story-abc',
    });
    expect(publicReadOf(res)).toEqual({ storyId: 'abc', seq: 7 });
  });

  it('leaves API responses no-store unless marked, and pages alone', () => {
    const api = response();
    privateByDefault({ url: '/api/users' }, api, () => undefined);
    expect(api.headers['cache-control']).toBe('no-store');
    expect(publicReadOf(api)).toBeUndefined();
    const page = response();
    privateByDefault({ url: '/stories/x' }, page, () => undefined);
    expect(page.headers['cache-control']).toBeUndefined();
  });
});
