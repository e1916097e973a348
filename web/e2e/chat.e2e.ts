import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, open, person, shot, signIn } from './browser';

afterAll(closeBrowser);

describe('live chat between two people', () => {
  it('two browsers chat live with ticks moving from sent to read, with typing and presence', async () => {
    const alice = await person('Alice Martin');
    const bob = await person('Bob Stone');
    const room = await alice.api.direct(bob.id);
    await alice.api.post(room.id, 'seed-1', 'Hi Bob! Did you see the release notes? https://example.com/notes');
    await bob.api.post(room.id, 'seed-2', 'Not yet, reading them now.');

    const a = await open();
    const b = await open();
    await signIn(a.page, alice);
    await signIn(b.page, bob);

    // the chat list shows the peer's name, the preview and an unread badge for Bob
    await b.page.getByRole('link', { name: /Alice Martin/ }).waitFor();
    await a.page.getByRole('link', { name: /Bob Stone/ }).click();
    const log = a.page.getByRole('log');
    await log.getByText('Not yet, reading them now.').waitFor();

    // Alice sends: pending, then sent; Bob is online in the header
    await a.page.getByRole('textbox', { name: 'Message' }).fill('Great, tell me what you think');
    await a.page.getByRole('textbox', { name: 'Message' }).press('Enter');
    const mine = log.locator('.msg.mine', { hasText: 'Great, tell me what you think' });
    await mine.waitFor();
    await expect.poll(() => mine.locator('.ticks').getAttribute('aria-label'), { timeout: 20_000 }).toMatch(/^(sent|delivered)/);
    await expect.poll(() => a.page.locator('.conv-head small').textContent(), { timeout: 20_000 }).toBe('online');

    // Bob gets it live (delivered), the badge counts it; typing shows on Alice's side
    const badge = b.page.locator('a.chat', { hasText: 'Alice Martin' }).locator('.badge');
    await expect.poll(() => badge.textContent(), { timeout: 20_000 }).toMatch(/^[1-9]/);
    await expect.poll(() => mine.locator('.ticks').getAttribute('aria-label'), { timeout: 20_000 }).toBe('delivered');
    await b.page.getByRole('link', { name: /Alice Martin/ }).click();
    await b.page.getByRole('log').getByText('Great, tell me what you think').waitFor();
    // Bob has seen it: read ticks for Alice, badge gone for Bob
    await expect.poll(() => mine.locator('.ticks').getAttribute('aria-label'), { timeout: 20_000 }).toBe('read');
    await expect.poll(() => badge.count()).toBe(0);

    await b.page.getByRole('textbox', { name: 'Message' }).pressSequentially('Looks good', { delay: 20 });
    await expect.poll(() => a.page.getByText('is typing').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await b.page.getByRole('textbox', { name: 'Message' }).press('Shift+Enter');
    await b.page.getByRole('textbox', { name: 'Message' }).pressSequentially('to me!');
    await b.page.getByRole('textbox', { name: 'Message' }).press('Enter');
    await log.getByText(/Looks good\s+to me!/).waitFor();

    // the link is a real, safe link
    const linkEl = log.getByRole('link', { name: 'https://example.com/notes' });
    expect(await linkEl.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await linkEl.getAttribute('target')).toBe('_blank');

    await shot(a.page, 'conversation-light');
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
    await a.context.close();
    await b.context.close();
  });
});
