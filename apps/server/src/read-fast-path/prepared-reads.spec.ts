import type { IncomingMessage } from 'node:http';
import { headersFor, prepare, PreparedReads, variantKey, type Captured } from './prepared-reads';

const captured = (over: Partial<Captured> = {}): Captured => ({
  storyId: 's1',
  seq: 3,
  route: '/stories/:slug',
  body: Buffer.from('<html>'),
  nonce: 'N0NCE',
  headers: [
    ['Content-Security-Policy', "script-src 'self' 'nonce-N0NCE'"],
    ['X-Request-Id', 'first'],
    ['ETag', '"abc"'],
    ['Content-Type', 'text/html'],
    ['Content-Length', '6'],
    ['Date', 'then'],
    ['Connection', 'keep-alive'],
  ],
  ...over,
});

describe('prepare and headersFor', () => {
  it('repeats the stored headers with a fresh request id and nonce, and leaves Node its own', () => {
    const p = prepare(captured())!;
    expect(headersFor(p, false, 'second', () => 'FRESH')).toEqual([
      'Content-Security-Policy',
      "script-src 'self' 'nonce-FRESH'",
      'X-Request-Id',
      'second',
      'ETag',
      '"abc"',
      'Content-Type',
      'text/html',
      'Content-Length',
      '6',
    ]);
  });

  it('answers a 304 without the body headers', () => {
    const p = prepare(captured())!;
    expect(headersFor(p, true, 'x', () => 'n')).toEqual([
      'Content-Security-Policy',
      "script-src 'self' 'nonce-n'",
      'X-Request-Id',
      'x',
      'ETag',
      '"abc"',
    ]);
  });

  it('refuses responses it could not repeat exactly: cookies, no ETag, a length that is not the body', () => {
    expect(prepare(captured({ headers: [...captured().headers, ['Set-Cookie', 'a=b']] }))).toBeNull();
    expect(prepare(captured({ headers: captured().headers.filter(([n]) => n !== 'ETag') }))).toBeNull();
    expect(prepare(captured({ body: Buffer.from('longer body') }))).toBeNull();
  });
});

describe('variantKey', () => {
  const req = (url: string, headers: Record<string, string>) => ({ url, headers }) as unknown as IncomingMessage;

  it('tells apart what changes the bytes: URL, gzip, and the origin unless PUBLIC_URL fixes it', () => {
    const a = req('/stories/x', { host: 'a', 'accept-encoding': 'gzip' });
    expect(variantKey(a, false)).not.toBe(
      variantKey(req('/stories/x', { host: 'b', 'accept-encoding': 'gzip' }), false),
    );
    expect(variantKey(a, false)).not.toBe(variantKey(req('/stories/x', { host: 'a' }), false));
    expect(variantKey(a, false)).not.toBe(
      variantKey(req('/stories/x?theme=dark', { host: 'a', 'accept-encoding': 'gzip' }), false),
    );
    expect(variantKey(a, false)).not.toBe(
      variantKey(req('/stories/x', { host: 'a', 'accept-encoding': 'gzip', 'x-forwarded-proto': 'https' }), false),
    );
    expect(variantKey(a, true)).toBe(variantKey(req('/stories/x', { host: 'b', 'accept-encoding': 'gzip' }), true));
  });
});

describe('PreparedReads', () => {
  it('drops one story without touching others, and stays under its byte budget', () => {
    const reads = new PreparedReads(20);
    reads.set('a', prepare(captured())!);
    reads.set('b', prepare(captured({ storyId: 's2' }))!);
    reads.dropStory('s1');
    expect(reads.get('a')).toBeUndefined();
    expect(reads.get('b')).toBeDefined();
    for (const k of ['c', 'd', 'e', 'f']) reads.set(k, prepare(captured({ storyId: 's3' }))!);
    expect(reads.size()).toBe(3);
    expect(reads.get('b')).toBeUndefined();
  });
});
