import { supersede, supersedes, type TimelineEvent } from '@liveline/contracts';

/**
 * One story's delivery state in this process: the last seq delivered to its room and a
 * bounded tail of recent events. `head` and `tail` only change together, synchronously,
 * in `deliver`, so a subscriber that joins the room in the same tick it reads the tail
 * neither misses nor repeats an event. Accepting an event rewrites the earlier ones it
 * supersedes, as the stored log was rewritten in the event's own transaction.
 */
export class StoryFeed {
  head = 0;
  /** The newest seq a notice announced (applied or still queued): see StoryFeeds.current. */
  heard = 0;
  /**
   * Whether the story is public as of `head`: from the load's snapshot, then from each
   * story.updated accepted. Readers of a draft get nothing, whatever a cache of refs says.
   */
  isPublic = false;
  private tail: TimelineEvent[] = [];
  // All loads and catch-ups of this feed run one after another, in this chain.
  private chain: Promise<unknown> = Promise.resolve();
  private pendingCatchUp?: Promise<void>;
  loaded = false;
  /**
   * Notices may have been missed (the LISTEN connection came back, a catch-up failed): until a
   * catch-up that began after that succeeds, the read fast path serves nothing it prepared.
   */
  private fallenBehind = 0;
  private caughtUpTo = 0;
  get behind(): boolean {
    return this.fallenBehind > this.caughtUpTo;
  }
  fellBehind(): void {
    this.fallenBehind++;
  }
  /** Runs a catch-up; the feed is no longer behind if nothing new was missed meanwhile. */
  async catchingUp(read: () => Promise<void>): Promise<void> {
    const mark = this.fallenBehind;
    await read();
    this.caughtUpTo = Math.max(this.caughtUpTo, mark);
  }
  lastUsed = Date.now();

  constructor(
    readonly storyId: string,
    private readonly window: number,
  ) {}

  /** Runs `work` after everything queued before it. */
  enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.chain.then(work, work);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Coalesces catch-ups: callers that ask while one is queued share it. */
  catchUp(read: () => Promise<void>): Promise<void> {
    if (!this.pendingCatchUp) {
      this.pendingCatchUp = this.enqueue(async () => {
        this.pendingCatchUp = undefined;
        await read();
      });
    }
    return this.pendingCatchUp;
  }

  reset(head: number, events: TimelineEvent[], isPublic = true): void {
    if (events.some((e, i) => e.seq > head || (i > 0 && e.seq !== events[i - 1].seq + 1))) {
      throw new Error(
        `inconsistent load of ${this.storyId}: head ${head}, events ${events[0]?.seq}..${events.at(-1)?.seq}`,
      );
    }
    this.head = head;
    this.isPublic = isPublic;
    this.tail = events.slice(-this.window);
    this.loaded = true;
  }

  /** Appends the next event; returns false for one already delivered. Throws on a gap. */
  accept(event: TimelineEvent): boolean {
    if (event.seq <= this.head) return false;
    if (event.seq !== this.head + 1) throw new Error(`gap: ${this.storyId} at ${this.head}, got ${event.seq}`);
    this.head = event.seq;
    if (event.type === 'story.updated' && event.story) this.isPublic = event.story.status !== 'draft';
    if (supersedes(event)) this.tail = this.tail.map((earlier) => supersede(earlier, event));
    this.tail.push(event);
    if (this.tail.length > this.window * 1.25) this.tail = this.tail.slice(-this.window);
    return true;
  }

  /** Events after `since`, or null when `since` is older than the tail can replay. */
  since(since: number): TimelineEvent[] | null {
    if (since >= this.head) return [];
    const first = this.tail[0]?.seq ?? this.head + 1;
    if (since < first - 1) return null;
    return this.tail.slice(since - first + 1);
  }
}
