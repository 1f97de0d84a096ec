import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Story } from '@liveline/contracts';
import { StoryFeeds } from '@liveline/live';
import { TimelineException, TimelineReader } from '@liveline/timeline';
import type { PublicRead } from '@liveline/core';
import { RenderCache, rendered, type Rendered } from './http-cache';

const MAX_SLUGS = 10_000;

/** A rendering and the story state it shows. */
export interface Snapshot {
  doc: Rendered;
  read: PublicRead;
}

/**
 * Everything the pages and feeds serve, rendered once per story state. A hot story costs no
 * database read at all: its id comes from memory and its head seq from the live event feed.
 */
@Injectable()
export class StorySnapshots implements OnModuleInit, OnModuleDestroy {
  private readonly idsByRef = new Map<string, string>();
  private readonly cache = new RenderCache(500);
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly reader: TimelineReader,
    private readonly feeds: StoryFeeds,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.feeds.onEvent((event) => {
      this.cache.evictBefore(event.storyId, event.seq);
      // A renamed or unpublished story must be looked up again.
      if (event.type === 'story.updated')
        for (const [ref, id] of this.idsByRef) if (id === event.storyId) this.idsByRef.delete(ref);
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /**
   * The rendering of `variant` for the public story `ref` (slug or id) at its current head seq.
   * `render` runs only on a miss and gets the story and the seq its output must reflect.
   */
  async get(
    ref: string,
    variant: string,
    contentType: string,
    render: (story: Story, seq: number) => Promise<string>,
  ): Promise<Snapshot> {
    let storyId = this.idsByRef.get(ref);
    if (!storyId) storyId = this.remember(ref, await this.reader.findStory(ref));
    const seq = await this.feeds.headSeq(storyId);
    const doc = await this.cache.get(storyId, seq, variant, async () => {
      // Read the story itself only now: a story taken back to draft is a 404 from here.
      const story = await this.reader.findStory(storyId);
      if (story.slug !== ref && story.id !== ref) {
        // The slug moved while this process was not watching the story: it no longer names it.
        this.idsByRef.delete(ref);
        throw TimelineException.storyNotFound(ref);
      }
      return rendered(await render(story, seq), contentType);
    });
    return { doc, read: { storyId, seq } };
  }

  private remember(ref: string, story: Story): string {
    if (this.idsByRef.size >= MAX_SLUGS) this.idsByRef.clear();
    this.idsByRef.set(ref, story.id);
    return story.id;
  }
}
