import { parseIfMatch } from './if-match';

describe('parseIfMatch', () => {
  it.each([
    ['"3"', 3],
    ['3', 3],
    ['W/"12"', 12],
    [' "7" ', 7],
  ])('reads %p as version %p', (h, v) => expect(parseIfMatch(h)).toBe(v));

  it('is undefined without the header', () => expect(parseIfMatch(undefined)).toBeUndefined());

  it.each(['"x"', '*', '"1", "2"', '-1', ''])('marks %p as malformed (NaN)', (h) => expect(parseIfMatch(h)).toBeNaN());
});
