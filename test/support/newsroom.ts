import type { Role, Story } from '@liveline/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { login, type RunningServer } from './server';

// Shared by the newsroom browser specs: API calls as the admin, users, stories, a signed-in page.
export class NewsroomHarness {
  adminToken = '';
  readonly contexts: BrowserContext[] = [];
  cspViolations: string[] = [];
  private users = 0;
  private stories = 0;

  constructor(
    readonly server: RunningServer,
    readonly browser: Browser,
  ) {}

  async init(): Promise<this> {
    this.adminToken = await login(this.server.url);
    return this;
  }

  async call<T>(method: string, path: string, body?: unknown, token: string | null = this.adminToken): Promise<T> {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const r = await fetch(this.server.url + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async makeUser(role: Role, name: string): Promise<{ id: string; email: string; password: string }> {
    const n = ++this.users;
    const creds = { email: `${role}${n}-${Date.now()}@liveline.test`, password: `${role}-password-${n}` };
    const user = await this.call<{ id: string }>('POST', '/api/users', { ...creds, name, role });
    return { id: user.id, ...creds };
  }

  makeStory(over: Partial<Story> = {}): Promise<Story> {
    const n = ++this.stories;
    return this.call<Story>('POST', '/api/stories', {
      title: `Harbour storm ${n}`,
      slug: `nr-${n}-${Date.now()}`,
      language: 'en',
      status: 'live',
      ...over,
    });
  }

  async open(
    creds: { email: string; password: string },
    path = '',
    opts: { width?: number; height?: number; locale?: string; timezoneId?: string; touch?: boolean } = {},
  ): Promise<Page> {
    const context = await this.browser.newContext({
      locale: opts.locale ?? 'en-US',
      timezoneId: opts.timezoneId,
      viewport: { width: opts.width ?? 1400, height: opts.height ?? 1000 },
      hasTouch: opts.touch,
      isMobile: opts.touch,
    });
    this.contexts.push(context);
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' && m.text().includes('Content Security Policy')) this.cspViolations.push(m.text());
    });
    await page.goto(`${this.server.url}/newsroom${path}`);
    await page.getByLabel('Email').fill(creds.email);
    await page.getByLabel('Password', { exact: true }).fill(creds.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    return page;
  }

  /** Closes the pages of one test and returns the CSP violations they saw. */
  async closeAll(): Promise<string[]> {
    await Promise.all(this.contexts.splice(0).map((c) => c.close()));
    const seen = this.cspViolations;
    this.cspViolations = [];
    return seen;
  }
}

/** The composer's body: a contenteditable region labelled "Text". */
export const bodyOf = (page: Page) => page.getByRole('textbox', { name: 'Text', exact: true });
