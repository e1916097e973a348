import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, open, person, shot, signIn, type Person } from './browser';

afterAll(closeBrowser);

async function axe(page: Page, screen: string): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${screen}: ${v.id} (${v.nodes.length}) ${v.nodes[0]?.target}`);
}

async function world(): Promise<{ me: Person; roomId: number }> {
  const me = await person('Ada Lovelace');
  const grace = await person('Grace Hopper');
  const alan = await person('Alan Turing');
  const team = await grace.api.createRoom({ name: 'Analytical Engine', description: 'Notes on the engine', memberIds: [me.id, alan.id] });
  await grace.api.post(team.id, 's1', 'Morning! The new punch cards arrived.');
  await alan.api.post(team.id, 's2', 'Great, I will test the loop program today.');
  await grace.api.post(team.id, 's3', `@${me.username} can you review the notes? https://example.com/notes`);
  const dm = await alan.api.direct(me.id);
  await alan.api.post(dm.id, 's4', 'Lunch at noon?');
  const other = await grace.api.createRoom({ name: 'Compilers', memberIds: [me.id], kind: 'channel' });
  await grace.api.post(other.id, 's5', 'COBOL draft is out.');
  return { me, roomId: team.id };
}

describe('12. layout, themes, keyboard, accessibility, screenshots', () => {
  for (const mode of [{ name: 'light', dark: false, width: 1200 }, { name: 'dark', dark: true, width: 1200 }, { name: 'mobile', dark: false, width: 390 }]) {
    it(`every screen in ${mode.name}: no serious or critical axe violation; screenshots`, async () => {
      const { me, roomId } = await world();
      const { page, context, errors } = await open({ dark: mode.dark, width: mode.width, height: mode.width < 600 ? 844 : 800 });
      const problems: string[] = [];
      await page.goto('/');
      await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
      problems.push(...(await axe(page, 'sign-in')));
      if (mode.name !== 'light') await shot(page, `sign-in-${mode.name}`);
      await signIn(page, me);
      await page.locator('a.chat', { hasText: 'Analytical Engine' }).waitFor({ timeout: 20_000 });
      problems.push(...(await axe(page, 'chat list')));
      await shot(page, `chat-list-${mode.name}`);

      if (mode.width < 600) {
        // one pane: the list, then the conversation with a way back
        expect(await page.locator('.main-pane').isVisible()).toBe(false);
      }
      await page.locator('a.chat', { hasText: 'Analytical Engine' }).click();
      await page.getByRole('log').getByText('can you review').waitFor();
      // the server resolved the @username to me: it is marked, the rest of the text stays text
      expect(await page.getByRole('log').locator('.at.me').allTextContents()).toEqual([`@${me.username}`]);
      problems.push(...(await axe(page, 'conversation')));
      if (mode.name !== 'light' || mode.width < 600) await shot(page, `conversation-${mode.name}`);
      if (mode.width < 600) {
        expect(await page.locator('.list-pane').isVisible()).toBe(false);
        await page.getByRole('link', { name: 'Back to chats' }).click();
        await page.locator('a.chat').first().waitFor();
        await page.goto(`/room/${roomId}`);
      }
      await page.goto(`/room/${roomId}/info`);
      await page.getByRole('heading', { name: 'Members' }).waitFor();
      problems.push(...(await axe(page, 'room info')));
      if (mode.name !== 'light') await shot(page, `room-info-${mode.name}`);
      await page.goto('/settings');
      await page.getByRole('heading', { name: 'Devices signed in' }).waitFor();
      problems.push(...(await axe(page, 'settings')));
      if (mode.name !== 'light') await shot(page, `profile-${mode.name}`);
      for (const [path, heading] of [['/new', 'New chat'], ['/directory', 'Public rooms']]) {
        await page.goto(path);
        await page.getByRole('heading', { name: heading }).waitFor();
        problems.push(...(await axe(page, heading)));
      }
      expect(problems).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('works from the keyboard: move through the list with arrows, open a chat, write and send', async () => {
    const { me } = await world();
    const { page, context } = await open();
    await signIn(page, me);
    await page.locator('a.chat').nth(2).waitFor({ timeout: 20_000 });
    await page.getByLabel('Filter chats by name').focus();
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('chat'))).toBe(true);
    await page.keyboard.press('ArrowDown');
    const second = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.room);
    expect(second).toBe(await page.locator('a.chat').nth(1).getAttribute('data-room'));
    await page.keyboard.press('Enter');
    await page.getByRole('textbox', { name: 'Message' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Message');
    await page.keyboard.type('typed without a mouse');
    await page.keyboard.press('Enter');
    await page.getByRole('log').getByText('typed without a mouse').waitFor();
    await context.close();
  });
});
