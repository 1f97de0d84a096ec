import { hardenJsonBody, MAX_JSON_DEPTH, normalizeJson, wellFormed } from './json-body';

const nested = (n: number): unknown => JSON.parse('['.repeat(n) + ']'.repeat(n));

describe('JSON body hardening', () => {
  it('measures nesting of objects and arrays', () => {
    expect(normalizeJson(1)).toBe(0);
    expect(normalizeJson({})).toBe(1);
    expect(normalizeJson({ a: [1, { b: [] }] })).toBe(4);
    expect(normalizeJson({ a: '[[[{{{' })).toBe(1);
  });

  it('walks 100,000 levels without overflowing the stack', () => {
    expect(normalizeJson(nested(100_000))).toBe(100_000);
  });

  it('replaces lone surrogates in values and keys, and keeps real pairs', () => {
    expect(wellFormed('a\ud800b\udfffc')).toBe('a\ufffdb\ufffdc');
    expect(wellFormed('👩‍🚀 خبر')).toBe('👩‍🚀 خبر');
    const body = JSON.parse('{"email":"\\udfff@x.y","list":["\\ud83d","ok"],"\\ud800":1}');
    normalizeJson(body);
    expect(body).toEqual({ email: '\ufffd@x.y', list: ['\ufffd', 'ok'], '\ufffd': 1 });
  });

  it('refuses bodies deeper than the limit with a 400 and passes the rest', () => {
    const next = jest.fn();
    hardenJsonBody({ body: nested(MAX_JSON_DEPTH + 1) } as never, {} as never, next);
    expect(next).toHaveBeenLastCalledWith(expect.objectContaining({ status: 400 }));
    hardenJsonBody({ body: nested(MAX_JSON_DEPTH) } as never, {} as never, next);
    expect(next).toHaveBeenLastCalledWith();
  });
});
