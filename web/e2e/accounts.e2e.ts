import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { closeBrowser, open, person, shot, signIn, unique } from './browser';

afterAll(closeBrowser);

/** Records in every store of the client's IndexedDB (token, chats, messages, outbox, drafts...). */
export function storedRecords(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open('confab');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    let n = 0;
    for (const name of Array.from(db.objectStoreNames)) {
      n += await new Promise<number>((ok) => {
        const r = db.transaction(name).objectStore(name).count();
        r.onsuccess = () => ok(r.result);
      });
    }
    db.close();
    return n;
  });
}

describe('1. accounts and sessions', () => {
  it('signs up, signs out, signs in, lists sessions and revokes another device', async () => {
    const { page, context, errors } = await open();
    await page.goto('/');
    await shot(page, 'sign-in-light');
    await page.getByRole('tab', { name: 'Create account' }).click();
    const username = unique('newbie');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Display name').fill('New Person');
    await page.getByLabel('Password').fill('secret-password');
    await page.getByRole('button', { name: 'Create account', exact: true }).click();
    await page.getByRole('heading', { name: 'Chats' }).waitFor();
    await page.getByText('No chats yet').waitFor();

    // sign out: back to the sign-in screen, the device's database deleted
    await page.getByRole('link', { name: 'Profile and settings' }).click();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    expect(await storedRecords(page)).toBe(0);

    // sign in again; a second device exists: revoke it from the sessions list
    const p = { username, password: 'secret-password', displayName: 'New Person', id: 0, api: null as never };
    await signIn(page, p);
    const other = await open();
    await signIn(other.page, p);
    await page.getByRole('link', { name: 'Profile and settings' }).click();
    const rows = page.locator('.sessions li');
    await expect.poll(() => rows.count()).toBe(2);
    await page.locator('.sessions li', { hasNot: page.getByText('This device') }).getByRole('button', { name: 'Sign out device' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    // the revoked device is thrown out to the sign-in screen
    await other.page.getByRole('button', { name: 'Sign in', exact: true }).waitFor({ timeout: 20_000 });
    expect(errors).toEqual([]);
    await context.close();
    await other.context.close();
  });

  it('a wrong password is refused with a message', async () => {
    const p = await person('Wrong');
    const { page, context } = await open();
    await page.goto('/');
    await page.getByLabel('Username').fill(p.username);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/password/i);
    await context.close();
  });
});
