import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { Message } from '../src/protocol';
import { closeBrowser, open, person, shot, signIn, unique, until, type Person } from './browser';

afterAll(closeBrowser);

const log = (page: Page) => page.getByRole('log');
const bubble = (page: Page, text: string) => log(page).locator('.msg', { hasText: text }).last();

/** Opens a message's ⋯ menu (the actions show on hover) and picks one item. */
async function menu(page: Page, text: string, item: string): Promise<void> {
  const m = bubble(page, text);
  await m.hover();
  await m.getByRole('button', { name: 'Message actions' }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

async function seriousAxe(page: Page, screen: string): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${screen}: ${v.id} ${v.nodes[0]?.target}`);
}

function postReply(p: Person, roomId: number, text: string, replyTo: number) {
  return p.api.request<Message>('POST', `/rooms/${roomId}/messages`, { clientId: unique('r'), text, replyTo });
}

async function openRoom(page: Page, name: string): Promise<void> {
  await page.locator('a.chat', { hasText: name }).click();
  await log(page).locator('[data-seq]').first().waitFor();
}

describe('10. replies, forwards, edits, reactions and search', () => {
  it('a reply shows its quote; clicking the quote opens the original far back in history; I reply from the menu and Escape cancels', async () => {
    const me = await person('Ada');
    const bob = await person('Bob');
    const room = await bob.api.createRoom({ name: 'Replies', memberIds: [me.id] });
    const original = await bob.api.post(room.id, 'orig', 'the original question');
    for (let i = 0; i < 150; i += 25) {
      await Promise.all(Array.from({ length: 25 }, (_, j) => bob.api.post(room.id, `f-${i + j}`, `filler ${i + j}`)));
    }
    await postReply(bob, room.id, 'answering the very first one', original.seq);

    const { page, context, errors } = await open();
    await signIn(page, me);
    await openRoom(page, 'Replies');
    const reply = bubble(page, 'answering the very first one');
    await reply.waitFor();
    expect(await log(page).locator(`[data-seq="${original.seq}"]`).count()).toBe(0); // far back, not loaded
    const quote = reply.getByRole('button', { name: /Reply to Bob: the original question/ });
    await quote.click();
    const target = log(page).locator(`[data-seq="${original.seq}"]`);
    await target.waitFor();
    await expect.poll(() => target.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const v = el.closest('[role=log]')!.getBoundingClientRect();
      return r.top >= v.top && r.bottom <= v.bottom;
    })).toBe(true);
    expect(await target.getAttribute('class')).toContain('flash');
    // back to the newest, then answer from the menu
    await page.getByRole('button', { name: /Jump to newest/ }).click();
    await reply.waitFor();
    await menu(page, 'answering the very first one', 'Reply');
    await page.getByRole('button', { name: 'Cancel reply' }).waitFor();
    const box = page.getByRole('textbox', { name: 'Message' });
    await expect.poll(() => box.getAttribute('placeholder')).toBe('Write a reply');
    await box.press('Escape');
    expect(await page.getByRole('button', { name: 'Cancel reply' }).count()).toBe(0);
    await menu(page, 'answering the very first one', 'Reply');
    await box.fill('yes, I saw it');
    await box.press('Enter');
    const mine = bubble(page, 'yes, I saw it');
    await mine.getByRole('button', { name: /Reply to Bob: answering the very first one/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Cancel reply' }).count()).toBe(0);
    await until('the reply stored with its quote', async () => {
      const last = (await bob.api.history(room.id, { limit: 1 })).messages[0];
      return last?.text === 'yes, I saw it' && last.data?.replyTo?.senderId === bob.id;
    });
    await shot(page, 'replies-light');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('edits: Up in an empty composer edits my last message, Escape brings my draft back, and the other browser sees the new text live', async () => {
    const me = await person('Ada');
    const bob = await person('Bob');
    const room = await me.api.createRoom({ name: 'Edits', memberIds: [bob.id] });
    await bob.api.post(room.id, 'hi', 'hello there');
    const a = await open();
    const b = await open();
    await signIn(a.page, me);
    await signIn(b.page, bob);
    await openRoom(a.page, 'Edits');
    await openRoom(b.page, 'Edits');
    const box = a.page.getByRole('textbox', { name: 'Message' });
    await box.fill('teh meeting is at 3');
    await box.press('Enter');
    await bubble(b.page, 'teh meeting is at 3').waitFor();

    await box.press('ArrowUp');
    await a.page.getByText('Editing message').waitFor();
    await expect.poll(() => box.inputValue()).toBe('teh meeting is at 3');
    await box.fill('the meeting is at 3');
    await box.press('Enter');
    const edited = bubble(a.page, 'the meeting is at 3');
    await edited.locator('.edited').waitFor();
    const there = bubble(b.page, 'the meeting is at 3');
    await there.locator('.edited').waitFor({ timeout: 20_000 });
    expect(await log(b.page).getByText('teh meeting').count()).toBe(0);

    // what I was writing waits aside while I edit, and comes back
    await box.fill('half a thought');
    await menu(a.page, 'the meeting is at 3', 'Edit');
    await expect.poll(() => box.inputValue()).toBe('the meeting is at 3');
    await box.press('Escape');
    await expect.poll(() => box.inputValue()).toBe('half a thought');
    // someone else's message has no Edit
    await bubble(a.page, 'hello there').hover();
    await bubble(a.page, 'hello there').getByRole('button', { name: 'Message actions' }).click();
    expect(await a.page.getByRole('menuitem', { name: 'Edit' }).count()).toBe(0);
    await a.page.keyboard.press('Escape');
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
    await a.context.close();
    await b.context.close();
  });

  it('reactions: pick one, see counts and who live in both browsers, take it back; the list of everyone opens from the chip', async () => {
    const me = await person('Ada');
    const bob = await person('Bob');
    const room = await bob.api.createRoom({ name: 'Reactions', memberIds: [me.id] });
    await bob.api.post(room.id, 'q', 'lunch at noon?');
    const a = await open();
    const b = await open({ dark: true });
    await signIn(a.page, me);
    await signIn(b.page, bob);
    await openRoom(a.page, 'Reactions');
    await openRoom(b.page, 'Reactions');

    const msg = bubble(a.page, 'lunch at noon?');
    await msg.hover();
    await msg.getByRole('button', { name: 'React' }).click();
    const picker = a.page.getByRole('menu', { name: 'Pick a reaction' });
    const first = picker.getByRole('menuitemcheckbox').first();
    await first.waitFor();
    expect(await picker.getByRole('menuitemcheckbox').count()).toBeGreaterThan(3);
    const emoji = (await first.textContent())!.trim();
    await shot(a.page, 'reaction-picker-light');
    await first.click();
    const chipA = msg.locator('.chip', { hasText: emoji });
    await expect.poll(() => chipA.getAttribute('aria-pressed')).toBe('true');
    expect(await chipA.locator('.chip-count').textContent()).toBe('1');

    // Bob sees it live, named, and adds his own
    const chipB = bubble(b.page, 'lunch at noon?').locator('.chip', { hasText: emoji });
    await chipB.waitFor({ timeout: 20_000 });
    expect(await chipB.getAttribute('aria-pressed')).toBe('false');
    await expect.poll(() => chipB.getAttribute('title')).toBe('Ada'); // named once Ada's profile is fetched
    await shot(b.page, 'reactions-dark');
    await chipB.click();
    await expect.poll(() => chipA.locator('.chip-count').textContent(), { timeout: 20_000 }).toBe('2');
    expect(await chipA.getAttribute('aria-label')).toMatch(/Ada|Bob/);

    // the full list, from the context menu
    await chipA.click({ button: 'right' });
    const who = a.page.getByRole('dialog', { name: 'Who reacted' });
    await who.waitFor();
    expect(await who.textContent()).toContain('Ada');
    expect(await who.textContent()).toContain('Bob');
    expect(await seriousAxe(a.page, 'reactions')).toEqual([]);
    await who.getByRole('button', { name: 'Close' }).click();

    // taking mine back leaves Bob's
    await chipA.click();
    await expect.poll(() => chipA.getAttribute('aria-pressed')).toBe('false');
    await expect.poll(() => chipB.locator('.chip-count').textContent(), { timeout: 20_000 }).toBe('1');
    const stored = (await me.api.reactions(room.id, (await bob.api.history(room.id, { limit: 1 })).messages[0].seq));
    expect(stored).toEqual([expect.objectContaining({ emoji, count: 1, userIds: [bob.id] })]);
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
    await a.context.close();
    await b.context.close();
  });

  it('forwards a message into another chat: the copy names its author, not the room it came from', async () => {
    const me = await person('Ada');
    const bob = await person('Bob');
    const carol = await person('Carol');
    const secret = await bob.api.createRoom({ name: 'Secret plans', memberIds: [me.id] });
    const other = await me.api.createRoom({ name: 'Book club', memberIds: [carol.id] });
    await me.api.post(other.id, 'hello', 'welcome to the club');
    await bob.api.post(secret.id, 'tip', 'read Dune next');
    const { page, context, errors } = await open();
    await signIn(page, me);
    await openRoom(page, 'Secret plans');
    await menu(page, 'read Dune next', 'Forward');
    const dialog = page.getByRole('dialog', { name: 'Forward to' });
    await dialog.waitFor();
    expect(await seriousAxe(page, 'forward dialog')).toEqual([]);
    await dialog.getByLabel('Search chats to forward to').fill('book');
    await expect.poll(() => dialog.locator('.forward-to').count()).toBe(1);
    await dialog.locator('.forward-to', { hasText: 'Book club' }).click();
    await page.getByText('Forwarded to Book club').waitFor();
    expect(await dialog.count()).toBe(0);
    await until('Carol has the forward', async () => {
      const last = (await carol.api.history(other.id, { limit: 1 })).messages[0];
      return last?.text === 'read Dune next' && last.data?.forwarded?.senderName === 'Bob';
    });
    const copy = (await carol.api.history(other.id, { limit: 1 })).messages[0];
    expect(JSON.stringify(copy)).not.toContain('Secret plans');
    expect(JSON.stringify(copy)).not.toContain(`"roomId":${secret.id}`);
    await openRoom(page, 'Book club');
    await bubble(page, 'read Dune next').getByText('Forwarded from').waitFor();
    expect(await bubble(page, 'read Dune next').locator('.forwarded strong').textContent()).toBe('Bob');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('search: across all chats and in one, words highlighted as text, and a hit opens the conversation at that message', async () => {
    const me = await person('Ada');
    const bob = await person('Bob');
    const word = unique('zq');
    const r1 = await bob.api.createRoom({ name: 'Astronomy', memberIds: [me.id] });
    const r2 = await bob.api.createRoom({ name: 'Gardening', memberIds: [me.id] });
    const outside = await bob.api.createRoom({ name: 'Not for Ada', memberIds: [] });
    const old = await bob.api.post(r1.id, 's1', `the ${word} nebula is bright <img src=x onerror="window.pwned=1">`);
    for (let i = 0; i < 120; i += 30) {
      await Promise.all(Array.from({ length: 30 }, (_, j) => bob.api.post(r1.id, `p-${i + j}`, `padding ${i + j}`)));
    }
    await bob.api.post(r2.id, 's2', `plant the ${word} seeds in spring`);
    await bob.api.post(outside.id, 's3', `${word} is a secret`);
    const { page, context, errors } = await open();
    await signIn(page, me);
    await page.getByRole('link', { name: 'Search messages' }).click();
    const input = page.getByLabel('Search messages in all chats');
    await input.fill(word);
    const hits = page.locator('.hit');
    await expect.poll(() => hits.count(), { timeout: 20_000 }).toBe(2);
    expect(await page.locator('.hit', { hasText: 'secret' }).count()).toBe(0);
    expect(await page.locator('.snippet mark').allTextContents()).toEqual([word, word]);
    expect(await page.locator('.hits img').count()).toBe(0); // the snippet is text, never markup
    expect(await page.locator('.hit', { hasText: 'nebula' }).textContent()).toContain('in Astronomy');
    expect(await seriousAxe(page, 'search')).toEqual([]);
    await shot(page, 'search-light');

    // the middle of a word is no word match (words match by their start), but is one inside words
    await input.fill(word.slice(2));
    await page.getByRole('status').filter({ hasText: 'No message matches' }).waitFor({ timeout: 20_000 });
    await page.getByLabel('Match inside words').check();
    await expect.poll(() => hits.count(), { timeout: 20_000 }).toBe(2);

    // the old hit opens Astronomy at that message, far back in its history
    await input.fill(word);
    await page.getByLabel('Match inside words').uncheck();
    await expect.poll(() => hits.count(), { timeout: 20_000 }).toBe(2);
    await page.locator('.hit', { hasText: 'nebula' }).click();
    const target = log(page).locator(`[data-seq="${old.seq}"]`);
    await target.waitFor();
    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();

    // in one room only, from its header
    await page.getByRole('link', { name: 'Search in Astronomy' }).click();
    await page.getByLabel('Search messages in Astronomy').fill(word);
    await expect.poll(() => hits.count(), { timeout: 20_000 }).toBe(1);
    expect(await hits.first().textContent()).toContain('nebula');
    expect(errors).toEqual([]);
    await context.close();
  });
});
