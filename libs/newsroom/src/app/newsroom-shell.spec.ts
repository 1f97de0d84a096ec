import { pickLanguage, renderShell } from './newsroom-shell';

describe('newsroom shell language', () => {
  it('follows the language switch cookie over the browser preference', () => {
    expect(pickLanguage('a=1; liveline_lang=ar', 'en-GB,en;q=0.9')).toBe('ar');
    expect(pickLanguage('liveline_lang=en', 'ar-EG')).toBe('en');
  });

  it('ignores an unknown cookie value and ranks Accept-Language by q', () => {
    expect(pickLanguage('liveline_lang=xx', 'fr;q=0.9, ar;q=0.8, en;q=0.5')).toBe('ar');
    expect(pickLanguage(undefined, 'en;q=0.2, ar-SA;q=0.7')).toBe('ar');
  });

  it('falls back to English', () => {
    expect(pickLanguage(undefined, undefined)).toBe('en');
    expect(pickLanguage('', 'de-DE')).toBe('en');
  });
});

describe('newsroom shell html', () => {
  it('is right to left in Arabic and loads the bundles as files, with no inline script', () => {
    const html = renderShell('ar');
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('<script src="/newsroom/assets/newsroom.js" defer></script>');
    expect(html).toContain('<link rel="stylesheet" href="/newsroom/assets/newsroom.css">');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=|<style/);
  });

  it('is left to right in English', () => {
    expect(renderShell('en')).toContain('<html lang="en" dir="ltr">');
  });
});
