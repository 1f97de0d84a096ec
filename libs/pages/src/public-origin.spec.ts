import { hostAllowed, hostName, publicOrigin } from './public-origin';

const env = (over: Partial<{ PUBLIC_URL: string; ALLOWED_HOSTS: string }> = {}) => ({
  PORT: 3000,
  ALLOWED_HOSTS: 'localhost,127.0.0.1,[::1]',
  ...over,
});

function req(host: string | undefined) {
  const varied: string[] = [];
  return {
    varied,
    req: {
      protocol: 'http',
      get: (h: string) => (h.toLowerCase() === 'host' ? host : undefined),
      res: { vary: (f: string) => varied.push(f) },
    } as never,
  };
}

describe('public origin and ALLOWED_HOSTS', () => {
  it('reads the host name of a Host header without its port', () => {
    expect(hostName('LocalHost:3000')).toBe('localhost');
    expect(hostName('[::1]:8080')).toBe('[::1]');
    expect(hostName('127.0.0.1')).toBe('127.0.0.1');
  });

  it('allows localhost and loopback on any port by default, and nothing else', () => {
    for (const h of ['localhost', 'localhost:3000', '127.0.0.1:49152', '[::1]:3000'])
      expect(hostAllowed(env(), h)).toBe(true);
    for (const h of [
      'evil.example',
      'localhost.evil.example',
      'localhost:@evil.example',
      'localhost:3000/x',
      '',
      undefined,
    ])
      expect(hostAllowed(env(), h)).toBe(false);
  });

  it('allows a domain and its subdomains with a leading dot', () => {
    const e = env({ ALLOWED_HOSTS: 'news.example,.liveline.example' });
    expect(hostAllowed(e, 'news.example')).toBe(true);
    expect(hostAllowed(e, 'a.liveline.example:443')).toBe(true);
    expect(hostAllowed(e, 'liveline.example')).toBe(true);
    expect(hostAllowed(e, 'badliveline.example')).toBe(false);
  });

  it('uses PUBLIC_URL first, an allowed Host next, else localhost, and varies on Host only without PUBLIC_URL', () => {
    const fixed = req('evil.example');
    expect(publicOrigin(env({ PUBLIC_URL: 'https://live.example/base' }), fixed.req)).toBe('https://live.example');
    expect(fixed.varied).toEqual([]);
    const forged = req('evil.example');
    expect(publicOrigin(env(), forged.req)).toBe('http://localhost:3000');
    expect(forged.varied).toEqual(['Host']);
    expect(publicOrigin(env(), req('127.0.0.1:4000').req)).toBe('http://127.0.0.1:4000');
  });
});
