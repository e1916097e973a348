import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, open, person, signIn } from './browser';

afterAll(closeBrowser);

const seqsInDom = (page: Page) => page.locator('[role=log] [data-seq]').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.seq)));

describe('4. conversation', () => {
  it('scrolls back through 1,000 messages with no gap, no duplicate, a bounded window and no jump; jumps to the newest with a counter', async () => {
    const me = await person('Scroller');
    const other = await person('Writer');
    const room = await other.api.createRoom({ name: 'Long history', memberIds: [me.id] });
    for (let i = 0; i < 1000; i += 25) {
      await Promise.all(Array.from({ length: 25 }, (_, j) => other.api.post(room.id, `l-${i + j}`, `message number ${i + j}`)));
    }
    const { page, context, errors } = await open({ height: 700 });
    await signIn(page, me);
    await page.locator('a.chat', { hasText: 'Long history' }).click();
    const log = page.getByRole('log');
    await log.locator('[data-seq]').first().waitFor();

    const seen = new Set<number>();
    for (let round = 0; round < 200; round++) {
      const dom = await seqsInDom(page);
      expect(new Set(dom).size).toBe(dom.length); // never a duplicate on screen
      for (let i = 1; i < dom.length; i++) expect(dom[i]).toBe(dom[i - 1] + 1); // never a gap on screen
      expect(dom.length).toBeLessThanOrEqual(150); // a bounded window
      dom.forEach((s) => seen.add(s));
      if (dom[0] === 1) break;
      // the message at the top keeps its place when older ones are prepended
      const top = dom[0];
      await log.evaluate((el) => (el.scrollTop = 0));
      await expect.poll(async () => (await seqsInDom(page))[0], { timeout: 20_000 }).toBeLessThan(top);
      const y = await log.locator(`[data-seq="${top}"]`).evaluate((el) => el.getBoundingClientRect().top);
      expect(y).toBeGreaterThan(0); // it did not jump to the top with the scroll position
    }
    expect(seen.size).toBe(1001);
    expect(Math.min(...seen)).toBe(1);
    expect(Math.max(...seen)).toBe(1001);
    expect(await page.getByText('This is the beginning of Long history.').count()).toBe(1);

    // far from the bottom, new messages count on the jump button
    await other.api.post(room.id, 'late-1', 'late one');
    await other.api.post(room.id, 'late-2', 'late two');
    const jump = page.getByRole('button', { name: /Jump to newest/ });
    await expect.poll(() => jump.getAttribute('aria-label'), { timeout: 20_000 }).toMatch(/unread/);
    await jump.click();
    await log.getByText('late two').waitFor();
    await expect.poll(() => seqsInDom(page).then((d) => d[d.length - 1]), { timeout: 20_000 }).toBe(1003);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('groups by sender and day and shows a divider at my read cursor', async () => {
    const me = await person('Reader');
    const other = await person('Talker');
    const room = await other.api.createRoom({ name: 'Divider', memberIds: [me.id] });
    await other.api.post(room.id, 'd1', 'first');
    await me.api.read(room.id, 3); // read up to "first"
    await other.api.post(room.id, 'd2', 'second');
    await other.api.post(room.id, 'd3', 'third');
    const { page, context } = await open();
    await signIn(page, me);
    await page.locator('a.chat', { hasText: 'Divider' }).click();
    await page.getByRole('log').getByText('third').waitFor();
    const order = await page.locator('[role=log] .msgs > *').evaluateAll((els) => els.map((e) => e.className.split(' ')[0] + ':' + (e.textContent ?? '').slice(0, 14)));
    const divider = order.findIndex((o) => o.startsWith('divider-new'));
    expect(order[divider + 1]).toContain('second');
    expect(order.filter((o) => o.startsWith('day')).length).toBe(1);
    expect(await page.locator('.msg.grouped', { hasText: 'third' }).count()).toBe(1); // same sender right after: grouped
    await context.close();
  });
});

describe('5. composer and outbox', () => {
  it('keeps drafts per room, sends offline messages in order after reconnect, survives a reload while offline', async () => {
    const me = await person('Offline Sender');
    const peer = await person('Peer');
    const r1 = await me.api.createRoom({ name: 'Drafts one', memberIds: [peer.id] });
    const r2 = await me.api.createRoom({ name: 'Drafts two', memberIds: [peer.id] });
    const { page, context } = await open();
    await signIn(page, me);
    const box = page.getByRole('textbox', { name: 'Message' });

    await page.locator('a.chat', { hasText: 'Drafts one' }).click();
    await box.fill('half-written in one');
    await page.locator('a.chat', { hasText: 'Drafts two' }).click();
    await expect.poll(() => box.inputValue()).toBe('');
    await box.fill('half-written in two');
    await page.waitForTimeout(500);
    await page.reload();
    await page.locator('a.chat', { hasText: 'Drafts one' }).click();
    await expect.poll(() => box.inputValue()).toBe('half-written in one');
    await page.locator('a.chat', { hasText: 'Drafts two' }).click();
    await expect.poll(() => box.inputValue()).toBe('half-written in two');
    await box.fill('');

    // offline: messages show at once as pending, in order
    await context.setOffline(true);
    await page.evaluate(() => (window as unknown as { confab: { dropConnection(): void } }).confab.dropConnection());
    for (const t of ['queued 1', 'queued 2', 'queued 3']) {
      await box.fill(t);
      await box.press('Enter');
    }
    await expect.poll(() => page.locator('.bubble.pending').count()).toBe(3);
    // a reload while offline keeps them (the outbox is in IndexedDB)
    await page.reload().catch(() => undefined);
    await context.setOffline(false);
    await page.goto(`/room/${r2.id}`);
    await expect.poll(() => page.locator('.bubble.pending').count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(async () => (await peer.api.history(r2.id, {})).messages.filter((m) => m.kind === 'text').map((m) => m.text), { timeout: 30_000 })
      .toEqual(['queued 1', 'queued 2', 'queued 3']);
    void r1;
    await context.close();
  });

  it('shows a draft typed in one tab in another tab of the same room, without replacing what is being typed there', async () => {
    const me = await person('Two Tabs');
    const room = await me.api.createRoom({ name: 'Shared draft' });
    const { page: first, context } = await open();
    await signIn(first, me, `/room/${room.id}`);
    const box1 = first.getByRole('textbox', { name: 'Message' });
    await box1.waitFor();
    // a second tab of the same browser profile: the same IndexedDB, signed in already
    const second = await context.newPage();
    await second.goto(`/room/${room.id}`);
    const box2 = second.getByRole('textbox', { name: 'Message' });
    await box2.waitFor();

    await box1.pressSequentially('written in the first tab');
    await expect.poll(() => box2.inputValue()).toBe('written in the first tab');

    // the second tab is being typed in when the first tab's next draft comes: its text stays
    await box2.fill('');
    const typing = box2.pressSequentially('my own words here', { delay: 120 });
    await first.waitForTimeout(400);
    await box1.fill('from the first tab meanwhile');
    await typing;
    expect(await box2.inputValue()).toBe('my own words here');
    // the tabs then agree on the text typed last, as a reload of either would show
    await expect.poll(() => box1.inputValue(), { timeout: 10_000 }).toBe('my own words here');

    // sending clears the draft in the other tab as well
    await box2.press('Enter');
    await expect.poll(() => box1.inputValue(), { timeout: 10_000 }).toBe('');
    await first.getByRole('log').getByText('my own words here').waitFor();
    await context.close();
  });

  it('shows a refused message as failed, with a retry that keeps its clientId', async () => {
    const me = await person('Refused');
    const owner = await person('Owner');
    const room = await owner.api.createRoom({ name: 'Strict', memberIds: [me.id] });
    const { page, context } = await open();
    await signIn(page, me);
    await page.locator('a.chat', { hasText: 'Strict' }).click();
    await page.getByRole('textbox', { name: 'Message' }).waitFor();
    await owner.api.setRole(room.id, me.id, 'readonly'); // the server now refuses my posts
    // the role change reaches the page live and the composer gives way to the read-only note; a client
    // that has not heard yet still sends from the composer, and the server refuses it either way
    await page.locator('.readonly-note').waitFor({ timeout: 5_000 }).catch(() => undefined);
    if (await page.locator('.readonly-note').count()) {
      await page.evaluate((id) => (window as unknown as { confab: { send(r: number, t: string): Promise<unknown> } }).confab.send(id, 'this will be refused'), room.id);
    } else {
      await page.getByRole('textbox', { name: 'Message' }).fill('this will be refused');
      await page.getByRole('textbox', { name: 'Message' }).press('Enter');
    }
    const failed = page.locator('.bubble.failed');
    await failed.waitFor({ timeout: 20_000 });
    const idBefore = await page.locator('[data-client-id]').getAttribute('data-client-id');
    await owner.api.setRole(room.id, me.id, 'member');
    await failed.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => page.locator('[data-client-id]').count(), { timeout: 20_000 }).toBe(0);
    const sent = (await owner.api.history(room.id, {})).messages.find((m) => m.text === 'this will be refused');
    expect(sent?.clientId).toBe(idBefore);
    await context.close();
  });
});
