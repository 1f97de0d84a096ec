import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Story } from '@liveline/contracts';
import { TimelineReader } from '@liveline/timeline';
import { StoryFeeds } from './story-feeds';

const TTL_MS = 30_000;
const MAX_REFS = 10_000;

// Resolves a story ref for readers without a query per reader: a reconnect storm of thousands
// resolves each ref once. A story.updated event drops the story's cached refs at once.
@Injectable()
export class StoryRefs implements OnModuleInit {
  private readonly cache = new Map<string, { at: number; story: Promise<Story> }>();

  constructor(
    private readonly reader: TimelineReader,
    private readonly feeds: StoryFeeds,
  ) {}

  onModuleInit(): void {
    this.feeds.onEvent((e) => {
      if (e.type === 'story.updated') this.forget(e.storyId);
    });
  }

  /** A public (live or ended) story, or the reader's 404. */
  resolve(ref: string): Promise<Story> {
    const key = ref.toLowerCase();
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.story;
    if (this.cache.size >= MAX_REFS) this.cache.clear();
    const story = this.reader.findStory(ref);
    this.cache.set(key, { at: Date.now(), story });
    story.catch(() => this.cache.delete(key));
    return story;
  }

  private forget(storyId: string) {
    for (const [key, hit] of this.cache) {
      hit.story.then(
        (s) => s.id === storyId && this.cache.get(key) === hit && this.cache.delete(key),
        () => undefined,
      );
    }
  }
}
