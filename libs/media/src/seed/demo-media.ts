import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { formatMediaName, MEDIA_PATH_PREFIX } from '@liveline/contracts';
import { Env } from '@liveline/core';
import { CreateEntry } from '@liveline/timeline';
import { loadSharp } from '../processing/sharp-lib';
import type { DataSource } from 'typeorm';
import { UploadMedia } from '../usecases/upload-media.usecase';
import { droneChartSvg } from './drone-chart';

const DEMO_SLUG = 'austin-kyiv-north-korea-troops';
const DESK_EMAIL = 'desk@liveline.local';

// Runs after the timeline's demo seeder, only when it has just seeded (libs/timeline may not
// import libs/media): renders the chart from SVG to PNG with sharp, stores it as media like any
// upload, and places it in an entry of the demo story.
@Injectable()
export class DemoMedia {
  private readonly logger = new Logger('DemoMedia');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly upload: UploadMedia,
    private readonly createEntry: CreateEntry,
    private readonly env: Env,
  ) {}

  async run(): Promise<void> {
    if (!this.env.SEED_DEMO) return;
    const [desk] = await this.db.query<{ id: string; name: string; email: string }[]>(
      `SELECT id, name, email FROM users WHERE email = $1`,
      [DESK_EMAIL],
    );
    if (!desk) return;
    const sharp = await loadSharp();
    const png = await sharp(Buffer.from(droneChartSvg())).png().toBuffer();
    const media = await this.upload.execute(
      png,
      {
        alt: 'رسم بياني بالأعمدة: 11 مسيّرة فوق منطقة روستوف و7 فوق مناطق بريانسك وكورسك وأوريول مجتمعة',
        caption: 'أين أُسقطت المسيّرات الـ18 خلال الليل، بحسب وزارة الدفاع الروسية',
        credit: 'Liveline',
      },
      { id: desk.id },
    );
    const src = `${MEDIA_PATH_PREFIX}${formatMediaName({ hash: media.hash, width: media.renditions[0].width, height: media.renditions[0].height, ext: 'png' })}`;
    const body =
      `<figure><img src="${src}" alt="${media.alt}" width="${media.renditions[0].width}" height="${media.renditions[0].height}">` +
      `<figcaption>${media.caption}. رسم: ${media.credit}</figcaption></figure>`;
    // The seeded desk publishes the chart as the newsroom would: an editor's entry.
    await this.createEntry.execute(
      DEMO_SLUG,
      { headline: 'بالرسم: أين أُسقطت المسيّرات', body, occurredAt: '2024-10-21T04:00:00Z', status: 'published' },
      {
        ...desk,
        role: 'editor',
        sessionId: 'demo-seed',
      },
    );
    this.logger.log(`Placed the demo chart ${src} in the demo story`);
  }
}
