import { formattingLocale } from './locale';
import { formatAbsolute, formatRelative, zoneLabel } from './time';

const NOW = Date.parse('2024-10-21T12:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();

describe('formattingLocale', () => {
  it('gives Arabic Arabic-Indic digits by default', () => {
    expect(formattingLocale('ar')).toBe('ar-u-nu-arab');
  });

  it('prefers the reader’s regional variant of the same language, still with Arabic-Indic digits', () => {
    expect(formattingLocale('ar', ['en-US', 'ar-EG'])).toBe('ar-EG-u-nu-arab');
  });

  it('keeps a numbering system the tag asks for', () => {
    expect(formattingLocale('ar', ['ar-u-nu-latn'])).toBe('ar-u-nu-latn');
  });

  it('ignores preferences in other languages', () => {
    expect(formattingLocale('en', ['ar-EG', 'fr'])).toBe('en');
  });

  it('falls back to English for a tag Intl cannot read', () => {
    expect(formattingLocale('not a tag')).toBe('en');
  });
});

describe('formatRelative', () => {
  const ar = 'ar-u-nu-arab';

  it('says minutes ago in Arabic with Arabic-Indic digits', () => {
    expect(formatRelative(ago(5 * 60_000), NOW, ar)).toBe('قبل ٥ دقائق');
  });

  it('calls the last few seconds "now", even a little in the future', () => {
    expect(formatRelative(ago(10_000), NOW, 'en')).toBe('now');
    expect(formatRelative(ago(-20_000), NOW, 'en')).toBe('now');
  });

  it('moves to hours and then days', () => {
    expect(formatRelative(ago(3 * 3600_000), NOW, 'en')).toBe('3 hours ago');
    expect(formatRelative(ago(26 * 3600_000), NOW, 'en')).toBe('yesterday');
  });

  it('gives up after a week so the page shows a date', () => {
    expect(formatRelative(ago(8 * 24 * 3600_000), NOW, 'en')).toBeNull();
  });

  it('returns null for an unreadable date', () => {
    expect(formatRelative('nope', NOW, 'en')).toBeNull();
  });
});

describe('formatAbsolute', () => {
  it('names the zone when one is given (the server renders UTC)', () => {
    expect(formatAbsolute('2024-10-21T05:30:00Z', 'en', 'UTC')).toBe('October 21, 2024 at 5:30 AM UTC');
  });

  it('writes Arabic dates with Arabic-Indic digits', () => {
    expect(formatAbsolute('2024-10-21T05:30:00Z', 'ar-u-nu-arab', 'UTC')).toContain('٢١ أكتوبر ٢٠٢٤');
  });
});

// Kyiv leaves summer time on 2026-10-25 at 01:00 UTC (04:00 EEST becomes 03:00 EET).
describe('times in the story zone across a DST change', () => {
  it('shows the same wall time with the offset in force at each moment', () => {
    expect(formatAbsolute('2026-10-25T00:30:00Z', 'en', 'Europe/Kyiv')).toBe('October 25, 2026 at 3:30 AM GMT+3');
    expect(formatAbsolute('2026-10-25T01:30:00Z', 'en', 'Europe/Kyiv')).toBe('October 25, 2026 at 3:30 AM GMT+2');
  });

  it('writes Arabic with Arabic-Indic digits and an Arabic zone label', () => {
    expect(formatAbsolute('2026-10-25T00:30:00Z', 'ar-u-nu-arab', 'Europe/Kyiv')).toBe(
      '٢٥ أكتوبر ٢٠٢٦ في ٣:٣٠ ص غرينتش+٣',
    );
    expect(formatAbsolute('2026-10-25T01:30:00Z', 'ar-u-nu-arab', 'Europe/Kyiv')).toBe(
      '٢٥ أكتوبر ٢٠٢٦ في ٣:٣٠ ص غرينتش+٢',
    );
  });

  it('names the zone for headings in the story language', () => {
    expect(zoneLabel('Europe/Kyiv', 'en')).toBe('Ukraine Time');
    expect(zoneLabel('Europe/Kyiv', 'ar-u-nu-arab')).toBe('توقيت أوكرانيا');
    expect(zoneLabel('UTC', 'en')).toBe('Coordinated Universal Time');
  });
});
