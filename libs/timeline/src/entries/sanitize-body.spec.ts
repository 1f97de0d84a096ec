import { plainText, sanitizeBody } from './sanitize-body';

describe('sanitizeBody', () => {
  it('keeps the news allow-list', () => {
    const html =
      '<h2>عنوان</h2><p><strong>a</strong> <em>b</em></p><ul><li>x</li></ul><ol><li>y</li></ol>' +
      '<blockquote cite="https://x.com/a"><p>q</p></blockquote><figure><img src="https://e.com/a.jpg" alt="صورة"><figcaption>رويترز</figcaption></figure>';
    const out = sanitizeBody(html);
    for (const tag of [
      '<h2>',
      '<strong>',
      '<em>',
      '<ul>',
      '<ol>',
      '<li>',
      '<blockquote cite="https://x.com/a">',
      '<figure>',
      '<figcaption>',
    ])
      expect(out).toContain(tag);
    expect(out).toContain('<img src="https://e.com/a.jpg" alt="صورة" loading="lazy" />');
  });

  it('drops scripts, event handlers and their content', () => {
    const out = sanitizeBody(
      '<p onclick="x()">hi</p><script>alert(1)</script><style>p{}</style><iframe src="https://e.com"></iframe>',
    );
    expect(out).toBe('<p>hi</p>');
  });

  it('refuses javascript: and data: URLs however they are disguised', () => {
    for (const href of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'java&#x09;script:alert(1)',
      '&#106;avascript:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'vbscript:x',
    ]) {
      expect(sanitizeBody(`<a href="${href}">x</a>`)).not.toMatch(/href/);
    }
  });

  it('allows only http, https and mailto links, with rel="noopener noreferrer"', () => {
    expect(sanitizeBody('<a href="https://e.com">x</a>')).toBe(
      '<a href="https://e.com" rel="noopener noreferrer">x</a>',
    );
    expect(sanitizeBody('<a href="mailto:a@b.c">x</a>')).toContain('href="mailto:a@b.c"');
    expect(sanitizeBody('<a href="ftp://e.com">x</a>')).toBe('<a rel="noopener noreferrer">x</a>');
  });

  it('allows only https images, and gives every image an alt', () => {
    expect(sanitizeBody('<img src="http://e.com/a.jpg">')).toBe('');
    expect(sanitizeBody('<img src="https://e.com/a.jpg">')).toBe(
      '<img src="https://e.com/a.jpg" alt="" loading="lazy" />',
    );
  });

  it.each([
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<svg><style><img src=x onerror=alert(1)></style></svg>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>',
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<img src="https://e.com/a.png" onerror="alert(1)">',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<<script>script>alert(1)<</script>/script>',
    '<template><img src=x onerror=alert(1)></template>',
  ])('neutralises mutation XSS: %s', (payload) => {
    const out = sanitizeBody(payload);
    expect(out).not.toMatch(/onerror|javascript:|<script|<style|<svg|<math|style=/i);
    expect(sanitizeBody(out)).toBe(out);
  });

  it('strips NUL and control characters', () => {
    expect(sanitizeBody('<p>a\u0000b\u0007c</p>')).toBe('<p>abc</p>');
  });
});

describe('plainText', () => {
  it('removes markup and folds whitespace', () => {
    expect(plainText('  <b>عاجل</b>:\n  <script>x</script>انفجارات   في كييف ')).toBe('عاجل: انفجارات في كييف');
  });

  it('decodes entities so the page escapes them once', () => {
    expect(plainText('Tom &amp; Jerry &lt;3')).toBe('Tom & Jerry <3');
  });
});

describe('sanitizeBody and the shared allow-list', () => {
  it('keeps a quote in another direction, subheadings, q, rules, sub and sup', () => {
    const html =
      '<h2>عنوان</h2><h3 dir="rtl">فرعي</h3><p>قال <q lang="en" dir="ltr" cite="https://e.com/s">we stay</q> H<sub>2</sub>O x<sup>2</sup></p>' +
      '<hr /><blockquote dir="ltr" lang="en"><p>We will not leave.</p><p><cite>Austin</cite></p></blockquote>';
    expect(sanitizeBody(html)).toBe(html);
  });

  it('drops a dir value that is not a direction', () => {
    expect(sanitizeBody('<p dir="x">a</p>')).toBe('<p>a</p>');
  });

  it('drops relative and protocol-relative image sources', () => {
    expect(sanitizeBody('<img src="/a.jpg"><img src="//e.com/a.jpg">')).toBe('');
  });

  it('keeps the data-embed of a figure (checked and made canonical after cleaning) and nothing else new', () => {
    expect(
      sanitizeBody('<figure data-embed="https://youtu.be/dQw4w9WgXcQ?a=1&amp;b=2" data-x="1" onclick="x()"></figure>'),
    ).toBe('<figure data-embed="https://youtu.be/dQw4w9WgXcQ?a=1&amp;b=2"></figure>');
    expect(sanitizeBody('<p data-embed="https://youtu.be/dQw4w9WgXcQ">a</p>')).toBe('<p>a</p>');
  });
});
