import type { Entry, Story, TimelineEvent, SubscribeAck, User } from '@liveline/contracts';
import { io, type Socket } from 'socket.io-client';

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A small JSON client for one server. */
export function client(base: string, token?: string) {
  const call = async <T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> => {
    const h: Record<string, string> = { ...headers };
    if (token) h.authorization = `Bearer ${token}`;
    if (body !== undefined) h['content-type'] = 'application/json';
    const encoded = typeof body === 'string' ? body : JSON.stringify(body);
    const r = await fetch(base + path, { method, headers: h, body: body === undefined ? undefined : encoded });
    const text = await r.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: r.status, body: parsed as T, headers: r.headers };
  };
  return {
    base,
    token,
    get: <T = any>(path: string, headers?: Record<string, string>) => call<T>('GET', path, undefined, headers),
    post: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) =>
      call<T>('POST', path, body, headers),
    patch: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) =>
      call<T>('PATCH', path, body, headers),
    del: <T = any>(path: string, headers?: Record<string, string>) => call<T>('DELETE', path, undefined, headers),
    as: (t: string) => client(base, t),
  };
}
export type Client = ReturnType<typeof client>;

let counter = 0;
const unique = () => `${Date.now().toString(36)}-${(counter++).toString(36)}`;

export async function makeStory(
  api: Client,
  over: Partial<{ title: string; slug: string; summary: string; language: string; status: string }> = {},
): Promise<Story> {
  const r = await api.post<Story>('/api/stories', {
    title: 'قصة اختبار',
    slug: `t-${unique()}`,
    language: 'ar',
    status: 'live',
    ...over,
  });
  if (r.status !== 201) throw new Error(`makeStory: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function makeEntry(
  api: Client,
  story: string,
  over: Record<string, unknown> = {},
  headers?: Record<string, string>,
): Promise<Entry> {
  const r = await api.post<Entry>(
    `/api/stories/${story}/entries`,
    { body: `<p>تحديث ${unique()}</p>`, ...over },
    headers,
  );
  if (r.status !== 201) throw new Error(`makeEntry: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function makeUser(
  admin: Client,
  role: 'admin' | 'editor' | 'contributor',
  over: Partial<{ email: string; name: string; password: string }> = {},
): Promise<{ user: User; token: string; api: Client }> {
  const creds = {
    email: `${role}-${unique()}@liveline.test`,
    name: `${role} ${unique()}`,
    password: 'correct-horse-battery',
    ...over,
  };
  const r = await admin.post<User>('/api/users', { ...creds, role });
  if (r.status !== 201) throw new Error(`makeUser: ${r.status} ${JSON.stringify(r.body)}`);
  const login = await client(admin.base).post<{ token: string }>('/api/auth/login', {
    email: creds.email,
    password: creds.password,
  });
  return { user: r.body, token: login.body.token, api: admin.as(login.body.token) };
}

/** A live reader: collects every pushed event of its subscriptions. */
export class Reader {
  readonly socket: Socket;
  readonly events: TimelineEvent[] = [];

  constructor(base: string, opts: { transports?: string[] } = {}) {
    this.socket = io(`${base}/live`, {
      transports: (opts.transports ?? ['websocket']) as never,
      forceNew: true,
      reconnection: false,
    });
    this.socket.on('event', (e: TimelineEvent) => this.events.push(e));
  }

  connected(): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', reject);
    });
  }

  async subscribe(story: unknown, since?: number): Promise<SubscribeAck> {
    await this.connected();
    let payload = story;
    if (typeof story === 'string') payload = since === undefined ? { story } : { story, since };
    return this.socket.timeout(5000).emitWithAck('subscribe', payload);
  }

  async emitRaw(event: string, payload: unknown): Promise<unknown> {
    await this.connected();
    return this.socket.timeout(5000).emitWithAck(event, payload);
  }

  seqs(storyId?: string): number[] {
    return this.events.filter((e) => !storyId || e.storyId === storyId).map((e) => e.seq);
  }

  /** Waits until this reader has seen `seq` for the story. */
  async until(storyId: string, seq: number, ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!this.events.some((e) => e.storyId === storyId && e.seq >= seq)) {
      if (Date.now() > deadline) throw new Error(`reader saw ${JSON.stringify(this.seqs(storyId))}, waited for ${seq}`);
      await sleep(10);
    }
  }

  close(): void {
    this.socket.close();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

export async function eventually(
  check: () => Promise<boolean> | boolean,
  ms = 10_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}
