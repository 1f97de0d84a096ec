import { allowedUrl } from './body-allow-list';
import { mediaNameOfUrl, parseMediaName, renditionsOf, renditionWidths } from './media';

const HASH = 'b'.repeat(64);

describe('media names', () => {
  it('parses only the exact rendition pattern', () => {
    expect(parseMediaName(`${HASH}-640x480.webp`)).toEqual({ hash: HASH, width: 640, height: 480, ext: 'webp' });
    for (const bad of [
      `${HASH}-640x480.svg`,
      `${HASH}-0x480.jpg`,
      `${HASH.slice(1)}-640x480.jpg`,
      `../${HASH}-1x1.jpg`,
      `${HASH}-640x480.jpg?x`,
    ])
      expect(parseMediaName(bad)).toBeNull();
    expect(mediaNameOfUrl(`https://x.example/media/${HASH}-1x1.gif`)?.ext).toBe('gif');
    expect(mediaNameOfUrl(`https://x.example/other/${HASH}-1x1.gif`)).toBeNull();
  });

  it('lists widths up to the image and never past it', () => {
    expect(renditionWidths(3000)).toEqual([320, 640, 1024, 1600]);
    expect(renditionWidths(800)).toEqual([320, 640, 800]);
    expect(renditionWidths(200)).toEqual([200]);
    expect(
      renditionsOf({ hash: HASH, width: 800, height: 1200, ext: 'jpg' }).map((n) => `${n.width}x${n.height}.${n.ext}`),
    ).toEqual(['320x480.webp', '320x480.jpg', '640x960.webp', '640x960.jpg', '800x1200.webp', '800x1200.jpg']);
  });
});

describe('media paths in the body allow-list', () => {
  it('lets <img src> be one of our media paths, and no other relative or protocol-relative URL', () => {
    expect(allowedUrl('img', 'src', `/media/${HASH}-640x480.jpg`)).toBe(`/media/${HASH}-640x480.jpg`);
    for (const bad of [
      `/media/${HASH}-640x480.svg`,
      '/media/../etc/passwd',
      `//evil.example/media/${HASH}-1x1.jpg`,
      'photo.jpg',
      `/other/${HASH}-1x1.jpg`,
      `http://x.example/media/${HASH}-1x1.jpg`,
    ]) {
      expect(allowedUrl('img', 'src', bad)).toBeNull();
    }
    expect(allowedUrl('a', 'href', `/media/${HASH}-640x480.jpg`)).not.toBeNull();
  });
});
