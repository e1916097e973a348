import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, open, person, signIn } from './browser';

afterAll(closeBrowser);

const badges = (page: import('playwright-core').Page) =>
  page.locator('a.chat').evaluateAll((els) => Object.fromEntries(els.map((e) => [(e as HTMLElement).dataset.room, Number(e.querySelector('.badge')?.textContent ?? 0)])));

describe('11. offline first', () => {
  // Skipped at the end of the 2026-11-25 stop: it timed out in the last two full runs after the media merge
  // (a 30 s locator wait), after passing before it; the cause is not found yet. See the issue 8 closing note.
  it('a device offline while 200 messages arrive in 5 rooms catches up with the right badges; opens from the cache', async () => {
    const me = await person('Traveller');
    const friend = await person('Friend');
    const rooms: { id: number }[] = [];
    for (let i = 0; i < 5; i++) rooms.push(await friend.api.createRoom({ name: `Trip ${i}`, memberIds: [me.id] }));
    const { page, context, errors } = await open();
    await signIn(page, me);
    await expect.poll(() => page.locator('a.chat').count(), { timeout: 20_000 }).toBe(5);

    await context.setOffline(true);
    await page.evaluate(() => (window as unknown as { confab: { dropConnection(): void } }).confab.dropConnection());
    await page.locator('.conn').waitFor({ timeout: 20_000 });
    for (let i = 0; i < 200; i += 20) {
      await Promise.all(Array.from({ length: 20 }, (_, j) => friend.api.post(rooms[(i + j) % 5].id, `off-${i + j}`, `while offline ${i + j}`)));
    }
    await context.setOffline(false);
    await page.evaluate(() => (window as unknown as { confab: { reconnectNow(): void } }).confab.reconnectNow());

    const server = async () => Object.fromEntries((await me.api.chatList()).rooms.map((r) => [String(r.room.id), r.unread]));
    const expected = await server();
    expect(Object.values(expected).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(200);
    await expect.poll(() => badges(page), { timeout: 60_000 }).toEqual(expected);
    const total = Object.values(expected).reduce((a, b) => a + b, 0);
    await expect.poll(() => page.title()).toBe(`(${total}) Confab`);

    // a reload shows the chat list and the last messages from IndexedDB with the server unreachable
    // (the page itself still loads over HTTP: there is no service worker)
    await page.route('**/api/**', (r) => r.abort());
    await page.routeWebSocket('**/ws**', (ws) => ws.close());
    await page.reload();
    await expect.poll(() => badges(page), { timeout: 20_000 }).toEqual(expected);
    await page.locator('a.chat', { hasText: 'Trip 3' }).click();
    await page.getByRole('log').getByText(/while offline \d+/).first().waitFor();
    await page.close();

    // two tabs stay consistent: a message sent in one shows in the other
    const tab1 = await context.newPage();
    await tab1.goto(`/room/${rooms[3].id}`);
    const tab2 = await context.newPage();
    await tab2.goto(`/room/${rooms[3].id}`);
    await tab2.getByRole('textbox', { name: 'Message' }).fill('from the second tab');
    await tab2.getByRole('textbox', { name: 'Message' }).press('Enter');
    await tab1.getByRole('log').getByText('from the second tab').waitFor({ timeout: 30_000 });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a reload in the middle of sending loses nothing and stores nothing twice', async () => {
    const me = await person('Reloader');
    const peer = await person('Peer');
    const room = await me.api.createRoom({ name: 'Reload room', memberIds: [peer.id] });
    const { page, context } = await open();
    await signIn(page, me);
    await page.goto(`/room/${room.id}`);
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.waitFor();
    for (let i = 0; i < 10; i++) {
      await box.fill(`burst ${i}`);
      await box.press('Enter');
    }
    await page.reload(); // some are in flight, some still queued
    await expect.poll(async () => (await peer.api.history(room.id, {})).messages.filter((m) => m.kind === 'text').map((m) => m.text), { timeout: 30_000 })
      .toEqual(Array.from({ length: 10 }, (_, i) => `burst ${i}`));
    await expect.poll(() => page.locator('.bubble.pending').count(), { timeout: 20_000 }).toBe(0);
    await context.close();
  });
});
