import type { Entry, Story } from '@liveline/contracts';
import { EMBARGO, MARKER, type Ledger } from './ledger';
import type { Rng } from './rng';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Known {
  id: string;
  marker: string;
  public: boolean;
  /** One writer at a time per entry, so what an answer says about its text is certain. */
  busy?: boolean;
}

export type WriteOp = 'create' | 'correct' | 'delete' | 'pin' | 'unpublish' | 'republish' | 'title' | 'draft';

/** Story-wide state the writers of one story share: its entries and whether it is a draft now. */
export class StoryDesk {
  readonly known: Known[] = [];
  draft = false;
  constructor(readonly story: Story) {}
}

/**
 * One editor writing to one story through whichever process is up: creates, corrections,
 * deletions, pins, unpublish/republish, title changes and (for the desk's first writer)
 * draft/live flips. Only answers it got count; an answer lost to a fault makes the entry
 * unknown (it is dropped from what this writer touches), never a guess.
 */
export class ChaosWriter {
  readonly ops = new Map<string, number>();
  /** Answers other than success, by status (0: no answer), for the summary. */
  readonly failures = new Map<number, number>();
  private running = false;
  private loop?: Promise<void>;

  constructor(
    private readonly desk: StoryDesk,
    private readonly token: string,
    private readonly bases: () => string[],
    private readonly rng: Rng,
    private readonly ledger: Ledger,
    private readonly flipsDraft: boolean,
  ) {}

  private marker(): string {
    return `mk${this.rng.token()}x`;
  }

  private async call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: any }> {
    const list = this.bases();
    const base = list[Math.floor(Math.random() * list.length)];
    try {
      const r = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await r.text();
      if (r.status >= 300) this.failures.set(r.status, (this.failures.get(r.status) ?? 0) + 1);
      return { status: r.status, body: text && r.status < 300 ? JSON.parse(text) : undefined };
    } catch {
      this.failures.set(0, (this.failures.get(0) ?? 0) + 1);
      return { status: 0, body: undefined };
    }
  }

  start(): void {
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        const op = this.rng.weighted<WriteOp>({
          create: 40,
          correct: 18,
          delete: 6,
          pin: 6,
          unpublish: 6,
          republish: 6,
          title: 4,
          draft: this.flipsDraft ? 3 : 0,
        });
        const done = await this.run(op).finally(() => this.release());
        if (done) this.ops.set(op, (this.ops.get(op) ?? 0) + 1);
        await sleep(this.rng.int(5, 60));
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private held?: Known;

  private pick(pub: boolean): Known | undefined {
    const candidates = this.desk.known.filter((k) => k.public === pub && !k.busy);
    if (!candidates.length) return undefined;
    const k = this.rng.pick(candidates);
    k.busy = true;
    this.held = k;
    return k;
  }

  private release() {
    if (this.held) this.held.busy = false;
    this.held = undefined;
  }

  private forget(k: Known) {
    const i = this.desk.known.indexOf(k);
    if (i >= 0) this.desk.known.splice(i, 1);
  }

  private entryPath(id = ''): string {
    return `/api/stories/${this.desk.story.id}/entries${id ? `/${id}` : ''}`;
  }

  private async run(op: WriteOp): Promise<boolean> {
    switch (op) {
      case 'create': {
        const marker = this.marker();
        const key = `chaos-${marker}`;
        // Retried with the same Idempotency-Key: the entry lands once whatever fails in between.
        for (let attempt = 0; attempt < 8; attempt++) {
          const r = await this.call(
            'POST',
            this.entryPath(),
            { headline: `h ${marker}`, body: `<p>${marker} تحديث</p>` },
            { 'idempotency-key': key },
          );
          if (r.status === 201) {
            this.desk.known.push({ id: (r.body as Entry).id, marker, public: true });
            return true;
          }
          if (r.status >= 400 && r.status < 500 && r.status !== 429) return false;
          await sleep(300);
        }
        return false;
      }
      case 'correct':
      case 'pin':
      case 'unpublish': {
        const k = this.pick(true);
        if (!k) return false;
        const marker = this.marker();
        const patches = {
          correct: { headline: `h ${marker}`, body: `<p>${marker} corrected</p>` },
          pin: { pinned: true },
          unpublish: { status: 'draft' },
        };
        const patch = op === 'correct' || op === 'pin' ? patches[op] : patches.unpublish;
        const r = await this.call('PATCH', this.entryPath(k.id), patch);
        if (r.status !== 200) {
          this.forget(k);
          return false;
        }
        if (op === 'correct') {
          this.ledger.supersede(k.marker);
          k.marker = marker;
        } else if (op === 'unpublish') {
          this.ledger.supersede(k.marker);
          k.public = false;
        }
        return true;
      }
      case 'republish': {
        const k = this.pick(false);
        if (!k) return false;
        const marker = this.marker();
        // A new text with it: the withdrawn one stays withdrawn for good.
        const r = await this.call('PATCH', this.entryPath(k.id), {
          status: 'published',
          headline: `h ${marker}`,
          body: `<p>${marker} again</p>`,
        });
        if (r.status !== 200) {
          this.forget(k);
          return false;
        }
        k.marker = marker;
        k.public = true;
        return true;
      }
      case 'delete': {
        const k = this.pick(true) ?? this.pick(false);
        if (!k) return false;
        const r = await this.call('DELETE', this.entryPath(k.id));
        this.forget(k);
        if (r.status !== 204) return false;
        this.ledger.supersede(k.marker);
        return true;
      }
      case 'title': {
        if (this.desk.draft) return false;
        const r = await this.call('PATCH', `/api/stories/${this.desk.story.id}`, { title: `Title ${this.marker()}` });
        return r.status === 200;
      }
      case 'draft': {
        if (this.desk.draft) return false;
        this.desk.draft = true;
        const embargoed = `${EMBARGO} ${this.marker()}`;
        const down = await this.call('PATCH', `/api/stories/${this.desk.story.id}`, {
          status: 'draft',
          title: embargoed,
        });
        if (down.status === 200) {
          // Entries keep coming meanwhile (the other writers): none may reach a reader yet.
          await sleep(this.rng.int(300, 2000));
        }
        // Back to live whatever happened, with a public title: retried until it holds.
        for (;;) {
          const up = await this.call('PATCH', `/api/stories/${this.desk.story.id}`, {
            status: 'live',
            title: `Title ${this.marker()}`,
          });
          if (up.status === 200) break;
          await sleep(300);
        }
        this.desk.draft = false;
        return down.status === 200;
      }
    }
  }
}

export { MARKER };
