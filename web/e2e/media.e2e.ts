import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { pdf, png, wav } from '../test/files';
import { closeBrowser, open, person, shot, signIn, until, type Person } from './browser';

afterAll(closeBrowser);

const log = (page: Page) => page.getByRole('log');
const composer = (page: Page) => page.getByRole('textbox', { name: 'Message' });

async function axe(page: Page, screen: string): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${screen}: ${v.id} (${v.nodes.length}) ${v.nodes[0]?.target}`);
}

async function pair(room: string): Promise<{ me: Person; bob: Person; roomId: number }> {
  const me = await person('Ada');
  const bob = await person('Bob');
  const r = await me.api.createRoom({ name: room, memberIds: [bob.id] });
  await me.api.post(r.id, 'hello', 'files coming');
  return { me, bob, roomId: r.id };
}

async function media(p: Person, roomId: number) {
  return (await p.api.history(roomId, {})).messages.filter((m) => ['image', 'video', 'audio', 'file'].includes(m.kind));
}

/** Hands files to the page as a synthetic drop or paste (playwright cannot drag from the desktop). */
async function deliver(page: Page, how: 'drop' | 'paste', files: { name: string; type: string; bytes: Uint8Array }[]): Promise<void> {
  await page.evaluate(({ how, files }) => {
    const dt = new DataTransfer();
    for (const f of files) dt.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
    if (how === 'paste') {
      document.querySelector('textarea')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
      return;
    }
    const target = document.querySelector('[role=log]')!;
    target.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    (window as unknown as { dropTransfer: DataTransfer }).dropTransfer = dt;
  }, { how, files: files.map((f) => ({ ...f, bytes: Array.from(f.bytes) })) });
  if (how === 'drop') {
    await page.locator('.drop-zone', { hasText: 'Drop files to send them' }).waitFor();
    await page.evaluate(() => {
      const dt = (window as unknown as { dropTransfer: DataTransfer }).dropTransfer;
      document.querySelector('[role=log]')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await page.locator('.drop-zone').waitFor({ state: 'detached' });
  }
}

const ratio = (b: { width: number; height: number } | null) => (b ? b.width / b.height : 0);

describe('9.7 media in the web client', () => {
  it('a photo from the paperclip: the other side reserves its box before the thumbnail loads, opens the viewer, Escape closes it', async () => {
    const { me, bob, roomId } = await pair('Photos');
    const a = await open();
    const b = await open({ dark: true });
    await signIn(a.page, me, `/room/${roomId}`);
    await signIn(b.page, bob, `/room/${roomId}`);
    await log(b.page).getByText('files coming').waitFor();
    // bob's thumbnails are held back until released, to see the box before anything loads
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await b.page.route('**/api/v1/media/*/thumbnail', async (r) => {
      await held;
      await r.continue();
    });

    await a.page.locator('input[type=file]').setInputFiles({ name: 'sunset.png', mimeType: 'image/png', buffer: Buffer.from(png(400, 300)) });
    const tray = a.page.getByRole('list', { name: 'Attachments' });
    await tray.getByText('sunset.png').waitFor();
    expect(await tray.locator('img.tray-thumb').count()).toBe(1);
    await composer(a.page).fill('the view tonight');
    await composer(a.page).press('Enter');
    expect(await tray.count()).toBe(0);

    const box = log(b.page).getByRole('button', { name: 'Open photo sunset.png' });
    await box.waitFor();
    const before = await box.boundingBox();
    expect(await box.locator('img').count()).toBe(0); // not loaded yet, but the space is there
    expect(before!.width).toBeCloseTo(320, 0);
    expect(ratio(before)).toBeCloseTo(4 / 3, 1);
    await log(b.page).locator('.msg', { hasText: 'the view tonight' }).waitFor();
    release();
    await expect.poll(() => box.locator('img').evaluate((i) => (i as HTMLImageElement).naturalWidth), { timeout: 15_000 }).toBeGreaterThan(0);
    const after = await box.boundingBox();
    expect(after!.width).toBeCloseTo(before!.width, 0);
    expect(after!.height).toBeCloseTo(before!.height, 0);
    expect(await box.locator('img').getAttribute('src')).toMatch(/^blob:/);
    // the chat list says what it is
    await b.page.locator('a.chat', { hasText: 'Photos' }).getByText('📷 Photo · the view tonight').waitFor();
    const problems = await axe(b.page, 'conversation with a photo');
    await shot(b.page, 'media-dark');
    // my own side: the sent photo in my bubble
    await log(a.page).getByRole('button', { name: 'Open photo sunset.png' }).locator('img').waitFor();
    await shot(a.page, 'media-light');

    await box.click();
    const viewer = b.page.getByRole('dialog', { name: 'sunset.png' });
    await viewer.waitFor();
    await expect.poll(() => viewer.locator('img.viewer-img').evaluate((i) => (i as HTMLImageElement).naturalWidth), { timeout: 15_000 }).toBe(400);
    await expect.poll(() => b.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Close');
    problems.push(...(await axe(b.page, 'viewer')));
    await shot(b.page, 'viewer-dark');
    await b.page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
    expect(await b.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Open photo sunset.png');
    expect(problems).toEqual([]);

    const sent = await media(bob, roomId);
    expect(sent.map((m) => [m.kind, m.text, m.data?.media?.width, m.data?.media?.height])).toEqual([['image', 'the view tonight', 400, 300]]);
    expect([...a.errors, ...b.errors]).toEqual([]);
    await a.context.close();
    await b.context.close();
  });

  it('dropped video, audio and PDF, and a pasted picture: a player each, and a file card with name, size and download', async () => {
    const { me, bob, roomId } = await pair('Drops');
    const a = await open();
    await signIn(a.page, me, `/room/${roomId}`);
    await log(a.page).getByText('files coming').waitFor();
    // a WebM by its first bytes (the server sniffs the EBML header; the browser cannot play these bytes,
    // so the test sees the player appear, not the picture move)
    const webm = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84, 0x77, 0x65, 0x62, 0x6d, ...new Array(64).fill(0)]);
    const report = pdf();
    await deliver(a.page, 'drop', [
      { name: 'clip.webm', type: 'video/webm', bytes: webm },
      { name: 'voice.wav', type: 'audio/wav', bytes: wav(2000) },
      { name: 'report.pdf', type: 'application/pdf', bytes: report },
    ]);
    const tray = a.page.getByRole('list', { name: 'Attachments' });
    await expect.poll(() => tray.locator('li').count()).toBe(3);
    await tray.getByRole('button', { name: 'Remove clip.webm' }).click();
    await expect.poll(() => tray.locator('li').count()).toBe(2);
    await deliver(a.page, 'drop', [{ name: 'clip.webm', type: 'video/webm', bytes: webm }]);
    await tray.getByRole('textbox', { name: 'Caption for report.pdf' }).fill('Q3 numbers');
    await deliver(a.page, 'paste', [{ name: 'image.png', type: 'image/png', bytes: png(120, 240) }]);
    await expect.poll(() => tray.locator('li').count()).toBe(4);
    await composer(a.page).fill('listen to this');
    await shot(a.page, 'media-tray-light');
    await a.page.getByRole('button', { name: 'Send' }).click();

    // order: as in the tray; the composer text captions the first file without a caption of its own
    await until('four media messages', async () => (await media(bob, roomId)).length === 4);
    const sent = await media(bob, roomId);
    expect(sent.map((m) => [m.kind, m.text ?? null, m.data?.media?.name])).toEqual([
      ['audio', 'listen to this', 'voice.wav'],
      ['file', 'Q3 numbers', 'report.pdf'],
      ['video', null, 'clip.webm'],
      ['image', null, 'image.png'],
    ]);
    expect(sent[0].data?.media?.durationMs).toBe(2000);
    await expect.poll(() => a.page.locator('.bubble.pending').count(), { timeout: 20_000 }).toBe(0);

    const b = await open();
    await signIn(b.page, bob, `/room/${roomId}`);
    const card = log(b.page).locator('.file-card', { hasText: 'report.pdf' });
    await card.getByText(`${report.length} B`).waitFor();
    const [dl] = await Promise.all([b.page.waitForEvent('download'), card.getByRole('button', { name: 'Download report.pdf' }).click()]);
    expect(dl.suggestedFilename()).toBe('report.pdf');
    expect(b.page.url()).toMatch(new RegExp(`/room/${roomId}$`)); // never navigated to the media URL

    const audio = log(b.page).locator('.audio-card', { hasText: 'voice.wav' });
    await audio.getByText('0:02').waitFor();
    await audio.getByRole('button', { name: 'Play voice.wav' }).click();
    await expect.poll(() => audio.locator('audio[controls]').getAttribute('src')).toMatch(/^blob:/);

    const video = log(b.page).getByRole('button', { name: 'Play video clip.webm' });
    await video.click();
    await expect.poll(() => log(b.page).locator('video[controls]').getAttribute('src')).toMatch(/^blob:/);

    const pasted = log(b.page).getByRole('button', { name: 'Open photo image.png' });
    expect(ratio(await pasted.boundingBox())).toBeCloseTo(0.5, 1);
    await b.page.locator('a.chat', { hasText: 'Drops' }).getByText('Ada: 📷 Photo').waitFor();
    const problems = await axe(b.page, 'conversation with files');
    await shot(b.page, 'media-files-light');
    // a narrow screen: the boxes shrink with their bubble and keep their shape
    await b.page.setViewportSize({ width: 390, height: 844 });
    await pasted.scrollIntoViewIfNeeded();
    expect(ratio(await pasted.boundingBox())).toBeCloseTo(0.5, 1);
    const wide = (await log(b.page).locator('.media-box.video').boundingBox())!;
    expect(wide.x + wide.width).toBeLessThanOrEqual(390 - 8); // inside the screen, not cut off
    expect(ratio(wide)).toBeCloseTo(4 / 3, 1);
    await log(b.page).locator('.media-box.video').scrollIntoViewIfNeeded();
    await shot(b.page, 'media-mobile');
    expect(problems).toEqual([]);
    expect([...a.errors, ...b.errors]).toEqual([]);
    await a.context.close();
    await b.context.close();
  });

  it('Cancel during an upload aborts it: nothing is sent and the server has no message', async () => {
    const { me, roomId } = await pair('Cancel');
    const a = await open();
    await signIn(a.page, me, `/room/${roomId}`);
    await log(a.page).getByText('files coming').waitFor();
    let uploads = 0;
    await a.page.route((u) => u.pathname === '/api/v1/media', async (r) => {
      uploads++;
      await new Promise((res) => setTimeout(res, 60_000)); // held: the upload never finishes by itself
      await r.continue().catch(() => undefined);
    });
    await a.page.locator('input[type=file]').setInputFiles({ name: 'big.png', mimeType: 'image/png', buffer: Buffer.from(png(300, 200)) });
    await composer(a.page).press('Enter');
    const pending = log(a.page).locator('.bubble.pending');
    await pending.getByRole('progressbar', { name: 'Uploading big.png' }).waitFor();
    await until('the upload started', () => uploads === 1);
    await shot(a.page, 'media-uploading-light');
    await pending.getByRole('button', { name: 'Cancel' }).click();
    await pending.waitFor({ state: 'detached' });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await media(me, roomId)).toEqual([]);
    expect(await a.page.locator('.bubble.pending').count()).toBe(0);
    // and the cancelled item does not come back on reload
    await a.page.unrouteAll({ behavior: 'ignoreErrors' });
    await a.page.reload();
    await log(a.page).getByText('files coming').waitFor();
    await new Promise((r) => setTimeout(r, 1000));
    expect(await a.page.locator('.bubble.pending').count()).toBe(0);
    expect(await media(me, roomId)).toEqual([]);
    await a.context.close();
  });

  it('a refused upload shows as failed in words, with Retry and Discard', async () => {
    const { me, roomId } = await pair('Refused');
    const a = await open();
    await signIn(a.page, me, `/room/${roomId}`);
    await log(a.page).getByText('files coming').waitFor();
    // PNG's signature, then garbage: the server says invalid_image
    const broken = Buffer.concat([Buffer.from(png(10, 10)).subarray(0, 16), Buffer.alloc(200, 7)]);
    await a.page.locator('input[type=file]').setInputFiles({ name: 'broken.png', mimeType: 'image/png', buffer: broken });
    await composer(a.page).fill('will it work');
    await composer(a.page).press('Enter');
    const failed = log(a.page).locator('.bubble.failed', { hasText: 'will it work' });
    await failed.getByText('This picture seems damaged: it cannot be opened.').waitFor({ timeout: 20_000 });
    let uploads = 0;
    a.page.on('request', (r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/media' && uploads++);
    await failed.getByRole('button', { name: 'Retry' }).click();
    await until('uploaded again', () => uploads === 1);
    await failed.getByText('This picture seems damaged').waitFor({ timeout: 20_000 });
    await failed.getByRole('button', { name: 'Discard' }).click();
    await failed.waitFor({ state: 'detached' });
    expect(await media(me, roomId)).toEqual([]);
    await a.context.close();
  });

  it('offline: a photo waits in the outbox through a reload and arrives exactly once when the server is back', async () => {
    const { me, bob, roomId } = await pair('Offline');
    const a = await open();
    await signIn(a.page, me, `/room/${roomId}`);
    await log(a.page).getByText('files coming').waitFor();
    let offline = true;
    await a.page.route('**/api/**', (r) => (offline ? r.abort() : r.continue()));
    await a.page.routeWebSocket('**/ws**', (ws) => (offline ? ws.close() : ws.connectToServer()));
    await a.page.evaluate(() => (window as unknown as { confab: { dropConnection(): void } }).confab.dropConnection());
    await a.page.locator('.conn').waitFor({ timeout: 20_000 });

    await a.page.locator('input[type=file]').setInputFiles({ name: 'trip.png', mimeType: 'image/png', buffer: Buffer.from(png(200, 200)) });
    await composer(a.page).fill('from the train');
    await composer(a.page).press('Enter');
    const pending = log(a.page).locator('.bubble.pending', { hasText: 'from the train' });
    await pending.getByText('Waiting…').waitFor();
    await pending.locator('img').waitFor(); // the local picture

    await a.page.reload();
    await pending.getByText('Waiting…').waitFor({ timeout: 20_000 });
    expect(await media(bob, roomId)).toEqual([]);

    offline = false;
    await a.page.evaluate(() => (window as unknown as { confab: { reconnectNow(): void } }).confab.reconnectNow());
    await until('the photo arrives', async () => (await media(bob, roomId)).length > 0, 30_000);
    await expect.poll(() => a.page.locator('.bubble.pending').count(), { timeout: 20_000 }).toBe(0);
    await log(a.page).getByRole('button', { name: 'Open photo trip.png' }).waitFor();
    await new Promise((r) => setTimeout(r, 1500));
    const got = await media(bob, roomId);
    expect(got.map((m) => [m.kind, m.text])).toEqual([['image', 'from the train']]);
    expect(a.errors).toEqual([]);
    await a.context.close();
  });
});
