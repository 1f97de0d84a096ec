// The upload's type judged by its first bytes alone; the declared type and the file name are
// never trusted. sharp then has to agree and decode it (see render-renditions.ts).

export type SourceType = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/avif' | 'image/gif';

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

export function sniffImageType(b: Uint8Array): SourceType | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b[0] === 0x89 && ascii(b, 1, 8) === 'PNG\r\n\x1a\n') return 'image/png';
  if (b.length >= 6 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) return 'image/gif';
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'image/webp';
  if (b.length >= 16 && ascii(b, 4, 8) === 'ftyp' && isAvifBrand(b)) return 'image/avif';
  return null;
}

// ISO-BMFF: the major brand and the compatible brands of the ftyp box must name AVIF.
function isAvifBrand(b: Uint8Array): boolean {
  const size = Math.min(((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0, b.length, 256);
  const brands = [ascii(b, 8, 12)];
  for (let at = 16; at + 4 <= size; at += 4) brands.push(ascii(b, at, at + 4));
  return brands.some((x) => x === 'avif' || x === 'avis');
}

/** The sharp/libvips format name each sniffed type must decode as. */
export const SHARP_FORMAT: Record<SourceType, string[]> = {
  'image/jpeg': ['jpeg'],
  'image/png': ['png'],
  'image/webp': ['webp'],
  'image/avif': ['heif'],
  'image/gif': ['gif'],
};
