import type { EventPage, TimelineEvent } from '@liveline/contracts';

export interface FollowerSink {
  apply(event: TimelineEvent): void;
  /** The log cannot replay what was missed: reload the first page and return its seq. */
  resync(): Promise<number>;
}

/**
 * Hands a story's events to one view exactly once and in seq order, whatever the socket
 * delivers: replays and duplicates are dropped, and a gap is filled from the events API
 * before anything after it is applied.
 */
export class StoryFollower {
  private pending: TimelineEvent[] = [];
  /** The highest seq known to exist (from acks and pushes). */
  private target = 0;
  private mustResync = false;
  private draining = false;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(
    /** The last seq the view reflects. */
    public seq: number,
    private readonly fetchSince: (since: number) => Promise<EventPage>,
    private readonly sink: FollowerSink,
    private readonly retryMs = 2000,
  ) {}

  receive(events: readonly TimelineEvent[]): void {
    if (this.stopped) return;
    for (const e of events) if (e.seq > this.seq) this.pending.push(e);
    void this.drain();
  }

  /** The server says the story is at `seq`: fetch whatever this view has not seen yet. */
  catchUpTo(seq: number): void {
    if (this.stopped) return;
    this.target = Math.max(this.target, seq);
    void this.drain();
  }

  resyncNow(): void {
    if (this.stopped) return;
    this.mustResync = true;
    void this.drain();
  }

  stop(): void {
    this.stopped = true;
    this.pending = [];
    if (this.retry) clearTimeout(this.retry);
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    let resyncs = 0;
    try {
      for (;;) {
        if (this.stopped) return;
        if (this.mustResync) {
          // A page that comes back no newer each time (a stale cache) must not spin.
          if (++resyncs > 2) throw new Error('resync made no progress');
          this.mustResync = false;
          this.seq = await this.sink.resync();
          this.target = Math.max(this.target, this.seq);
          continue;
        }
        this.pending = this.pending.filter((e) => e.seq > this.seq).sort((a, b) => a.seq - b.seq);
        const next = this.pending[0];
        if (next?.seq === this.seq + 1) {
          this.pending.shift();
          this.seq = next.seq;
          this.applySafely(next);
          continue;
        }
        if (!next && this.target <= this.seq) return;
        await this.fillGap();
      }
    } catch {
      // Network trouble: try again later; the events API remembers what we missed.
      if (!this.stopped) this.retry = setTimeout(() => void this.drain(), this.retryMs);
    } finally {
      this.draining = false;
    }
  }

  private async fillGap(): Promise<void> {
    const page = await this.fetchSince(this.seq);
    if (this.stopped) return;
    if (page.resync) {
      this.mustResync = true;
      return;
    }
    const fresh = page.events.filter((e) => e.seq > this.seq);
    if (fresh.length && fresh[0].seq === this.seq + 1) {
      this.pending.push(...fresh);
      return;
    }
    // The log has nothing right after our seq: if more is known to exist, only a fresh page
    // brings the view back in step; otherwise we were already current.
    if (this.pending.length || Math.max(this.target, page.seq) > this.seq) this.mustResync = true;
    else this.target = this.seq;
  }

  private applySafely(event: TimelineEvent): void {
    try {
      this.sink.apply(event);
    } catch (err) {
      // One bad render must not stop the stream for the rest of the story.
      console.error('liveline: could not apply event', event.seq, err);
    }
  }
}
