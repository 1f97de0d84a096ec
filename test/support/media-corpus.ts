import sharp from 'sharp';
import type { Media } from '@liveline/contracts';

// Images and hostile files made in the test, never fixtures: each one says what it is.

/** A phone-like JPEG: GPS position, Orientation 6 (stored sideways), XMP, a Display P3 ICC
 *  profile and a COM comment. Stored 1200x800 with the left half red; upright it is 800x1200
 *  with the top half red. */
export async function phoneJpeg(): Promise<Buffer> {
  const red = await sharp({ create: { width: 600, height: 800, channels: 3, background: '#ff0000' } })
    .png()
    .toBuffer();
  const jpeg = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#0000ff' } })
    .composite([{ input: red, left: 0, top: 0 }])
    .jpeg({ quality: 90 })
    .withIccProfile('p3')
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'SourcePhone 9', Artist: 'secret-source' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '50/1 27/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '30/1 31/1 0/1' },
    })
    .withXmp(
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="secret-source-xmp"/></rdf:RDF></x:xmpmeta>',
    )
    .toBuffer();
  const comment = Buffer.from('secret-source-comment');
  const com = Buffer.concat([Buffer.from([0xff, 0xfe, 0, comment.length + 2]), comment]);
  return Buffer.concat([jpeg.subarray(0, 2), com, jpeg.subarray(2)]);
}

export async function plainPng(width = 700, height = 400, alpha = false): Promise<Buffer> {
  return sharp({
    create: {
      width,
      height,
      channels: alpha ? 4 : 3,
      background: alpha ? { r: 0, g: 128, b: 0, alpha: 0.5 } : '#208040',
    },
  })
    .png()
    .toBuffer();
}

export async function animatedGif(): Promise<Buffer> {
  const frames = await Promise.all(
    ['#ff0000', '#00ff00', '#0000ff'].map((c) =>
      sharp({ create: { width: 400, height: 300, channels: 3, background: c } })
        .png()
        .toBuffer(),
    ),
  );
  return sharp(frames, { join: { animated: true } })
    .gif({ loop: 0, delay: 100 })
    .toBuffer();
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (b: Buffer) => {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

/** A valid small PNG whose header claims width x height: a pixel flood, refused from the header. */
export async function pixelFloodPng(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await plainPng(8, 8));
  // IHDR data starts at byte 16: width, height (big endian), then its CRC over type + data at 29.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

export const PAYLOAD = '<script>alert("polyglot")</script>';

export const hostile = {
  svg: () =>
    Buffer.from(
      `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>`,
    ),
  html: () => Buffer.from(`<!doctype html><html><body><script>alert(document.cookie)</script></body></html>`),
  pdf: () => Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  /** PNG magic, then HTML: sniffs as PNG, does not decode. */
  fakePng: () =>
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from(`<html>${PAYLOAD}</html>`),
    ]),
  /** A real PNG with an HTML/script payload appended after IEND: decodes, payload must not survive. */
  polyglotPng: async () => Buffer.concat([await plainPng(300, 200), Buffer.from(`<html>${PAYLOAD}</html>`)]),
  truncatedJpeg: async () => {
    const full = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#777' } })
      .composite([{ input: await plainPng(400, 300), left: 10, top: 10 }])
      .jpeg()
      .toBuffer();
    return full.subarray(0, Math.floor(full.length / 2));
  },
  empty: () => Buffer.alloc(0),
};

export async function upload(
  base: string,
  token: string,
  file: Buffer,
  opts: { name?: string; type?: string; fields?: Record<string, string> } = {},
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(opts.fields ?? {})) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(file)], { type: opts.type ?? 'image/jpeg' }), opts.name ?? 'photo.jpg');
  const r = await fetch(`${base}/api/media`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const text = await r.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: r.status, body: body as Media & { message?: string; reason?: string } };
}

export async function fetchBytes(url: string, headers: Record<string, string> = {}) {
  const r = await fetch(url, { headers });
  return { status: r.status, headers: r.headers, bytes: Buffer.from(await r.arrayBuffer()) };
}

/** JPEG marker segments (APPn, COM, …) before the scan. */
export function jpegMarkers(b: Buffer): number[] {
  const out: number[] = [];
  let at = 2;
  while (at + 4 <= b.length && b[at] === 0xff) {
    const marker = b[at + 1];
    out.push(marker);
    if (marker === 0xda) break;
    at += 2 + b.readUInt16BE(at + 2);
  }
  return out;
}

/** RIFF chunk ids of a WebP (VP8/VP8L/VP8X/ANIM/ANMF/ALPH, and EXIF/XMP /ICCP when metadata is there). */
export function webpChunks(b: Buffer): string[] {
  const out: string[] = [];
  for (let at = 12; at + 8 <= b.length;) {
    const id = b.toString('latin1', at, at + 4);
    const size = b.readUInt32LE(at + 4);
    out.push(id);
    at += 8 + size + (size % 2);
  }
  return out;
}

/** PNG chunk types (eXIf, iTXt, tEXt, zTXt, iCCP carry metadata). */
export function pngChunks(b: Buffer): string[] {
  const out: string[] = [];
  for (let at = 8; at + 8 <= b.length;) {
    const size = b.readUInt32BE(at);
    out.push(b.toString('latin1', at + 4, at + 8));
    at += 12 + size;
  }
  return out;
}
