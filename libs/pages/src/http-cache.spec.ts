import { RenderCache, rendered } from './http-cache';

describe('rendered', () => {
  it('derives the ETag from the content', () => {
    expect(rendered('a', 'text/plain').etag).toBe(rendered('a', 'text/html').etag);
    expect(rendered('a', 'text/plain').etag).not.toBe(rendered('b', 'text/plain').etag);
  });
});

describe('RenderCache', () => {
  it('renders once for concurrent requests of the same story state', async () => {
    const cache = new RenderCache();
    let renders = 0;
    const render = async () => {
      renders++;
      await new Promise((r) => setTimeout(r, 5));
      return rendered('page', 'text/html');
    };
    const results = await Promise.all([1, 2, 3].map(() => cache.get('s', 4, 'page', render)));
    expect(renders).toBe(1);
    expect(new Set(results).size).toBe(1);
  });

  it('renders again once the story moved to a new seq, and drops the old state', async () => {
    const cache = new RenderCache();
    await cache.get('s', 4, 'page', async () => rendered('v4', 'text/html'));
    const v5 = await cache.get('s', 5, 'page', async () => rendered('v5', 'text/html'));
    expect(v5.body.toString()).toBe('v5');
    cache.evictBefore('s', 5);
    expect(cache.size()).toBe(1);
  });

  it('does not keep a failed render', async () => {
    const cache = new RenderCache();
    await expect(cache.get('s', 1, 'p', async () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    await expect(cache.get('s', 1, 'p', async () => rendered('ok', 'text/html'))).resolves.toMatchObject({
      contentType: 'text/html',
    });
  });

  it('forgets the least recently used state beyond its capacity', async () => {
    const cache = new RenderCache(2);
    for (const seq of [1, 2]) await cache.get('s', seq, 'p', async () => rendered(String(seq), 'text/plain'));
    await cache.get('s', 1, 'p', async () => rendered('again', 'text/plain'));
    await cache.get('s', 3, 'p', async () => rendered('3', 'text/plain'));
    let rerendered = false;
    await cache.get('s', 1, 'p', async () => ((rerendered = true), rendered('x', 'text/plain')));
    expect(rerendered).toBe(false);
    expect(cache.size()).toBe(2);
  });
});
