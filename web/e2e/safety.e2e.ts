import { afterAll, describe, expect, it } from 'vitest';
import { BASE, closeBrowser, open, person, signIn } from './browser';
import { PAYLOADS } from './xss-payloads';

afterAll(closeBrowser);

describe('safety: user text is text', () => {
  it(`renders ${PAYLOADS.length} XSS payloads as text in messages, names, about, room names, descriptions and invite previews`, async () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(50);
    const me = await person('Victim');
    const evil = await person('Mallory');
    // the attacker's display name and about are payloads too
    await evil.api.updateMe({ displayName: PAYLOADS[1].slice(0, 60), about: PAYLOADS[0] });
    await evil.api.updatePrivacy({ about: 'everyone', avatar: 'everyone', lastSeen: 'everyone' });
    const rooms: { id: number }[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await evil.api.createRoom({ name: PAYLOADS[i * 7].slice(0, 90), description: PAYLOADS[i * 7 + 1], memberIds: [me.id], visibility: 'public' });
      rooms.push(r);
    }
    for (let i = 0; i < PAYLOADS.length; i++) await evil.api.post(rooms[0].id, `x-${i}`, PAYLOADS[i]);
    const direct = await evil.api.direct(me.id);
    await evil.api.post(direct.id, 'x-direct', PAYLOADS[2]);
    const invite = await evil.api.createInvite(rooms[1].id, {});

    const { page, context, errors } = await open();
    const foreign: string[] = [];
    const dialogs: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(BASE) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) foreign.push(r.url());
    });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await signIn(page, me);
    await page.locator('a.chat').nth(6).waitFor({ timeout: 20_000 });
    // every place user text appears: the chat list, the conversation, room info (names, about), the directory, an invite preview
    await page.goto(`/room/${rooms[0].id}`);
    await page.getByRole('log').getByText(PAYLOADS[PAYLOADS.length - 1]).waitFor({ timeout: 20_000 });
    const texts = await page.locator('[role=log] .msg .text').allInnerTexts();
    for (const p of PAYLOADS.slice(-20)) expect(texts.some((t) => t.includes(p.replace(/\s+$/, '').slice(0, 20)))).toBe(true);
    await page.goto(`/room/${rooms[0].id}/info`);
    await page.getByRole('heading', { name: 'Members' }).waitFor();
    await page.goto(`/room/${direct.id}`);
    await page.getByRole('log').locator('.msg').first().waitFor();
    await page.goto(`/room/${direct.id}/info`);
    await page.getByRole('button', { name: 'Block' }).waitFor();
    await page.goto('/directory');
    await page.locator('.rooms-found li').first().waitFor();
    await page.goto(`/join/${invite.code}`);
    await page.getByRole('button', { name: /Join/ }).waitFor();
    await page.goto('/');
    await page.locator('a.chat').first().waitFor();

    const injected = await page.evaluate(() => ({
      xss: (window as unknown as { __xss?: number }).__xss ?? 0,
      // elements a payload would have created; the app itself makes none of these
      elements: document.querySelectorAll('script:not([src]), iframe, object, embed, img[src="x"], svg[onload], [onerror], [onload], [onclick], [onfocus], base, meta[http-equiv], link[href*="evil"], style:not([data-vite-dev-id])').length,
      jsLinks: [...document.querySelectorAll('a')].filter((a) => !/^(https?:|\/|#)/.test(a.getAttribute('href') ?? '/')).length,
    }));
    expect(injected).toEqual({ xss: 0, elements: 0, jsLinks: 0 });
    expect(dialogs).toEqual([]);
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
