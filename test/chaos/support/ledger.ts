import type { Entry, TimelineEvent } from '@liveline/contracts';

/** Every text a writer puts into an entry carries a unique marker, so a reader's record can be searched for it. */
export const MARKER = /mk[0-9a-z]{7}x/g;
export const EMBARGO = 'EMBARGO';

/**
 * What the writers know for certain (from answers they got): which markers were superseded
 * (corrected away, deleted, unpublished) and when. A replay requested after that moment must
 * not carry them. Plus the violations every reader and check found.
 */
export class Ledger {
  private readonly supersededAt = new Map<string, number>();
  readonly violations: string[] = [];
  violationCount = 0;
  events = 0;

  supersede(marker: string | undefined): void {
    if (marker && !this.supersededAt.has(marker)) this.supersededAt.set(marker, Date.now());
  }

  /** Markers of `text` superseded before `asOf`. */
  supersededIn(text: string, asOf: number): string[] {
    return [...new Set(text.match(MARKER) ?? [])].filter((m) => (this.supersededAt.get(m) ?? Infinity) < asOf);
  }

  everSuperseded(text: string): string[] {
    return [...new Set(text.match(MARKER) ?? [])].filter((m) => this.supersededAt.has(m));
  }

  violation(what: string): void {
    this.violationCount++;
    if (this.violations.length < 200) this.violations.push(what);
  }
}

/** The timeline a reader shows, built from a page and the events after it. */
export interface Shown {
  entries: Map<string, Entry>;
  title?: string;
}

export function apply(shown: Shown, e: TimelineEvent): void {
  if ((e.type === 'entry.published' || e.type === 'entry.updated') && e.entry) shown.entries.set(e.entry.id, e.entry);
  else if (e.type === 'entry.deleted' && e.entryId) shown.entries.delete(e.entryId);
  else if (e.type === 'story.updated' && e.story) shown.title = e.story.title;
}

/** How `shown` differs from `truth` (ids and content), or nothing. */
export function differences(shown: Shown, truth: Entry[]): string[] {
  const out: string[] = [];
  const want = new Map(truth.map((e) => [e.id, e]));
  for (const [id, e] of want) {
    const got = shown.entries.get(id);
    if (!got) out.push(`missing entry ${id} (${e.body.match(MARKER)?.[0]})`);
    else if (got.body !== e.body || got.headline !== e.headline)
      out.push(`entry ${id} shows ${got.body.match(MARKER)?.[0]}, now ${e.body.match(MARKER)?.[0]}`);
  }
  for (const id of shown.entries.keys())
    if (!want.has(id))
      out.push(`shows entry ${id} that is not public (${shown.entries.get(id)!.body.match(MARKER)?.[0]})`);
  return out;
}
