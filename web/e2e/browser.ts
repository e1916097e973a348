import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { Api } from '../src/protocol/api';

export const BASE = process.env.CONFAB_URL!;
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SHOTS = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');

let browser: Browser | null = null;

/** One Chromium per test file, Debian's, never a downloaded one. */
export async function launch(): Promise<Browser> {
  if (!browser) {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
      // playwright gives every launch a fresh temporary user-data-dir and every context its own storage
    });
  }
  return browser;
}

export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = null;
}

export interface Person {
  username: string;
  password: string;
  displayName: string;
  id: number;
  api: Api;
}

let n = 0;
export function unique(prefix: string): string {
  return `${prefix}${Date.now().toString(36).slice(-5)}${(n++).toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`.toLowerCase();
}

/** Creates an account over REST (fast); the browser signs in as it. */
export async function person(displayName: string): Promise<Person> {
  const username = unique(displayName.toLowerCase().replace(/[^a-z]/g, '').slice(0, 8) || 'user');
  const password = 'password-' + username;
  const api = new Api(BASE);
  const s = await api.signup(username, password, 'e2e-setup', displayName);
  api.token = s.token;
  return { username, password, displayName, id: s.user.id, api };
}

export interface Opened {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/** A new browser profile (its own IndexedDB) with a page; console errors and CSP violations are collected. */
export async function open(opts: { width?: number; height?: number; dark?: boolean } = {}): Promise<Opened> {
  const b = await launch();
  const context = await b.newContext({
    viewport: { width: opts.width ?? 1200, height: opts.height ?? 800 },
    colorScheme: opts.dark ? 'dark' : 'light',
    baseURL: BASE,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused/.test(m.text())) errors.push(m.text());
  });
  return { context, page, errors };
}

/** Signs in through the sign-in screen and waits for the chat list. */
export async function signIn(page: Page, p: Person, path = '/'): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Username').fill(p.username);
  await page.getByLabel('Password').fill(p.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'Chats' }).waitFor();
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** Polls a condition in Node (for server-side checks). */
export async function until(what: string, cond: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out waiting for ' + what);
}
