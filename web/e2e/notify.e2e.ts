import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page, WebSocket, Worker } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { notificationSettings } from '../src/protocol';
import { BASE, closeBrowser, open, person, shot, signIn, until } from './browser';

afterAll(closeBrowser);

async function axe(page: Page, screen: string): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${screen}: ${v.id} (${v.nodes.length}) ${v.nodes[0]?.target}`);
}

type Shown = { title: string; body: string; tag: string; roomId?: number };
/**
 * What the worker shows now, read through sw.js's own queue: Chromium drops a notification from
 * getNotifications() when the list is read while it is being shown, so a test polling the list
 * from the page would make the very notifications it looks for disappear.
 */
const shown = (worker: Worker) => worker.evaluate(async () => {
  const list = await (self as unknown as { listShown: () => Promise<Notification[]> }).listShown();
  return list.map((n) => ({ title: n.title, body: n.body, tag: n.tag, roomId: (n.data as { roomId?: number } | null)?.roomId }));
}) as Promise<Shown[]>;

async function workerOf(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers().find((w) => w.url() === `${BASE}/sw.js`) ?? (await context.waitForEvent('serviceworker'));
}

/**
 * Delivers pushes to this page's service worker registration through the DevTools protocol
 * (headless Chromium refuses a real push subscription); they go through sw.js's push handler.
 */
async function pusher(context: BrowserContext, page: Page): Promise<(data: object) => Promise<unknown>> {
  const cdp = await context.newCDPSession(page);
  const regs: { registrationId: string; scopeURL: string; isDeleted?: boolean }[] = [];
  cdp.on('ServiceWorker.workerRegistrationUpdated', (e: { registrations: typeof regs }) => regs.push(...e.registrations));
  await cdp.send('ServiceWorker.enable');
  // the browser is shared by this file's tests, so earlier contexts' registrations of the same scope
  // are reported too: this page's is the newest one that is not deleted
  const live = () => {
    const latest = new Map(regs.map((r) => [r.registrationId, r]));
    return [...latest.values()].filter((r) => r.scopeURL === `${BASE}/` && !r.isDeleted).sort((a, b) => Number(b.registrationId) - Number(a.registrationId));
  };
  await until('service worker registration', () => live().length > 0);
  const registrationId = live()[0].registrationId;
  // a push delivered while the worker is still installing is dropped: wait until it is active
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  return (data: object) => cdp.send('ServiceWorker.deliverPushMessage', { origin: BASE, registrationId, data: JSON.stringify(data) });
}

/**
 * Clicks the one notification the worker shows, as far as a test can: no browser lets a test click
 * a notification and the DevTools protocol has no command for it (its ServiceWorker domain delivers
 * pushes and sync events only), so this runs sw.js's own click function, the one its
 * notificationclick listener calls, on the notification really shown. Outside a real click Chromium
 * refuses `clients.openWindow` ("Not allowed to open a window": only the click grants window
 * interaction), so the window the worker asks for is recorded and the test opens it.
 */
async function clickNotification(worker: Worker): Promise<{ did: string; openWindow: string[] }> {
  return worker.evaluate(async () => {
    const sw = self as unknown as {
      registration: ServiceWorkerRegistration;
      clients: { openWindow: (url: string) => Promise<unknown> };
      openFromNotification: (n: Notification) => Promise<string>;
    };
    const list = await sw.registration.getNotifications();
    if (list.length !== 1) throw new Error(`${list.length} notifications shown`);
    const openWindow: string[] = [];
    sw.clients.openWindow = async (url: string) => { openWindow.push(url); return null; };
    try {
      return { did: await sw.openFromNotification(list[0]), openWindow };
    } finally {
      delete (sw.clients as { openWindow?: unknown }).openWindow; // the prototype's again
    }
  });
}

describe('11. notifications and QR-code login', () => {
  it('notification settings and a room mute persist on the server; a muted room shows so in the chat list', async () => {
    const me = await person('Nora');
    const bob = await person('Bob');
    const room = await bob.api.createRoom({ name: 'Noisy room', memberIds: [me.id] });
    await bob.api.post(room.id, 'n1', 'first of many');
    const quiet = await bob.api.createRoom({ name: 'Calm room', memberIds: [me.id] });
    await bob.api.post(quiet.id, 'n2', 'hello');
    const { page, context, errors } = await open({ dark: true });
    await signIn(page, me);
    await page.goto('/settings');
    const card = page.getByRole('region', { name: 'Notifications' });
    await card.getByLabel('Notify me about').selectOption('mentions');
    await until('level saved', async () => (await notificationSettings(me.api)).level === 'mentions');
    await card.getByLabel(/Private previews/).check();
    await until('previews saved', async () => (await notificationSettings(me.api)).previews === false);
    await page.reload();
    await expect.poll(() => page.getByRole('region', { name: 'Notifications' }).getByLabel('Notify me about').inputValue()).toBe('mentions');
    expect(await page.getByLabel(/Private previews/).isChecked()).toBe(true);
    const problems = await axe(page, 'settings');
    await card.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await shot(page, 'notifications-settings-dark');

    await page.goto(`/room/${room.id}/info`);
    const roomCard = page.getByRole('region', { name: 'Notifications' });
    await roomCard.getByLabel('Mute').selectOption({ label: 'For 1 hour' });
    await until('mute saved', async () => {
      const r = (await notificationSettings(me.api)).rooms.find((x) => x.roomId === room.id);
      return !!r?.mutedUntil && Math.abs(Date.parse(r.mutedUntil) - Date.now() - 3600_000) < 120_000;
    });
    await roomCard.getByLabel('Notify me about').selectOption('all');
    await until('room level saved', async () => (await notificationSettings(me.api)).rooms.find((x) => x.roomId === room.id)?.level === 'all');
    expect((await notificationSettings(me.api)).rooms.find((x) => x.roomId === room.id)?.mutedUntil).toBeTruthy(); // the level kept the mute
    await roomCard.getByText(/Muted until/).waitFor();
    problems.push(...(await axe(page, 'room info notifications')));
    await shot(page, 'room-notifications-dark');

    const noisy = page.locator('a.chat', { hasText: 'Noisy room' });
    const calm = page.locator('a.chat', { hasText: 'Calm room' });
    await noisy.getByRole('img', { name: 'Muted' }).waitFor();
    expect(await calm.getByRole('img', { name: 'Muted' }).count()).toBe(0);
    expect(await noisy.locator('.badge').getAttribute('class')).toContain('quiet');
    expect(await calm.locator('.badge').getAttribute('class')).not.toContain('quiet');

    // "until I turn it back on", then unmute
    await roomCard.getByLabel('Mute').selectOption({ label: 'Until I turn it back on' });
    await roomCard.getByText('Muted until you turn it back on.').waitFor();
    await roomCard.getByRole('button', { name: 'Unmute' }).click();
    await until('unmuted', async () => !(await notificationSettings(me.api)).rooms.find((x) => x.roomId === room.id)?.mutedUntil);
    await expect.poll(() => noisy.getByRole('img', { name: 'Muted' }).count()).toBe(0);
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('offers notifications after a chat was opened, not on load; "Not now" is remembered on this device', async () => {
    const me = await person('Ben');
    const bob = await person('Bob');
    const room = await bob.api.createRoom({ name: 'Ask here', memberIds: [me.id] });
    await bob.api.post(room.id, 'a1', 'hi');
    const { page, context } = await open();
    await signIn(page, me);
    await page.locator('a.chat', { hasText: 'Ask here' }).waitFor();
    expect(await page.getByText('Get notified of new messages?').count()).toBe(0);
    await page.locator('a.chat', { hasText: 'Ask here' }).click();
    await page.getByRole('log').getByText('hi', { exact: true }).waitFor();
    const banner = page.getByRole('region', { name: 'Turn on notifications' });
    await banner.getByText('Get notified of new messages?').waitFor();
    expect(await axe(page, 'banner')).toEqual([]);
    await shot(page, 'notifications-banner-light');
    await banner.getByRole('button', { name: 'Not now' }).click();
    await expect.poll(() => page.getByText('Get notified of new messages?').count()).toBe(0);
    await page.reload();
    await page.locator('a.chat', { hasText: 'Ask here' }).waitFor();
    await page.waitForTimeout(300);
    expect(await page.getByText('Get notified of new messages?').count()).toBe(0);
    await context.close();
  });

  it('the service worker shows a pushed message (collapsed per room, private previews respected), a clear push closes it, and nothing shows while the room is on screen', async () => {
    const me = await person('Pia');
    const bob = await person('Bob');
    const room = await bob.api.createRoom({ name: 'Pushy', memberIds: [me.id] });
    const { page, context } = await open();
    await context.grantPermissions(['notifications'], { origin: BASE });
    await signIn(page, me);
    await page.goto('/settings');
    // the switch asks and subscribes; headless Chromium refuses a real push subscription, which the note says
    await page.getByRole('switch', { name: /Notifications on this device/ }).click();
    await page.getByText(/^Notifications are on/).waitFor();

    const push = await pusher(context, page);
    const worker = await workerOf(context);
    // messages this tab has not got (seq far past the room's head): the tab must leave their notifications alone
    const msg = { type: 'message', roomId: room.id, roomName: 'Pushy', direct: false, seq: 100, messageId: 1, senderId: bob.id, senderName: 'Bob', mention: false, count: 1, unread: 1, at: new Date().toISOString() };

    await push({ ...msg, preview: 'lunch at one?' });
    await expect.poll(() => shown(worker), { timeout: 10_000 }).toEqual([{ title: 'Bob in Pushy', body: 'lunch at one?', tag: `room-${room.id}`, roomId: room.id }]);
    await push({ ...msg, seq: 101, count: 2, preview: undefined }); // private previews: no text
    await expect.poll(async () => (await shown(worker)).map((n) => n.body), { timeout: 10_000 }).toEqual(['2 new messages']);
    await push({ type: 'clear', roomId: room.id, seq: 101, unread: 0 });
    await expect.poll(() => shown(worker), { timeout: 10_000 }).toEqual([]);

    // a window that shows the room (and has focus) gets no notification for it
    await page.goto(`/room/${room.id}`);
    await page.bringToFront();
    const focused = await page.evaluate(() => document.hasFocus());
    await push({ ...msg, seq: 102, preview: 'seen already' });
    await page.waitForTimeout(1000);
    if (focused) expect(await shown(worker)).toEqual([]);
    await page.goto('/settings');
    await push({ ...msg, seq: 103, preview: 'now elsewhere' });
    await expect.poll(async () => (await shown(worker)).map((n) => n.body), { timeout: 10_000 }).toEqual(['now elsewhere']);

    // a live message while the tab is elsewhere: the tab's own notification replaces the room's, and
    // reading the room on another device closes it
    const live = await bob.api.post(room.id, 'p1', 'straight to the tab');
    await expect.poll(() => shown(worker), { timeout: 10_000 }).toEqual([{ title: 'Bob in Pushy', body: 'straight to the tab', tag: `room-${room.id}`, roomId: room.id }]);
    await me.api.read(room.id, live.seq);
    await expect.poll(() => shown(worker), { timeout: 10_000 }).toEqual([]);
    await context.close();
  });

  it('clicking a notification opens its room: a window on another room switches to it without a reload and keeps its socket; with no window open a new one opens at the room', async () => {
    const me = await person('Cleo');
    const bob = await person('Bob');
    const elsewhere = await bob.api.createRoom({ name: 'Elsewhere', memberIds: [me.id] });
    const clicked = await bob.api.createRoom({ name: 'Clicked room', memberIds: [me.id] });
    const later = await bob.api.createRoom({ name: 'Later room', memberIds: [me.id] });
    const first = await bob.api.post(clicked.id, 'k1', 'open me from the notification');
    const { page, context, errors } = await open();
    await context.grantPermissions(['notifications'], { origin: BASE });
    const sockets: WebSocket[] = [];
    page.on('websocket', (ws) => sockets.push(ws));
    await signIn(page, me);
    await page.goto(`/room/${elsewhere.id}`);
    await page.getByRole('log', { name: 'Messages in Elsewhere' }).waitFor();
    const push = await pusher(context, page);
    const worker = await workerOf(context);
    const msg = (roomId: number, roomName: string, seq: number, preview: string) => ({
      type: 'message', roomId, roomName, direct: false, seq, messageId: seq, senderId: bob.id, senderName: 'Bob', preview, mention: false, count: 1, unread: 1, at: new Date().toISOString(),
    });
    // marks this document: a reload would lose it
    await page.evaluate(() => { (window as unknown as { notClicked: boolean }).notClicked = true; });
    const socketsBefore = sockets.length; // the navigation to the room loaded the page again
    expect(socketsBefore).toBeGreaterThan(0);
    const socket = sockets[socketsBefore - 1];

    await push(msg(clicked.id, 'Clicked room', first.seq, 'open me from the notification'));
    await expect.poll(() => shown(worker), { timeout: 10_000 }).toEqual([{ title: 'Bob in Clicked room', body: 'open me from the notification', tag: `room-${clicked.id}`, roomId: clicked.id }]);
    expect(await clickNotification(worker)).toEqual({ did: 'routed', openWindow: [] });
    await page.waitForURL(`${BASE}/room/${clicked.id}`);
    await page.getByRole('log', { name: 'Messages in Clicked room' }).getByText('open me from the notification').waitFor();
    expect(await page.evaluate(() => (window as unknown as { notClicked?: boolean }).notClicked)).toBe(true); // no reload
    expect(sockets.length).toBe(socketsBefore); // no new socket: the one from before is still open
    expect(socket.isClosed()).toBe(false);
    expect(await page.evaluate(() => (window as unknown as { confab: { status: string } }).confab.status)).toBe('open');
    await expect.poll(() => shown(worker)).toEqual([]); // the click closed it

    // no window of the site open: the click opens one at the room, signed in from this profile
    const second = await bob.api.post(later.id, 'k2', 'opened in a new window');
    await push(msg(later.id, 'Later room', second.seq, 'opened in a new window'));
    await expect.poll(async () => (await shown(worker)).map((n) => n.roomId), { timeout: 10_000 }).toEqual([later.id]);
    await page.close();
    expect(context.pages()).toEqual([]);
    const click = await clickNotification(worker);
    expect(click).toEqual({ did: 'opened', openWindow: [`/room/${later.id}`] });
    const win = await context.newPage(); // what the browser does with openWindow after a real click
    await win.goto(click.openWindow[0]);
    await win.waitForURL(`${BASE}/room/${later.id}`);
    await win.getByRole('log', { name: 'Messages in Later room' }).getByText('opened in a new window').waitFor();
    expect(await shown(worker)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('signs in a new browser by QR code: the signed-in one pastes the code, sees the device, enters the check code; a used code is refused', async () => {
    const me = await person('Quinn');
    const fresh = await open();
    const signed = await open();
    await signIn(signed.page, me);

    await fresh.page.goto('/');
    await fresh.page.getByRole('button', { name: 'Sign in with another device' }).click();
    await fresh.page.getByRole('img', { name: 'QR code to sign in on this device' }).waitFor();
    const code = await fresh.page.getByLabel('Code to paste').inputValue();
    expect(code).toMatch(/^confab-pair:/);
    expect(await fresh.page.locator('svg.qr').getAttribute('data-qr')).toBe(code);
    const check = (await fresh.page.getByLabel('Check code').textContent())!.replace(/\s/g, '');
    expect(check).toMatch(/^\d{6}$/);
    await fresh.page.getByRole('timer').getByText(/Expires in \d+ s/).waitFor();
    const problems = await axe(fresh.page, 'qr login');
    await shot(fresh.page, 'qr-login-light');

    await signed.page.goto('/settings');
    const link = signed.page.getByRole('region', { name: 'Link a device' });
    await link.getByLabel('Code from the new device').fill('not a code');
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByRole('alert').getByText(/not a sign-in code/).waitFor();
    await link.getByLabel('Code from the new device').fill(code);
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.locator('[data-field=device]').getByText(/Chrome|Chromium/).waitFor();
    expect(await link.locator('[data-field=address]').textContent()).toMatch(/127\.0\.0\.1|::1|localhost/);
    await fresh.page.getByText('Your other device has the code').waitFor(); // "scanned" reached the new device
    problems.push(...(await axe(signed.page, 'link a device')));
    await link.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await shot(signed.page, 'link-device-light');
    const wrong = check === '000000' ? '111111' : '000000';
    await link.getByLabel('Check code shown on the new device').fill(wrong);
    await link.getByRole('button', { name: 'Approve sign-in' }).click();
    await link.getByRole('alert').getByText(/not the check code/).waitFor();
    await link.getByLabel('Check code shown on the new device').fill(check);
    await link.getByRole('button', { name: 'Approve sign-in' }).click();

    await fresh.page.getByRole('heading', { name: 'Chats' }).waitFor({ timeout: 20_000 });
    expect(await fresh.page.evaluate(() => (window as unknown as { confab: { me: { id: number } } }).confab.me.id)).toBe(me.id);
    await shot(fresh.page, 'qr-login-signed-in-light');

    // the same code again: refused with a clear message
    await signed.page.getByText(/is signed in/).waitFor();
    await link.getByLabel('Code from the new device').fill(code);
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByRole('alert').getByText(/expired or was already used/).waitFor();
    expect(problems).toEqual([]);
    expect([...fresh.errors, ...signed.errors]).toEqual([]);
    await fresh.context.close();
    await signed.context.close();
  });

  it('the new device offers a new code when its code ends, and a declined sign-in says so', async () => {
    const me = await person('Rae');
    const fresh = await open({ dark: true });
    await fresh.page.goto('/');
    await fresh.page.getByRole('button', { name: 'Sign in with another device' }).click();
    await fresh.page.getByRole('img', { name: 'QR code to sign in on this device' }).waitFor();
    const code = await fresh.page.getByLabel('Code to paste').inputValue();
    await shot(fresh.page, 'qr-login-dark');
    const pairingId = code.slice('confab-pair:'.length).split('.')[0];
    await me.api.request('POST', `/pairing/${pairingId}/inspect`);
    await me.api.request('POST', `/pairing/${pairingId}/reject`);
    await fresh.page.getByRole('alert').getByText('The other device declined this sign-in.').waitFor();
    await fresh.page.getByRole('button', { name: 'Get a new code' }).click();
    await fresh.page.getByRole('img', { name: 'QR code to sign in on this device' }).waitFor();
    expect(await fresh.page.getByLabel('Code to paste').inputValue()).not.toBe(code);
    await fresh.context.close();
  });

  it('a code that runs out: the new device says so and offers a new code, the server refuses the old one, and the new one signs in', async () => {
    const me = await person('Tove');
    const fresh = await open();
    await fresh.page.goto('/');
    await fresh.page.getByRole('button', { name: 'Sign in with another device' }).click();
    await fresh.page.getByRole('img', { name: 'QR code to sign in on this device' }).waitFor();
    const code = await fresh.page.getByLabel('Code to paste').inputValue();
    const check = (await fresh.page.getByLabel('Check code').textContent())!.replace(/\s/g, '');
    const left = Number((await fresh.page.getByRole('timer').textContent())!.match(/Expires in (\d+) s/)![1]);
    expect(left).toBeGreaterThan(5);
    // the server's own lifetime (pairing.ttlSeconds) runs out in real time: its timer ends the pairing
    await fresh.page.getByRole('alert').getByText('This code expired before it was approved.').waitFor({ timeout: (left + 10) * 1000 });
    expect(await fresh.page.getByRole('img', { name: 'QR code to sign in on this device' }).count()).toBe(0);
    const pairingId = code.slice('confab-pair:'.length).split('.')[0];
    const refused = (p: Promise<unknown>) => p.then(() => 'accepted', (e: { code?: string }) => e.code);
    expect(await refused(me.api.request('POST', `/pairing/${pairingId}/inspect`))).toBe('pairing_not_found');
    expect(await refused(me.api.request('POST', `/pairing/${pairingId}/approve`, { checkCode: check }))).toBe('pairing_not_found');

    await fresh.page.getByRole('button', { name: 'Get a new code' }).click();
    await fresh.page.getByRole('img', { name: 'QR code to sign in on this device' }).waitFor();
    const code2 = await fresh.page.getByLabel('Code to paste').inputValue();
    expect(code2).not.toBe(code);
    const check2 = (await fresh.page.getByLabel('Check code').textContent())!.replace(/\s/g, '');
    const pairing2 = code2.slice('confab-pair:'.length).split('.')[0];
    await me.api.request('POST', `/pairing/${pairing2}/inspect`);
    await me.api.request('POST', `/pairing/${pairing2}/approve`, { checkCode: check2 });
    await fresh.page.getByRole('heading', { name: 'Chats' }).waitFor({ timeout: 20_000 });
    expect(await fresh.page.evaluate(() => (window as unknown as { confab: { me: { id: number } } }).confab.me.id)).toBe(me.id);
    expect(fresh.errors).toEqual([]);
    await fresh.context.close();
  }, 150_000);
});
