import type { EntryPage, EventPage, Story } from '@liveline/contracts';

export class ReadApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

// The public read API, called from any origin: no cookies, so the server's open CORS suffices.
export class ReadApi {
  constructor(readonly base: string) {}

  story(ref: string): Promise<Story> {
    return this.get(`/api/stories/${encodeURIComponent(ref)}`);
  }

  entries(ref: string, q: { limit?: number; before?: string | null } = {}): Promise<EntryPage> {
    const params = new URLSearchParams();
    if (q.limit) params.set('limit', String(q.limit));
    if (q.before) params.set('before', q.before);
    const query = params.toString();
    return this.get(`/api/stories/${encodeURIComponent(ref)}/entries${query ? `?${query}` : ''}`);
  }

  events(ref: string, since: number): Promise<EventPage> {
    return this.get(`/api/stories/${encodeURIComponent(ref)}/events?since=${since}`);
  }

  private async get<T>(path: string): Promise<T> {
    const res = await fetch(this.base + path, { credentials: 'omit', headers: { accept: 'application/json' } });
    if (!res.ok) throw new ReadApiError(res.status, `${res.status} ${path}`);
    return (await res.json()) as T;
  }
}
