import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { parseEmbedUrl, type EmbedPreview, type ParsedEmbed } from '@liveline/contracts';
import { Env } from '@liveline/core';
import { OutboundException, OutboundHttp } from '@liveline/outbound';
import { In, type Repository } from 'typeorm';
import { EmbedsException, EmbedsExceptionCode } from '../embeds.exception';
import { EmbedPreviewEntity } from './embed-preview.entity';
import { OEMBED_HOSTS, oembedUrl } from './oembed-endpoints';

const FRESH_MS = 7 * 24 * 3600 * 1000;
// An unreachable platform is asked again after this long, not on every paste.
const MISS_MS = 10 * 60 * 1000;
const MAX_OEMBED_BYTES = 256 * 1024;
const MAX_TEXT = 300;

@Injectable()
export class EmbedPreviews {
  private readonly logger = new Logger('EmbedPreviews');

  constructor(
    @InjectRepository(EmbedPreviewEntity) private readonly cache: Repository<EmbedPreviewEntity>,
    private readonly http: OutboundHttp,
    private readonly env: Env,
  ) {}

  /** The preview of a supported URL, from the cache or the platform's oEmbed endpoint; 422 otherwise. */
  async preview(rawUrl: string): Promise<EmbedPreview> {
    const embed = parseEmbedUrl(rawUrl);
    if (!embed) {
      throw new EmbedsException(
        EmbedsExceptionCode.UnsupportedUrl,
        `Not a supported post or video URL: ${JSON.stringify(rawUrl.slice(0, 300))}`,
      );
    }
    const cached = await this.cache.findOneBy({ url: embed.url });
    if (cached && Date.now() - cached.fetchedAt.getTime() < (cached.reachable ? FRESH_MS : MISS_MS))
      return toPreview(embed, cached);
    const row = await this.fetch(embed);
    await this.cache.upsert(row, ['url']);
    return toPreview(embed, row);
  }

  /** What the cache knows of these canonical URLs, for server-rendered cards (never fetches). */
  async known(urls: string[]): Promise<Map<string, EmbedPreview>> {
    const out = new Map<string, EmbedPreview>();
    const unique = [...new Set(urls)];
    if (!unique.length) return out;
    for (const row of await this.cache.findBy({ url: In(unique.slice(0, 500)) })) {
      const embed = parseEmbedUrl(row.url);
      if (embed) out.set(row.url, toPreview(embed, row));
    }
    return out;
  }

  private async fetch(embed: ParsedEmbed): Promise<EmbedPreviewEntity> {
    const row: EmbedPreviewEntity = Object.assign(new EmbedPreviewEntity(), {
      url: embed.url,
      provider: embed.provider,
      kind: embed.kind,
      title: null,
      authorName: null,
      thumbnailUrl: null,
      reachable: false,
      fetchedAt: new Date(),
    });
    const endpoint = oembedUrl(embed.provider, embed.url);
    if (!endpoint || !this.env.EMBED_OEMBED) return { ...row, reachable: !endpoint };
    try {
      const res = await this.http.request({
        url: endpoint,
        httpsOnly: true,
        allowHost: (host) => OEMBED_HOSTS.has(host),
        maxRedirects: 2,
        timeoutMs: this.env.EMBED_OEMBED_TIMEOUT_MS,
        connectTimeoutMs: Math.min(1500, this.env.EMBED_OEMBED_TIMEOUT_MS),
        maxResponseBytes: MAX_OEMBED_BYTES,
        headers: { accept: 'application/json' },
      });
      if (res.status !== 200 || res.truncated) return row;
      const data = JSON.parse(res.body.toString('utf8')) as Record<string, unknown>;
      return {
        ...row,
        reachable: true,
        title: text(data.title),
        authorName: text(data.author_name),
        thumbnailUrl: httpsUrl(data.thumbnail_url),
      };
    } catch (err) {
      // Offline, refused or garbled: the preview goes out without the optional fields.
      let why = String(err);
      if (err instanceof OutboundException) why = err.code;
      else if (err instanceof SyntaxError) why = 'bad_json';
      this.logger.warn(`oEmbed for ${embed.provider} unavailable (${why})`);
      return row;
    }
  }
}

function text(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const t = v
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return t ? t.slice(0, MAX_TEXT) : null;
}

function httpsUrl(v: unknown): string | null {
  if (typeof v !== 'string' || v.length > 2048) return null;
  try {
    return new URL(v).protocol === 'https:' ? new URL(v).href : null;
  } catch {
    return null;
  }
}

function toPreview(
  embed: ParsedEmbed,
  row: Pick<EmbedPreviewEntity, 'title' | 'authorName' | 'thumbnailUrl'>,
): EmbedPreview {
  return {
    provider: embed.provider,
    url: embed.url,
    kind: embed.kind,
    ...(row.title ? { title: row.title } : {}),
    ...(row.authorName ? { authorName: row.authorName } : {}),
    ...(row.thumbnailUrl ? { thumbnailUrl: row.thumbnailUrl } : {}),
  };
}
