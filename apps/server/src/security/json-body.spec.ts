import { hardenJsonBody, MAX_JSON_DEPTH, MAX_JSON_NODES, normalizeJson, walkJson, wellFormed } from './json-body';

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

describe('JSON body size bounds', () => {
  it('counts keys and array elements, stopping past the limit', () => {
    expect(walkJson({ a: [1, 2, { b: 3 }] })).toEqual({ depth: 3, nodes: 5 });
    const wide = Object.fromEntries(Array.from({ length: 80_000 }, (_, i) => [`k${i}`, i]));
    expect(walkJson(wide, Infinity, 100).nodes).toBe(101);
  });

  it('refuses more than MAX_JSON_NODES keys and elements with a 400 and passes the limit itself', () => {
    const next = jest.fn();
    hardenJsonBody({ body: { list: Array.from({ length: MAX_JSON_NODES }, () => 0) } } as never, {} as never, next);
    expect(next).toHaveBeenLastCalledWith(expect.objectContaining({ status: 400, type: 'entity.too.many.keys' }));
    hardenJsonBody({ body: { list: Array.from({ length: MAX_JSON_NODES - 1 }, () => 0) } } as never, {} as never, next);
    expect(next).toHaveBeenLastCalledWith();
  });
});
