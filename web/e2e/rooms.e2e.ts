import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, open, person, signIn } from './browser';

afterAll(closeBrowser);

describe('2 and 3: the chat list, new chats', () => {
  it('lists rooms by activity with previews, badges, mention marker, title count and filter; starts a direct chat by username search', async () => {
    const me = await person('Carol King');
    const dan = await person('Dan Brown');
    const eve = await person('Eve Adams');
    const g1 = await dan.api.createRoom({ name: 'Book club', memberIds: [me.id] });
    const g2 = await dan.api.createRoom({ name: 'Hiking trips', memberIds: [me.id, eve.id] });
    await dan.api.post(g1.id, 'b1', 'Next book?');
    await eve.api.post(g2.id, 'h1', `@${me.username} are you coming saturday?`);
    await dan.api.post(g2.id, 'h2', 'Weather looks fine');

    const { page, context, errors } = await open();
    await signIn(page, me);
    const rows = page.locator('a.chat');
    await expect.poll(() => rows.allInnerTexts(), { timeout: 20_000 }).toEqual([
      expect.stringContaining('Hiking trips'), expect.stringContaining('Book club'),
    ]);
    const hiking = page.locator('a.chat', { hasText: 'Hiking trips' });
    await expect.poll(() => hiking.locator('.chat-preview').innerText()).toBe('Dan Brown: Weather looks fine');
    const server = (await me.api.chatList()).rooms.find((r) => r.room.id === g2.id)!;
    expect(await hiking.locator('.badge').innerText()).toBe(String(server.unread)); // the server's count, exactly
    expect(server.unread).toBeGreaterThanOrEqual(2);
    expect(await hiking.locator('.mention').count()).toBe(1);
    expect(await page.locator('a.chat', { hasText: 'Book club' }).locator('.mention').count()).toBe(0);
    await expect.poll(() => page.title()).toMatch(/^\(\d+\) Confab$/);

    // new activity moves a room to the top, live
    await dan.api.post(g1.id, 'b2', 'How about Dune?');
    await expect.poll(() => rows.first().innerText(), { timeout: 20_000 }).toContain('Book club');

    // filter by name
    await page.getByLabel('Filter chats by name').fill('hik');
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByLabel('Filter chats by name').fill('');

    // my own message shows as "You:"
    await page.locator('a.chat', { hasText: 'Book club' }).click();
    await page.getByRole('textbox', { name: 'Message' }).fill('Dune is great');
    await page.getByRole('textbox', { name: 'Message' }).press('Enter');
    await expect.poll(() => page.locator('a.chat', { hasText: 'Book club' }).locator('.chat-preview').innerText(), { timeout: 20_000 }).toBe('You: Dune is great');
    // opening and seeing the messages clears the badge and the mention marker
    await hiking.click();
    await expect.poll(() => hiking.locator('.badge').count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => hiking.locator('.mention').count()).toBe(0);

    // 3. a direct chat by username search
    await page.getByRole('link', { name: 'New chat' }).click();
    await page.getByLabel('Search people by username').fill(eve.username.slice(0, 6));
    await page.getByRole('button', { name: new RegExp(eve.username) }).click();
    await page.getByRole('log', { name: 'Messages in Eve Adams' }).waitFor();
    await page.getByRole('textbox', { name: 'Message' }).fill('Hi Eve');
    await page.getByRole('textbox', { name: 'Message' }).press('Enter');
    await expect.poll(async () => (await eve.api.chatList()).rooms.some((r) => r.room.kind === 'direct' && r.lastMessage?.text === 'Hi Eve'), { timeout: 20_000 }).toBe(true);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('3. creates a group with members and a channel from the new-chat page', async () => {
    const me = await person('Group Maker');
    const dan = await person('Dan Brown');
    const { page, context, errors } = await open();
    await signIn(page, me);
    await page.getByRole('link', { name: 'New chat' }).click();
    await page.getByRole('tab', { name: 'Group' }).click();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Weekend plans');
    await page.getByLabel('Add people by username').fill(dan.username.slice(0, 6));
    await page.getByRole('button', { name: new RegExp(dan.username) }).click();
    await page.locator('.chips li', { hasText: 'Dan Brown' }).waitFor();
    // picking someone neither submits the form nor leaves the query behind
    await expect.poll(() => page.getByLabel('Add people by username').inputValue()).toBe('');
    expect(await page.getByRole('heading', { name: 'New chat' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Create group' }).click();
    await page.getByRole('log', { name: 'Messages in Weekend plans' }).waitFor();
    await expect.poll(async () => (await dan.api.chatList()).rooms.map((r) => r.room.name), { timeout: 20_000 }).toContain('Weekend plans');
    await page.getByRole('link', { name: 'New chat' }).click();
    await page.getByRole('heading', { name: 'New chat' }).waitFor();
    await page.getByRole('tab', { name: 'Channel' }).click();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Announcements');
    await page.getByRole('button', { name: 'Create channel' }).click();
    await page.getByRole('log', { name: 'Messages in Announcements' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('stays windowed with 1,000 rooms', async () => {
    const me = await person('Many Rooms');
    // Room 0000 alone first, so it is surely the oldest; the rest in parallel batches.
    await me.api.createRoom({ name: 'Room 0000' });
    for (let i = 1; i < 1000; i += 25) {
      await Promise.all(Array.from({ length: Math.min(25, 1000 - i) }, (_, j) => me.api.createRoom({ name: `Room ${String(i + j).padStart(4, '0')}` })));
    }
    const { page, context } = await open();
    await signIn(page, me);
    await expect.poll(() => page.locator('.chat-rows').getAttribute('aria-label'), { timeout: 30_000 }).toBe('1000 chats');
    expect(await page.locator('a.chat').count()).toBeLessThan(40); // only the rows in view (and a few more) exist
    await page.locator('.chat-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect.poll(() => page.locator('a.chat', { hasText: 'Room 0000' }).count()).toBe(1); // the oldest, at the bottom
    expect(await page.locator('a.chat').count()).toBeLessThan(40);
    await page.getByLabel('Filter chats by name').fill('Room 0500');
    await expect.poll(() => page.locator('a.chat').allInnerTexts()).toEqual([expect.stringContaining('Room 0500')]);
    await context.close();
  });
});
