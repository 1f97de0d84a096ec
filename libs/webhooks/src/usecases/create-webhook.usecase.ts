import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@liveline/accounts';
import type { WebhookWithSecret } from '@liveline/contracts';
import { Env } from '@liveline/core';
import { TimelineReader } from '@liveline/timeline';
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { WebhookDispatcher } from '../delivery/webhook-dispatcher';
import { checkTarget } from '../target';
import type { CreateWebhookDto } from '../webhook.dto';
import { toWebhook, WebhookStore } from '../webhook-store';
import { WebhooksException, WebhooksExceptionCode } from '../webhooks.exception';

export const generateSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

// A new webhook starts at each covered story's current head: it receives what happens from
// now on, not the back catalogue (a partner who wants history reads GET /events?since=0).
// Stories created later are delivered from their first event.
@Injectable()
export class CreateWebhook {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly env: Env,
    private readonly reader: TimelineReader,
    private readonly store: WebhookStore,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  async execute(dto: CreateWebhookDto, actor: Pick<Actor, 'id'>): Promise<WebhookWithSecret> {
    const url = await checkTarget(dto.url, this.env.WEBHOOK_ALLOW_PRIVATE);
    const stories = dto.stories ? await this.storyIds(dto.stories) : null;
    const id = randomUUID();
    const secret = dto.secret ?? generateSecret();
    await this.db.transaction(async (m) => {
      await m.query(`INSERT INTO webhooks (id, url, stories, secret, created_by) VALUES ($1, $2, $3::uuid[], $4, $5)`, [
        id,
        url,
        stories,
        secret,
        actor.id,
      ]);
      await m.query(
        `INSERT INTO webhook_cursors (webhook_id, story_id, delivered_seq)
         SELECT $1, s.id, s.seq FROM stories s WHERE $2::uuid[] IS NULL OR s.id = ANY ($2::uuid[])`,
        [id, stories],
      );
    });
    this.dispatcher.webhooksChanged();
    return { ...toWebhook(await this.store.row(id)), secret };
  }

  private async storyIds(refs: string[]): Promise<string[]> {
    const ids = new Set<string>();
    for (const ref of refs) {
      try {
        ids.add((await this.reader.findStory(ref, { newsroom: true })).id);
      } catch {
        throw new WebhooksException(
          WebhooksExceptionCode.StoryNotFound,
          `stories: no story ${JSON.stringify(ref.slice(0, 120))}`,
        );
      }
    }
    return [...ids];
  }
}
