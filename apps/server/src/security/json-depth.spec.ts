import { jsonDepth, MAX_JSON_DEPTH, refuseDeepJson } from './json-depth';

const nested = (n: number): unknown => JSON.parse('['.repeat(n) + ']'.repeat(n));

describe('jsonDepth', () => {
  it('counts nesting of objects and arrays', () => {
    expect(jsonDepth(1)).toBe(0);
    expect(jsonDepth({})).toBe(1);
    expect(jsonDepth({ a: [1, { b: [] }] })).toBe(4);
    expect(jsonDepth({ a: '[[[{{{' })).toBe(1);
  });

  it('walks 100,000 levels without overflowing the stack', () => {
    expect(jsonDepth(nested(100_000))).toBe(100_000);
  });

  it('refuses bodies deeper than the limit with a 400 and passes the rest', () => {
    const next = jest.fn();
    refuseDeepJson({ body: nested(MAX_JSON_DEPTH + 1) } as never, {} as never, next);
    expect(next).toHaveBeenLastCalledWith(expect.objectContaining({ status: 400 }));
    refuseDeepJson({ body: nested(MAX_JSON_DEPTH) } as never, {} as never, next);
    expect(next).toHaveBeenLastCalledWith();
  });
});
