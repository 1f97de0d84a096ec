import {
  formatMediaName,
  largestRenditionSize,
  MEDIA_CONTENT_TYPES,
  renditionsOf,
  type MediaExtension,
  type MediaName,
} from '@liveline/contracts';
import { createHash } from 'node:crypto';
import type { Metadata, Sharp } from 'sharp';
import { loadSharp } from './sharp-lib';
import { MediaException, MediaExceptionCode } from '../media.exception';
import { SHARP_FORMAT, sniffImageType, type SourceType } from '../upload/sniff';

export interface RenderedFile {
  name: string;
  contentType: string;
  width: number;
  height: number;
  data: Buffer;
}

export interface RenderedImage {
  hash: string;
  sourceType: SourceType;
  /** The upright image's size. */
  width: number;
  height: number;
  /** The name of the largest rendition in the widely supported format: the Media's `url`. */
  primary: string;
  files: RenderedFile[];
}

export interface RenderLimits {
  maxPixels: number;
}

/**
 * Judges an upload and draws its renditions. Nothing here writes anything: a refusal throws
 * before the caller stores a byte. sharp strips every metadata block (EXIF with GPS, XMP, IPTC,
 * comments) unless asked to keep it, and converts to sRGB without keeping the ICC profile;
 * re-encoding also drops whatever a polyglot appended after the image data.
 */
export async function renderRenditions(input: Buffer, limits: RenderLimits): Promise<RenderedImage> {
  const sourceType = sniffImageType(input);
  if (!sourceType)
    throw new MediaException(
      MediaExceptionCode.UnsupportedType,
      'The file is not a JPEG, PNG, WebP, AVIF or GIF image (judged by its bytes)',
    );
  const sharp = await loadSharp();
  // The header only: a pixel flood is refused before anything is decoded.
  let meta: Metadata;
  try {
    meta = await sharp(input, { animated: true, limitInputPixels: false }).metadata();
  } catch {
    throw new MediaException(MediaExceptionCode.Undecodable, 'The image cannot be decoded');
  }
  if (!SHARP_FORMAT[sourceType].includes(meta.format ?? '')) {
    throw new MediaException(MediaExceptionCode.UnsupportedType, `The bytes start like ${sourceType} but are not one`);
  }
  const frames = meta.pages ?? 1;
  const frameHeight = meta.pageHeight ?? meta.height;
  if (!meta.width || !frameHeight) throw new MediaException(MediaExceptionCode.Undecodable, 'The image has no size');
  if (meta.width * frameHeight * frames > limits.maxPixels) {
    throw new MediaException(MediaExceptionCode.TooManyPixels, `The image has more than ${limits.maxPixels} pixels`);
  }
  const animated = frames > 1;
  const sideways = (meta.orientation ?? 1) >= 5;
  const width = sideways ? frameHeight : meta.width;
  const height = sideways ? meta.width : frameHeight;
  let fallback: MediaExtension = meta.hasAlpha ? 'png' : 'jpg';
  if (animated) fallback = 'gif';
  const hash = createHash('sha256').update(input).digest('hex');
  const largest: MediaName = { hash, ...largestRenditionSize(width, height), ext: fallback };
  const base = sharp(input, { animated, limitInputPixels: limits.maxPixels, failOn: 'warning' }).rotate();
  try {
    // One rendition after another: a job holds one libuv thread, not the whole pool.
    const files: RenderedFile[] = [];
    for (const n of renditionsOf(largest)) {
      const data = await encode(base.clone().resize(n.width, n.height, { fit: 'fill' }), n.ext).toBuffer();
      files.push({
        name: formatMediaName(n),
        contentType: MEDIA_CONTENT_TYPES[n.ext],
        width: n.width,
        height: n.height,
        data,
      });
    }
    return { hash, sourceType, width, height, primary: formatMediaName(largest), files };
  } catch (e) {
    if (e instanceof MediaException) throw e;
    // Truncated or corrupt data (libvips warnings are failures here), or a decoder refusal.
    throw new MediaException(MediaExceptionCode.Undecodable, 'The image cannot be decoded (truncated or corrupt)');
  }
}

function encode(img: Sharp, ext: MediaExtension): Sharp {
  switch (ext) {
    case 'webp':
      return img.webp({ quality: 80, effort: 4 });
    case 'jpg':
      return img.jpeg({ quality: 80, progressive: true, mozjpeg: true });
    case 'png':
      return img.png({ compressionLevel: 9, palette: false });
    case 'gif':
      return img.gif();
  }
}
