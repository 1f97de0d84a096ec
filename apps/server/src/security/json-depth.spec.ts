import { jsonDepth, MAX_JSON_DEPTH, refuseDeepJson } from './json-depth';

const depth = (s: string) => jsonDepth(Buffer.from(s));

describe('jsonDepth', () => {
  it('counts nesting of objects and arrays', () => {
    expect(depth('1')).toBe(0);
    expect(depth('{}')).toBe(1);
    expect(depth('{"a":[1,{"b":[]}]}')).toBe(4);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(depth('{"a":"[[[{{{"}')).toBe(1);
    expect(depth('{"a":"\\"[[[","b":"\\\\"}')).toBe(1);
  });

  it('refuses JSON deeper than the limit with a 400', () => {
    const deep = Buffer.from('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1));
    expect(() => refuseDeepJson({} as never, {}, deep)).toThrow(expect.objectContaining({ status: 400 }));
    const ok = Buffer.from('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH));
    expect(() => refuseDeepJson({} as never, {}, ok)).not.toThrow();
  });
});
