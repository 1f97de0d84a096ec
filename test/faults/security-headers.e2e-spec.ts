/// <reference lib="dom" />
import { createServer, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { freePort, login, startServer, type RunningServer } from '../support/server';
import { createLiveStory } from './support/story-log';
import { cleanUpAfterAll } from './support/teardown';

const directives = (csp: string | null) =>
  new Map(
    (csp ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name, values]),
  );

describe('security headers', () => {
  let server: RunningServer;
  let browser: Browser;
  let slug: string;
  cleanUpAfterAll(() => [server]);
  afterAll(() => browser?.close());

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const token = await login(server.url);
    const story = await createLiveStory(server.url, token, 'Headers');
    slug = story.slug;
    await fetch(`${server.url}/api/stories/${story.id}/entries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        headline: 'With a picture',
        body: '<p>Text <a href="https://example.com">link</a></p><figure><img src="https://example.invalid/a.jpg" alt="x"><figcaption>c</figcaption></figure><blockquote cite="https://example.com">q</blockquote>',
      }),
    });
  });

  it('sends a strict CSP on pages: scripts only from the site (or with a nonce), no plugins, no inline script', async () => {
    for (const path of [`/stories/${slug}`, `/embed/${slug}`, '/newsroom', '/newsroom/stories/x']) {
      const r = await fetch(`${server.url}${path}`);
      expect({ path, status: r.status }).toEqual({ path, status: 200 });
      const csp = directives(r.headers.get('content-security-policy'));
      const scripts = csp.get('script-src') ?? csp.get('default-src')!;
      expect(scripts).toContain("'self'");
      for (const loose of ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:', 'https:'])
        expect({ path, scripts }).not.toEqual({ path, scripts: expect.arrayContaining([loose]) });
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('base-uri')).toBeDefined();
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('lets anyone frame /embed/* and no one else frame the newsroom or the reader page', async () => {
    const embed = await fetch(`${server.url}/embed/${slug}`);
    expect(directives(embed.headers.get('content-security-policy')).get('frame-ancestors')).toEqual(['*']);
    expect(embed.headers.get('x-frame-options')).toBeNull();
    for (const path of ['/newsroom', '/api/stories']) {
      const r = await fetch(`${server.url}${path}`);
      expect(directives(r.headers.get('content-security-policy')).get('frame-ancestors')).toEqual(["'none'"]);
      expect(r.headers.get('x-frame-options')).toBe('DENY');
    }
    const page = await fetch(`${server.url}/stories/${slug}`);
    expect(directives(page.headers.get('content-security-policy')).get('frame-ancestors')).not.toContain('*');

    // And a browser on another origin agrees.
    const hostPort = await freePort();
    const host: Server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      const paths = { embed: `/embed/${slug}`, page: `/stories/${slug}`, newsroom: '/newsroom' };
      res.end(
        Object.entries(paths)
          .map(([id, path]) => `<iframe id="${id}" src="${server.url}${path}"></iframe>`)
          .join(''),
      );
    }).listen(hostPort, '127.0.0.1');
    try {
      const tab = await browser.newPage();
      await tab.goto(`http://localhost:${hostPort}/`, { waitUntil: 'load' });
      await tab.waitForTimeout(500);
      const loaded = async (id: string) => {
        const frame = await (await tab.$(`#${id}`))!.contentFrame();
        return (
          frame!.url().startsWith(server.url) &&
          (await frame!.evaluate(() => document.body?.children.length ?? 0).catch(() => 0)) > 0
        );
      };
      expect({ embed: await loaded('embed'), page: await loaded('page'), newsroom: await loaded('newsroom') }).toEqual({
        embed: true,
        page: false,
        newsroom: false,
      });
      await tab.close();
    } finally {
      host.close();
    }
  });

  it('keeps reads and the socket open to any origin, and JSON locked down', async () => {
    const r = await fetch(`${server.url}/api/stories`, { headers: { origin: 'https://partner.example' } });
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(directives(r.headers.get('content-security-policy')).get('default-src')).toEqual(["'none'"]);
    const pre = await fetch(`${server.url}/api/stories/x/entries`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://partner.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,idempotency-key',
      },
    });
    expect(pre.status).toBeLessThan(300);
    const poll = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, {
      headers: { origin: 'https://partner.example' },
    });
    expect(poll.status).toBe(200);
    expect(poll.headers.get('access-control-allow-origin')).toBe('https://partner.example');
  });

  it('loads the reader page, embed, newsroom and API docs with no CSP violation', async () => {
    const tab = await browser.newPage();
    await tab.addInitScript(() => {
      (window as unknown as { cspViolations: string[] }).cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { cspViolations: string[] }).cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    for (const path of [`/stories/${slug}`, `/embed/${slug}`, '/newsroom', '/api/docs']) {
      await tab.goto(`${server.url}${path}`, { waitUntil: 'load' });
      await tab.waitForTimeout(400);
      expect({
        path,
        violations: await tab.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
      }).toEqual({ path, violations: [] });
    }
    await tab.close();
  });
});
