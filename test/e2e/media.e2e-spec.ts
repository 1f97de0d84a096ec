import exifr from 'exifr';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Media } from '@liveline/contracts';
import { client, makeEntry, makeStory, makeUser, type Client } from '../support/api';
import {
  animatedGif,
  fetchBytes,
  hostile,
  jpegMarkers,
  PAYLOAD,
  phoneJpeg,
  pixelFloodPng,
  plainPng,
  pngChunks,
  upload,
  webpChunks,
} from '../support/media-corpus';
import { login, startServer, type RunningServer } from '../support/server';

const MAX_BYTES = 2 * 1024 * 1024;

async function expectClean(m: Media) {
  for (const r of m.renditions) {
    const f = await fetchBytes(r.url);
    expect(f.status).toBe(200);
    expect(f.headers.get('content-type')).toBe(r.type);
    expect(f.bytes.length).toBe(r.bytes);
    const meta = await sharp(f.bytes).metadata();
    expect({ w: meta.width, h: meta.pageHeight ?? meta.height }).toEqual({ w: r.width, h: r.height });
    // No metadata block of any kind, by sharp's reading and by a real EXIF reader.
    expect([meta.exif, meta.xmp, meta.iptc, meta.icc, meta.comments]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    if (r.type === 'image/jpeg') {
      expect(
        await exifr.parse(f.bytes, {
          tiff: true,
          gps: true,
          exif: true,
          xmp: true,
          iptc: true,
          icc: true,
          jfif: false,
        }),
      ).toBeUndefined();
      expect(await exifr.gps(f.bytes).catch(() => undefined)).toBeUndefined();
      expect(jpegMarkers(f.bytes).filter((x) => x === 0xfe || (x >= 0xe1 && x <= 0xef))).toEqual([]);
    }
    if (r.type === 'image/webp')
      expect(webpChunks(f.bytes).filter((c) => ['EXIF', 'XMP ', 'ICCP'].includes(c))).toEqual([]);
    if (r.type === 'image/png')
      expect(pngChunks(f.bytes).filter((c) => ['eXIf', 'iTXt', 'tEXt', 'zTXt', 'iCCP'].includes(c))).toEqual([]);
    for (const secret of ['secret-source', 'PhoneMaker', 'GPS'])
      expect(f.bytes.includes(Buffer.from(secret))).toBe(false);
  }
}

function mediaTests(label: string, extraEnv: () => Record<string, string>) {
  describe(`media (${label})`, () => {
    let srv: RunningServer;
    let admin: Client;
    let token: string;

    beforeAll(async () => {
      srv = await startServer({
        env: { MEDIA_MAX_BYTES: String(MAX_BYTES), MEDIA_MAX_PIXELS: '30000000', ...extraEnv() },
      });
      token = await login(srv.url);
      admin = client(srv.url, token);
    }, 120_000);
    afterAll(async () => srv?.stop());

    const count = async () => (await admin.get<{ items: Media[] }>('/api/media?limit=100')).body.items.length;

    it('turns a phone JPEG with GPS, orientation, XMP, ICC and a comment into upright, stripped renditions', async () => {
      const source = await phoneJpeg();
      expect((await exifr.gps(source)).latitude).toBeCloseTo(50.45);
      const r = await upload(srv.url, token, source, {
        fields: { alt: 'Smoke over the city', caption: 'Kyiv, at dawn', credit: 'Staff photographer' },
      });
      expect(r.status).toBe(201);
      const m = r.body;
      expect({ w: m.width, h: m.height, type: m.type, alt: m.alt, credit: m.credit }).toEqual({
        w: 800,
        h: 1200,
        type: 'image/jpeg',
        alt: 'Smoke over the city',
        credit: 'Staff photographer',
      });
      // 320, 640 and the original's 800, each in WebP and JPEG; none wider than the original.
      expect(m.renditions.map((x) => `${x.width}x${x.height} ${x.type}`)).toEqual([
        '320x480 image/jpeg',
        '320x480 image/webp',
        '640x960 image/jpeg',
        '640x960 image/webp',
        '800x1200 image/jpeg',
        '800x1200 image/webp',
      ]);
      expect(m.url).toBe(m.renditions[4].url);
      await expectClean(m);
      // Upright: the stored left half (red) is now the top half.
      const big = await fetchBytes(m.url);
      const { data, info } = await sharp(big.bytes).raw().toBuffer({ resolveWithObject: true });
      const px = (x: number, y: number) => [
        ...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3),
      ];
      expect(px(400, 100)[0]).toBeGreaterThan(200);
      expect(px(400, 100)[2]).toBeLessThan(60);
      expect(px(400, 1100)[2]).toBeGreaterThan(200);
      expect(px(400, 1100)[0]).toBeLessThan(60);
    });

    it('serves files immutable, nosniff, with the exact type, an ETag, ranges and a per-item surrogate key', async () => {
      const m = (await upload(srv.url, token, await plainPng(500, 300, true), { name: 'x.png', type: 'image/png' }))
        .body;
      expect(m.renditions.map((x) => x.type)).toEqual(['image/png', 'image/webp', 'image/png', 'image/webp']);
      const webp = m.renditions.find((x) => x.type === 'image/webp' && x.width === 500)!;
      const full = await fetchBytes(webp.url);
      expect(full.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(full.headers.get('x-content-type-options')).toBe('nosniff');
      expect(full.headers.get('content-type')).toBe('image/webp');
      expect(full.headers.get('surrogate-key')).toBe(`media-${m.id}`);
      expect(full.headers.get('cache-tag')).toBe(`media-${m.id}`);
      const etag = full.headers.get('etag')!;
      expect((await fetchBytes(webp.url, { 'if-none-match': etag })).status).toBe(304);
      const part = await fetchBytes(webp.url, { range: 'bytes=4-11' });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe(`bytes 4-11/${full.bytes.length}`);
      expect(part.bytes.equals(full.bytes.subarray(4, 12))).toBe(true);
      expect((await fetchBytes(webp.url, { range: `bytes=${full.bytes.length}-` })).status).toBe(416);
      expect((await fetchBytes(`${srv.url}/media/${'0'.repeat(64)}-10x10.webp`)).status).toBe(404);
      expect((await fetchBytes(`${srv.url}/media/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
    });

    it('refuses every hostile file with the right status and writes nothing for any of them', async () => {
      const before = await count();
      const cases: [string, Buffer, string, number][] = [
        ['SVG with a script', hostile.svg(), 'image/svg+xml', 415],
        ['HTML named .jpg', hostile.html(), 'image/jpeg', 415],
        ['PDF', hostile.pdf(), 'application/pdf', 415],
        ['PNG magic followed by HTML', hostile.fakePng(), 'image/png', 422],
        ['pixel flood (20000x20000 declared)', await pixelFloodPng(20000, 20000), 'image/png', 422],
        ['truncated JPEG', await hostile.truncatedJpeg(), 'image/jpeg', 422],
        ['0-byte file', hostile.empty(), 'image/jpeg', 415],
        [
          'over MEDIA_MAX_BYTES',
          Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(MAX_BYTES + 10, 7)]),
          'image/jpeg',
          413,
        ],
      ];
      for (const [what, bytes, type, status] of cases) {
        const r = await upload(srv.url, token, bytes, { type, name: what.includes('.jpg') ? 'photo.jpg' : 'file' });
        expect({ what, status: r.status, message: typeof r.body?.message }).toEqual({
          what,
          status,
          message: 'string',
        });
      }
      const noFile = await fetch(`${srv.url}/api/media`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: (() => {
          const f = new FormData();
          f.append('alt', 'x');
          return f;
        })(),
      });
      expect(noFile.status).toBe(400);
      expect(await count()).toBe(before);
      // Something is written after all this: the refusals did not break uploads.
      expect((await upload(srv.url, token, await plainPng(64, 64))).status).toBe(201);
      expect(await count()).toBe(before + 1);
    });

    it('judges the type by the bytes: a PNG declared as JPEG is a PNG, and a polyglot loses its payload', async () => {
      const declared = await upload(srv.url, token, await plainPng(640, 480), {
        type: 'image/jpeg',
        name: 'photo.jpg',
      });
      expect(declared.status).toBe(201);
      const poly = await upload(srv.url, token, await hostile.polyglotPng(), { type: 'image/png', name: 'poly.png' });
      expect(poly.status).toBe(201);
      for (const r of poly.body.renditions)
        expect((await fetchBytes(r.url)).bytes.includes(Buffer.from(PAYLOAD))).toBe(false);
      await expectClean(poly.body);
    });

    it('keeps an animated GIF animated, as animated WebP with a GIF fallback', async () => {
      const r = await upload(srv.url, token, await animatedGif(), { type: 'image/gif', name: 'a.gif' });
      expect(r.status).toBe(201);
      expect(r.body.type).toBe('image/gif');
      for (const x of r.body.renditions) {
        const meta = await sharp((await fetchBytes(x.url)).bytes, { animated: true }).metadata();
        expect(meta.pages).toBe(3);
      }
    });

    it('lets the uploader or an editor change alt, caption and credit, and nobody else', async () => {
      const c1 = await makeUser(admin, 'contributor');
      const c2 = await makeUser(admin, 'contributor');
      const m = (await upload(srv.url, c1.token, await plainPng(100, 100))).body;
      expect((await c1.api.patch(`/api/media/${m.id}`, { alt: 'A green square' })).body.alt).toBe('A green square');
      expect((await c2.api.patch(`/api/media/${m.id}`, { alt: 'mine now' })).status).toBe(403);
      expect((await admin.patch(`/api/media/${m.id}`, { credit: 'Desk' })).body).toMatchObject({
        alt: 'A green square',
        credit: 'Desk',
      });
      expect((await c1.api.get(`/api/media/${m.id}`)).body.credit).toBe('Desk');
      expect((await client(srv.url).get(`/api/media/${m.id}`)).status).toBe(401);
      expect((await c1.api.patch(`/api/media/${m.id}`, { url: 'x' })).status).toBe(400);
      expect((await c1.api.del(`/api/media/${m.id}`)).status).toBe(403);
    });

    it('takes an image down: its URLs answer 410 at once, the API forgets it, the bytes go and the audit says who', async () => {
      const m = (await upload(srv.url, token, await plainPng(900, 600))).body;
      expect((await fetchBytes(m.url)).status).toBe(200);
      expect((await admin.del(`/api/media/${m.id}`)).status).toBe(204);
      for (const r of m.renditions) expect((await fetchBytes(r.url)).status).toBe(410);
      expect((await admin.get(`/api/media/${m.id}`)).status).toBe(404);
      expect((await admin.del(`/api/media/${m.id}`)).status).toBe(404);
      const audit = (await admin.get(`/api/audit?targetType=media&targetId=${m.id}`)).body.items;
      expect(audit.map((a: { action: string }) => a.action)).toEqual(['media.taken_down', 'media.uploaded']);
      // The same bytes cannot bring the URLs back.
      expect((await upload(srv.url, token, await plainPng(900, 600))).status).toBe(422);
    });

    it('shows media to readers: responsive picture on page and embed, absolute URLs in feeds, JSON-LD image, cover as og:image', async () => {
      const m = (await upload(srv.url, token, await plainPng(1800, 1200), { fields: { alt: 'Harbour wall' } })).body;
      const path = new URL(m.url).pathname;
      const story = await makeStory(admin, { language: 'en' });
      await makeEntry(admin, story.id, {
        body: `<figure><img src="${path}" alt="Harbour wall"><figcaption>Caption</figcaption></figure>`,
        status: 'published',
      });
      expect(
        (await admin.patch(`/api/stories/${story.id}`, { coverImage: '00000000-0000-4000-8000-000000000000' })).status,
      ).toBe(400);
      const patched = await admin.patch(`/api/stories/${story.id}`, { coverImage: m.id });
      expect(patched.body).toMatchObject({ coverImage: m.id, coverImageUrl: path });
      for (const page of [`/stories/${story.slug}`, `/embed/${story.slug}`]) {
        const html = (await admin.get(page)).body as string;
        const hash = path.slice('/media/'.length, '/media/'.length + 64);
        expect(html).toContain(
          `<source type="image/webp" srcset="/media/${hash}-320x213.webp 320w, /media/${hash}-640x427.webp 640w, /media/${hash}-1024x683.webp 1024w, /media/${hash}-1600x1067.webp 1600w"`,
        );
        expect(html).toMatch(
          /<img src="\/media\/[0-9a-f]{64}-1600x1067\.jpg" srcset="[^"]+" sizes="[^"]+" alt="Harbour wall" width="1600" height="1067" loading="eager" decoding="async">/,
        );
      }
      const pageHtml = (await admin.get(`/stories/${story.slug}`)).body as string;
      expect(pageHtml).toContain(`<meta property="og:image" content="${srv.url}${path}">`);
      expect(pageHtml).toContain(`<meta name="twitter:image" content="${srv.url}${path}">`);
      const ld = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(pageHtml)![1]);
      expect(ld.image).toBe(`${srv.url}${path}`);
      expect(ld.liveBlogUpdate[0].image).toEqual([`${srv.url}${path}`]);
      const atom = (await admin.get(`/stories/${story.slug}/feed.atom`)).body as string;
      expect(atom).toContain(`href="${srv.url}${path}"`);
      expect(atom).toContain(`src="${srv.url}${path}"`);
      const rss = (await admin.get(`/stories/${story.slug}/feed.rss`)).body as string;
      expect(rss).toContain(`<enclosure length="0" type="image/jpeg" url="${srv.url}${path}"/>`);
      const json = (await admin.get(`/stories/${story.slug}/feed.json`)).body;
      const feed = typeof json === 'string' ? JSON.parse(json) : json;
      expect(feed.items[0].image).toBe(`${srv.url}${path}`);
      // A takedown also takes the image off the story's cover.
      expect((await admin.del(`/api/media/${m.id}`)).status).toBe(204);
      expect((await admin.get(`/api/stories/${story.id}`)).body).toMatchObject({
        coverImage: null,
        coverImageUrl: null,
      });
    });

    it('places an uploaded image in an entry body with its media URL', async () => {
      const m = (await upload(srv.url, token, await plainPng(1200, 800))).body;
      const story = await makeStory(admin);
      const path = new URL(m.url).pathname;
      const e = await makeEntry(admin, story.id, {
        body: `<figure><img src="${path}" alt="x"><figcaption>Caption</figcaption></figure>`,
      });
      expect(e.body).toContain(`src="${path}"`);
    });
  });
}

mediaTests('database store', () => ({}));

describe('S3 store', () => {
  // s3rver: an S3-compatible server in this process, on a free port, in a temp dir.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- s3rver ships no types
  const S3rver = require('s3rver');
  let s3: { run(): Promise<AddressInfo>; close(): Promise<void> };
  let dir: string;
  const env: Record<string, string> = {};
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'liveline-s3-'));
    s3 = new S3rver({
      port: 0,
      address: '127.0.0.1',
      silent: true,
      directory: dir,
      configureBuckets: [{ name: 'liveline-media' }],
    });
    const { port } = await s3.run();
    Object.assign(env, {
      MEDIA_S3_BUCKET: 'liveline-media',
      MEDIA_S3_ENDPOINT: `http://127.0.0.1:${port}`,
      MEDIA_S3_REGION: 'us-east-1',
      MEDIA_S3_ACCESS_KEY_ID: 'S3RVER',
      MEDIA_S3_SECRET_ACCESS_KEY: 'S3RVER',
      MEDIA_S3_FORCE_PATH_STYLE: 'true',
    });
  }, 120_000);
  afterAll(async () => {
    await s3?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the renditions in the bucket and removes them on takedown', async () => {
    const srv = await startServer({ env });
    try {
      const token = await login(srv.url);
      const m = (await upload(srv.url, token, await phoneJpeg())).body;
      const names = m.renditions.map((r) => new URL(r.url).pathname.slice('/media/'.length));
      const inBucket = async (name: string) => (await fetch(`${env.MEDIA_S3_ENDPOINT}/liveline-media/${name}`)).status;
      expect(await Promise.all(names.map(inBucket))).toEqual(names.map(() => 200));
      await expectClean(m);
      expect((await client(srv.url, token).del(`/api/media/${m.id}`)).status).toBe(204);
      for (const r of m.renditions) expect((await fetchBytes(r.url)).status).toBe(410);
      expect(await Promise.all(names.map(inBucket))).toEqual(names.map(() => 404));
    } finally {
      await srv.stop();
    }
  }, 180_000);
});
