import { directionOf, isLanguageTag } from './direction';

describe('directionOf', () => {
  it.each([
    ['ar', 'rtl'],
    ['ar-EG', 'rtl'],
    ['he', 'rtl'],
    ['fa-IR', 'rtl'],
    ['ur', 'rtl'],
    ['en', 'ltr'],
    ['fr-CA', 'ltr'],
    ['az-Arab', 'rtl'],
    ['ku-Latn', 'ltr'],
    ['sr-Cyrl-RS', 'ltr'],
    ['AR', 'rtl'],
  ])('%s is %s', (tag, dir) => expect(directionOf(tag)).toBe(dir));
});

describe('isLanguageTag', () => {
  it.each(['ar', 'en-US', 'zh-Hant-TW', 'es-419', 'de-CH-1996'])('accepts %s', (t) =>
    expect(isLanguageTag(t)).toBe(true),
  );
  it.each(['', 'a', 'arabic!', 'en_US', '12', 'en--US', 'x'.repeat(40)])('refuses %p', (t) =>
    expect(isLanguageTag(t)).toBe(false),
  );
});
