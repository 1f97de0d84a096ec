import { escapeHtml, excerpt, jsonForScript, plainText } from './html';

describe('escapeHtml', () => {
  it('escapes the five characters that can end text or an attribute', () => {
    expect(escapeHtml(`<img src=x onerror="a('b')">&`)).toBe(
      '&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;',
    );
  });

  it('renders null and undefined as empty text', () => {
    expect(escapeHtml(undefined)).toBe('');
    expect(escapeHtml(null)).toBe('');
  });

  it('leaves Arabic text untouched', () => {
    expect(escapeHtml('أوستن في كييف')).toBe('أوستن في كييف');
  });
});

describe('plainText', () => {
  it('drops tags, decodes entities and folds whitespace', () => {
    expect(plainText('<p>أول&nbsp;سطر</p>\n<p>A &amp; B &#x41;&#66;</p>')).toBe('أول سطر A & B AB');
  });

  it('keeps words of adjacent blocks apart', () => {
    expect(plainText('<li>one</li><li>two</li>')).toBe('one two');
  });

  it('leaves unknown entities as they are', () => {
    expect(plainText('&bogus; &#0;')).toBe('&bogus; &#0;');
  });
});

describe('excerpt', () => {
  it('returns short text unchanged', () => {
    expect(excerpt('short', 10)).toBe('short');
  });

  it('cuts at a word boundary with an ellipsis', () => {
    expect(excerpt('one two three four', 12)).toBe('one two…');
  });
});

describe('jsonForScript', () => {
  it('cannot close the script element it sits in', () => {
    const json = jsonForScript({ title: '</script><script>alert(1)</script>', amp: '&', ls: '\u2028' });
    expect(json).not.toMatch(/<|>|&|\u2028/);
    expect(JSON.parse(json)).toEqual({ title: '</script><script>alert(1)</script>', amp: '&', ls: '\u2028' });
  });
});
