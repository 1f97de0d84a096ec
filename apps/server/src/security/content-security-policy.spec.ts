import { EventEmitter } from 'node:events';
import { policyFor, ROUTE_POLICIES, securityHeaders } from './content-security-policy';

function run(path: string): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = Object.assign(new EventEmitter(), {
    setHeader: (k: string, v: string) => (headers[k.toLowerCase()] = String(v)),
    removeHeader: (k: string) => delete headers[k.toLowerCase()],
    getHeader: (k: string) => headers[k.toLowerCase()],
  });
  securityHeaders()({ url: path, method: 'GET', headers: {} } as never, res as never, () => undefined);
  return headers;
}

describe('security headers per route prefix', () => {
  it('picks the longest matching prefix', () => {
    expect(policyFor('/embed/some-story').prefix).toBe('/embed/');
    expect(policyFor('/newsroom').prefix).toBe('/newsroom');
    expect(policyFor('/newsroom/stories/x').prefix).toBe('/newsroom');
    expect(policyFor('/api/docs').prefix).toBe('/api/docs');
    expect(policyFor('/api/stories').prefix).toBe('/api/');
    expect(policyFor('/stories/x').prefix).toBe('/');
  });

  it('lets anyone frame embeds, and no one anything else', () => {
    const embed = run('/embed/x?theme=dark');
    expect(embed['content-security-policy']).toContain('frame-ancestors *');
    expect(embed['x-frame-options']).toBeUndefined();
    for (const path of ['/newsroom', '/stories/x', '/api/stories']) {
      const h = run(path);
      expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(h['x-frame-options']).toBe('DENY');
    }
  });

  it('allows no inline script on pages, only a fresh nonce per response', () => {
    const a = run('/stories/x')['content-security-policy'];
    const b = run('/stories/x')['content-security-policy'];
    const nonce = (csp: string) => /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(a).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}'/);
    expect(nonce(a)).not.toBe(nonce(b));
    for (const policy of ROUTE_POLICIES) expect(policy.directives['script-src'] ?? []).not.toContain("'unsafe-inline'");
  });

  it('locks JSON and probes down entirely', () => {
    for (const path of ['/api/stories', '/health', '/metrics'])
      expect(run(path)['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
  });
});

describe('frames of embedded posts and videos', () => {
  it("allows exactly the platforms' frame origins on pages, the embed and the newsroom, and none on the API", () => {
    const expected =
      'frame-src https://platform.twitter.com https://www.youtube-nocookie.com https://t.me https://www.instagram.com https://www.tiktok.com https://player.vimeo.com https://www.facebook.com';
    for (const path of ['/stories/x', '/embed/x', '/newsroom']) {
      expect(
        run(path)
          ['content-security-policy'].split(';')
          .map((d) => d.trim()),
      ).toContain(expected);
    }
    expect(run('/api/stories')['content-security-policy']).not.toContain('frame-src');
  });
});
