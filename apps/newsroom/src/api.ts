import type {
  EmbedPreview,
  Entry,
  EntryPage,
  EntryRevision,
  EntryStatus,
  ErrorBody,
  LoginResult,
  Role,
  Story,
  StoryList,
  StoryStatus,
  User,
} from '@liveline/contracts';

const TOKEN_KEY = 'liveline.newsroom.token';
// A request that hangs this long on a bad connection is treated as lost (and retried when safe).
const TIMEOUT_MS = 15_000;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
  ) {
    super(Array.isArray(body?.message) ? body!.message.join('; ') : (body?.message ?? `HTTP ${status}`));
  }
  get code(): string | undefined {
    return this.body?.code;
  }
}

/** The request never got an answer: it may or may not have reached the server. */
export class NetworkError extends Error {}

const USER_KEY = 'liveline.newsroom.user';

function cachedUser(): User | null {
  try {
    return JSON.parse(sessionStorage.getItem(USER_KEY) ?? 'null') as User | null;
  } catch {
    return null;
  }
}

// Kept in sessionStorage: it survives reloads of the tab but not the closing of the browser.
export const session = {
  token: sessionStorage.getItem(TOKEN_KEY),
  user: sessionStorage.getItem(TOKEN_KEY) ? cachedUser() : null,
  set(token: string, user: User) {
    this.token = token;
    this.user = user;
    sessionStorage.setItem(TOKEN_KEY, token);
    sessionStorage.setItem(USER_KEY, JSON.stringify(user));
  },
  clear() {
    this.token = null;
    this.user = null;
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(USER_KEY);
  },
};

/** Fired when the server stops accepting our token (signed out elsewhere, disabled, expired). */
export const SESSION_ENDED = 'liveline:session-ended';

interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (session.token) headers.authorization = `Bearer ${session.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: abort.signal,
      credentials: 'same-origin',
    });
  } catch (err) {
    throw new NetworkError(String(err));
  } finally {
    clearTimeout(timer);
  }
  if (res.status === 204) return undefined as T;
  let body: unknown;
  const text = await res.text().catch(() => '');
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) {
    if (res.status === 401 && session.token && !path.startsWith('/api/auth/login')) {
      session.clear();
      window.dispatchEvent(new Event(SESSION_ENDED));
    }
    throw new ApiError(res.status, (body as ErrorBody) ?? null);
  }
  return body as T;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retries only what is safe to repeat: lost requests and gateway errors, with the same idempotency key. */
async function withRetries<T>(send: () => Promise<T>, onRetry?: (attempt: number) => void): Promise<T> {
  const delays = [600, 1500, 3500];
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      const transient =
        err instanceof NetworkError || (err instanceof ApiError && [502, 503, 504].includes(err.status));
      if (!transient || attempt >= delays.length) throw err;
      onRetry?.(attempt + 1);
      await sleep(delays[attempt]);
    }
  }
}

/** An RFC 4122 v4 id; crypto.randomUUID only exists in secure contexts, getRandomValues everywhere. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const enc = encodeURIComponent;

export interface AuditItem {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  targetType: 'entry' | 'story' | 'user';
  targetId: string;
  details: Record<string, unknown>;
}

export interface StoryInput {
  title?: string;
  slug?: string;
  summary?: string;
  language?: string;
  timeZone?: string;
  status?: StoryStatus;
  /** Media id of the cover image; null removes it. */
  coverImage?: string | null;
}

export interface EntryInput {
  headline?: string;
  body?: string;
  occurredAt?: string | null;
  keyEvent?: boolean;
  pinned?: boolean;
  status?: EntryStatus;
  scheduledAt?: string | null;
}

export const api = {
  login: (email: string, password: string) =>
    request<LoginResult>('POST', '/api/auth/login', { body: { email, password } }),
  logout: () => request<void>('POST', '/api/auth/logout'),
  me: () => request<User>('GET', '/api/auth/me'),

  stories: () => request<StoryList>('GET', '/api/stories'),
  story: (ref: string) => request<Story>('GET', `/api/stories/${enc(ref)}`),
  createStory: (input: StoryInput) => request<Story>('POST', '/api/stories', { body: input }),
  updateStory: (ref: string, patch: StoryInput) => request<Story>('PATCH', `/api/stories/${enc(ref)}`, { body: patch }),
  presence: (ref: string) => request<{ readers: number }>('GET', `/api/stories/${enc(ref)}/presence`),

  entries: (ref: string, status: EntryStatus, before?: string | null) => {
    const q = new URLSearchParams({ status, limit: '50' });
    if (before) q.set('before', before);
    return request<EntryPage>('GET', `/api/stories/${enc(ref)}/entries?${q}`);
  },
  entry: (ref: string, id: string) => request<Entry>('GET', `/api/stories/${enc(ref)}/entries/${enc(id)}`),
  revisions: (ref: string, id: string) =>
    request<{ items: EntryRevision[] }>('GET', `/api/stories/${enc(ref)}/entries/${enc(id)}/revisions`),
  /** Safe to retry: the same key makes the server return the first entry instead of a second one. */
  createEntry: (ref: string, input: EntryInput, idempotencyKey: string, onRetry?: (attempt: number) => void) =>
    withRetries(
      () =>
        request<Entry>('POST', `/api/stories/${enc(ref)}/entries`, {
          body: input,
          headers: { 'idempotency-key': idempotencyKey },
        }),
      onRetry,
    ),
  /** If-Match makes a repeat after a lost answer fail with 412 rather than apply twice. */
  updateEntry: (ref: string, id: string, version: number, patch: EntryInput) =>
    request<Entry>('PATCH', `/api/stories/${enc(ref)}/entries/${enc(id)}`, {
      body: patch,
      headers: { 'if-match': `"${version}"` },
    }),
  /** With If-Match, deleting an entry someone has just corrected stops with a 412 instead. */
  deleteEntry: (ref: string, id: string, version: number) =>
    request<void>('DELETE', `/api/stories/${enc(ref)}/entries/${enc(id)}`, { headers: { 'if-match': `"${version}"` } }),

  embedPreview: (url: string) => request<EmbedPreview>('GET', `/api/embeds/preview?url=${enc(url)}`),

  users: () => request<{ items: User[] } | User[]>('GET', '/api/users'),
  createUser: (input: { email: string; name: string; password: string; role: Role }) =>
    request<User>('POST', '/api/users', { body: input }),
  /** Contract v1.1: 204; ends the user's other sessions; a wrong `current` is 403. */
  changePassword: (current: string, next: string) =>
    request<void>('POST', '/api/auth/password', { body: { current, next } }),
  audit: (q: { storyId?: string; actorId?: string; before?: string; limit?: number }) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
    return request<{ items: AuditItem[] }>('GET', `/api/audit?${params}`);
  },
  updateUser: (id: string, patch: { role?: Role; disabled?: boolean; password?: string }) =>
    request<User>('PATCH', `/api/users/${enc(id)}`, { body: patch }),
};

/** A sentence for the user about a failed call. */
export function describeError(err: unknown, t: (key: any, vars?: Record<string, string>) => string): string {
  if (err instanceof NetworkError) return t('err.network');
  if (err instanceof ApiError) {
    if (err.status === 403) return t('err.forbidden');
    if (err.status === 404) return t('err.notFound');
    if (err.status === 413) return t('err.tooLarge');
    if (err.status === 429) return t('err.rateLimited');
    return t('err.generic', { message: err.message });
  }
  return t('err.generic', { message: String((err as Error)?.message ?? err) });
}
