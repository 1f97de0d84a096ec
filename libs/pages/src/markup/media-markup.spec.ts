import { responsiveMediaBody } from './media-markup';

const HASH = 'a'.repeat(64);

describe('responsiveMediaBody', () => {
  it('turns a media <img> into a picture with WebP and JPEG srcsets, size, lazy loading and async decoding', () => {
    const html = responsiveMediaBody(
      `<p><img src="/media/${HASH}-1600x1067.jpg" alt="Smoke &amp; fire" loading="lazy" /></p>`,
      { origin: '', eager: false },
    );
    expect(html).toContain(
      `<source type="image/webp" srcset="/media/${HASH}-320x213.webp 320w, /media/${HASH}-640x427.webp 640w, /media/${HASH}-1024x683.webp 1024w, /media/${HASH}-1600x1067.webp 1600w"`,
    );
    expect(html).toContain(`<img src="/media/${HASH}-1600x1067.jpg" srcset="/media/${HASH}-320x213.jpg 320w,`);
    expect(html).toContain('alt="Smoke &amp; fire" width="1600" height="1067" loading="lazy" decoding="async"');
    expect(html).toContain('sizes="(max-width: 760px)');
  });

  it('never lists a rendition wider than the image, keeps PNG for PNG, and prefixes the origin for the widget', () => {
    const html = responsiveMediaBody(`<img src="https://news.example/media/${HASH}-500x300.png" alt="">`, {
      origin: 'https://news.example',
      eager: true,
    });
    expect(html).toContain(
      `srcset="https://news.example/media/${HASH}-320x192.png 320w, https://news.example/media/${HASH}-500x300.png 500w"`,
    );
    expect(html).not.toMatch(/640w|1024w/);
    expect(html).toContain('loading="eager"');
  });

  it('leaves images that are not media files alone', () => {
    const body = '<p><img src="https://example.org/x.jpg" alt="x" /></p>';
    expect(responsiveMediaBody(body, { origin: '', eager: false })).toBe(body);
  });

  it('wraps two or more figures in a row into one gallery, and a single one into none', () => {
    const fig = (w: number) =>
      `<figure><img src="/media/${HASH}-${w}x100.jpg" alt="" /><figcaption>c${w}</figcaption></figure>`;
    const two = responsiveMediaBody(`<p>Before</p>${fig(300)}${fig(301)}<p>After</p>`, { origin: '', eager: false });
    expect(two).toMatch(
      /^<p>Before<\/p><div class="ll-gallery" tabindex="0" role="group" data-ll-gallery><figure>.*c300.*c301<\/figcaption><\/figure><\/div><p>After<\/p>$/,
    );
    expect(responsiveMediaBody(`${fig(300)}<p>x</p>`, { origin: '', eager: false })).not.toContain('ll-gallery');
  });
});
