import {
  allowedAttributeValue,
  allowedUrl,
  BODY_ALLOW_LIST,
  bodyRule,
  escapeHtml,
  isAllowedUrl,
  plainText,
} from './body-allow-list';

describe('the body allow-list', () => {
  it('keeps direction and language on quotes, headings and paragraphs', () => {
    for (const tag of ['p', 'h2', 'h3', 'blockquote', 'q', 'li', 'cite'])
      expect(bodyRule(tag)?.attributes).toEqual(expect.arrayContaining(['dir', 'lang']));
  });

  it('knows nothing of inherited object keys', () => {
    expect(bodyRule('constructor')).toBeUndefined();
    expect(bodyRule('__proto__')).toBeUndefined();
    expect(Object.keys(BODY_ALLOW_LIST)).not.toContain('script');
  });

  it('accepts only the listed values of dir', () => {
    expect(allowedAttributeValue('p', 'dir', 'rtl')).toBe('rtl');
    expect(allowedAttributeValue('p', 'dir', 'sideways')).toBeNull();
    expect(allowedAttributeValue('p', 'onclick', 'x()')).toBeNull();
    expect(allowedAttributeValue('p', 'style', 'color:red')).toBeNull();
  });
});

describe('isAllowedUrl', () => {
  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'java\tscript:alert(1)',
    ' javascript:x',
    'data:text/html,x',
    'vbscript:x',
    '//evil.example/x',
    '\\\\evil.example',
    'relative:x',
  ])('refuses %j on a link', (href) => expect(isAllowedUrl(href, ['http', 'https', 'mailto', 'relative'])).toBe(false));

  it('accepts https, and relative links only where the list says so', () => {
    expect(allowedUrl('a', 'href', 'https://e.com/a')).toBe('https://e.com/a');
    expect(allowedUrl('a', 'href', '#part')).toBe('#part');
    expect(allowedUrl('img', 'src', '/a.jpg')).toBeNull();
    expect(allowedUrl('img', 'src', 'http://e.com/a.jpg')).toBeNull();
    expect(allowedUrl('img', 'src', 'https://e.com/a.jpg')).toBe('https://e.com/a.jpg');
    expect(allowedUrl('p', 'href', 'https://e.com')).toBeNull();
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that can end text or an attribute', () => {
    expect(escapeHtml(`<img src=x onerror="a('b')">&`)).toBe(
      '&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;',
    );
    expect(escapeHtml(undefined)).toBe('');
  });
});

describe('plainText', () => {
  it('drops tags and script content, decodes entities once and folds whitespace', () => {
    expect(plainText('  <b>عاجل</b>:\n  <script>x</script>انفجارات   في كييف ')).toBe('عاجل: انفجارات في كييف');
    expect(plainText('Tom &amp; Jerry &lt;3 &amp;lt;')).toBe('Tom & Jerry <3 &lt;');
  });

  it('keeps a lone "<" that opens no tag', () => {
    expect(plainText('5 < 6 > 4')).toBe('5 < 6 > 4');
  });

  it('strips control characters', () => {
    expect(plainText('a\u0000b')).toBe('ab');
  });
});
