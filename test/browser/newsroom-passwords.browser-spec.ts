import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { NewsroomHarness } from '../support/newsroom';
import { ADMIN, startServer, type RunningServer } from '../support/server';

// The newsroom's password screens on the contract's password API: one's own change (which ends
// one's other sessions) and an admin's reset of someone else's.
let server: RunningServer;
let browser: Browser;
let nr: NewsroomHarness;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  nr = await new NewsroomHarness(server, browser).init();
}, 120_000);

afterEach(async () => expect(await nr.closeAll()).toEqual([]));

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const signIn = (email: string, password: string) =>
  fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });

describe('password screens', () => {
  it('changes one’s own password on My account, refusing a wrong current one, and ends the other sessions', async () => {
    const me = await nr.makeUser('editor', 'Olena Editor');
    const other = (await (await signIn(me.email, me.password)).json()) as { token: string };
    const page = await nr.open(me, '');
    await page.getByRole('link', { name: 'My account' }).click();
    await page.getByLabel('Current password').fill('not-my-password');
    await page.getByLabel('New password', { exact: true }).fill('a-new-long-password');
    await page.getByLabel('New password again').fill('a-new-long-password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('alert').filter({ hasText: 'The current password is wrong.' }).waitFor();

    await page.getByLabel('Current password').fill(me.password);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.locator('#toast').filter({ hasText: 'Password changed.' }).waitFor();
    const stale = await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${other.token}` } });
    expect(stale.status).toBe(401);
    expect((await signIn(me.email, 'a-new-long-password')).status).toBe(200);
    expect((await signIn(me.email, me.password)).status).toBe(401);
    // This session goes on.
    await page.getByRole('link', { name: 'Stories' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  }, 120_000);

  it('lets an admin reset someone’s password from the users screen', async () => {
    const someone = await nr.makeUser('contributor', 'Forgetful Reporter');
    const page = await nr.open(ADMIN, '/users');
    await page.getByRole('button', { name: 'Reset the password of Forgetful Reporter' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('New password').fill('short');
    await dialog.getByRole('button', { name: 'Reset password' }).click();
    await dialog.getByText('The new password needs at least 8 characters.').waitFor();
    await dialog.getByLabel('New password').fill('reset-by-the-desk');
    await dialog.getByRole('button', { name: 'Reset password' }).click();
    await page.locator('#toast').filter({ hasText: 'Password of Forgetful Reporter reset.' }).waitFor();
    expect((await signIn(someone.email, 'reset-by-the-desk')).status).toBe(200);
    expect((await signIn(someone.email, someone.password)).status).toBe(401);
  }, 120_000);
});
