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

/**
 * Has the page record a playable WebM from a canvas of noise, with `gap` bytes of EBML Void (which
 * players skip) before its first cluster, and puts it in the file picker as `name` (built in the
 * page: handing tens of MB over the protocol is slow). A player that streams reads the header, then
 * asks for a range past the gap; one that fetches the file whole reads it all. Answers its size.
 */
async function attachRecording(page: Page, name: string, ms: number, gap: number): Promise<number> {
  return page.evaluate(async ({ name, ms, gap }) => {
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 360;
    const g = canvas.getContext('2d')!;
    const img = g.createImageData(640, 360);
    const rec = new MediaRecorder(canvas.captureStream(30), { mimeType: 'video/webm;codecs=vp8', videoBitsPerSecond: 2_000_000 });
    const parts: Blob[] = [];
    rec.ondataavailable = (e) => parts.push(e.data);
    const stopped = new Promise((r) => (rec.onstop = r));
    let on = true;
    const paint = () => {
      for (let i = 0; i < img.data.length; i += 4) {
        img.data[i] = Math.random() * 255;
        img.data[i + 1] = 128;
        img.data[i + 2] = Math.random() * 255;
        img.data[i + 3] = 255;
      }
      g.putImageData(img, 0, 0);
      if (on) requestAnimationFrame(paint);
    };
    paint();
    rec.start(250);
    await new Promise((r) => setTimeout(r, ms));
    on = false;
    rec.stop();
    await stopped;
    const webm = new Uint8Array(await new Blob(parts).arrayBuffer());
    let cluster = -1;
    for (let i = 0; i < webm.length - 3 && cluster < 0; i++) {
      if (webm[i] === 0x1f && webm[i + 1] === 0x43 && webm[i + 2] === 0xb6 && webm[i + 3] === 0x75) cluster = i;
    }
    if (cluster < 0) throw new Error('no cluster in the recording');
    const head = new Uint8Array(9);
    head[0] = 0xec; // Void
    head[1] = 0x01; // an 8-byte size
    new DataView(head.buffer).setUint32(5, gap - 9);
    const file = new File([webm.subarray(0, cluster), head, new Uint8Array(gap - 9), webm.subarray(cluster)], name, { type: 'video/webm' });
    const dt = new DataTransfer();
    dt.items.add(file);
    const input = document.querySelector<HTMLInputElement>('input[type=file]')!;
    input.files = dt.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    return file.size;
  }, { name, ms, gap });
}

/** Waits until the page's service worker controls it (it claims pages once active). */
async function controlled(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
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
    // the service worker controls the page by now: the element loads the media URL itself, and
    // reads the header (readyState 1+) only because the worker added the token
    const wavUrl = sent[0].data!.media!.url;
    await expect.poll(() => audio.locator('audio[controls]').getAttribute('src')).toBe(wavUrl);
    await expect.poll(() => audio.locator('audio').evaluate((a) => (a as HTMLAudioElement).readyState), { timeout: 15_000 }).toBeGreaterThan(0);

    const video = log(b.page).getByRole('button', { name: 'Play video clip.webm' });
    await video.click();
    await expect.poll(() => log(b.page).locator('video[controls]').getAttribute('src')).toBe(sent[2].data!.media!.url);

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

  it('a video gets a poster from its frame, streams through the service worker with range requests, and a non-member still gets 404', async () => {
    const { me, bob, roomId } = await pair('Movies');
    const carol = await person('Carol');
    const a = await open();
    await signIn(a.page, me, `/room/${roomId}`);
    await log(a.page).getByText('files coming').waitFor();
    let uploads = 0;
    a.page.on('request', (r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/media' && uploads++);
    const GAP = 40 * 1024 * 1024;
    expect(await attachRecording(a.page, 'noise.webm', 2000, GAP)).toBeGreaterThan(GAP);
    await a.page.getByRole('list', { name: 'Attachments' }).getByText('noise.webm').waitFor();
    await composer(a.page).fill('watch this');
    await composer(a.page).press('Enter');
    await until('the video arrives', async () => (await media(bob, roomId)).length === 1, 30_000);
    const [sent] = await media(bob, roomId);
    const m = sent.data!.media!;
    expect([sent.kind, m.width, m.height]).toEqual(['video', 640, 360]);
    expect(m.thumbnailUrl).toBe(`${m.url}/thumbnail`); // the poster's thumbnail, the server has none of its own for a video
    expect(uploads).toBe(2); // the frame, then the video

    const b = await open();
    await signIn(b.page, bob, `/room/${roomId}`);
    await controlled(b.page);
    const play = log(b.page).getByRole('button', { name: 'Play video noise.webm' });
    await expect.poll(() => play.locator('img').evaluate((i) => (i as HTMLImageElement).naturalWidth), { timeout: 15_000 }).toBeGreaterThan(0);
    // what the worker fetches for the element: the requests and the server's answers
    const ranges: string[] = [];
    const statuses: number[] = [];
    b.context.on('request', (r) => new URL(r.url()).pathname === m.url && ranges.push(r.headers()['range'] ?? 'none'));
    b.context.on('response', (r) => new URL(r.url()).pathname === m.url && statuses.push(r.status()));
    await play.click();
    const video = log(b.page).locator('video[controls]');
    await expect.poll(() => video.getAttribute('src')).toBe(m.url);
    await expect.poll(() => video.evaluate((v) => (v as HTMLVideoElement).currentTime), { timeout: 20_000 }).toBeGreaterThan(0);
    // it played from a range past the gap: the 40 MB before it were never asked for
    expect(ranges.every((r) => /^bytes=\d+-\d*$/.test(r))).toBe(true);
    expect(ranges.some((r) => Number(/^bytes=(\d+)-/.exec(r)![1]) >= GAP)).toBe(true);
    expect(statuses).toContain(206);
    expect(statuses.filter((s) => s !== 206 && s !== 200)).toEqual([]);
    // a plain fetch of the media URL from the page carries no token: the worker adds it
    expect(await b.page.evaluate((u) => fetch(u, { headers: { Range: 'bytes=0-15' } }).then((r) => r.status), m.url)).toBe(206);

    const c = await open();
    await signIn(c.page, carol);
    await controlled(c.page);
    expect(await c.page.evaluate((u) => fetch(u).then((r) => r.status), m.url)).toBe(404);
    expect(await c.page.evaluate((u) => fetch(u).then((r) => r.status), m.thumbnailUrl!)).toBe(404);
    expect([...a.errors, ...b.errors, ...c.errors]).toEqual([]);
    await a.context.close();
    await b.context.close();
    await c.context.close();
  });

  it("a throttled upload shows its progress moving, and holds back only its own room: a text in another room goes at once", async () => {
    const { me, bob, roomId } = await pair('Slow lane');
    const other = await me.api.createRoom({ name: 'Fast lane', memberIds: [bob.id] });
    const a = await open();
    await signIn(a.page, me, `/room/${roomId}`);
    await log(a.page).getByText('files coming').waitFor();
    // uploads crawl at 256 KB/s (DevTools' network emulation), 2 MB takes about 8 s
    const cdp = await a.context.newCDPSession(a.page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 256 * 1024 });
    const bytes = Buffer.alloc(2 * 1024 * 1024, 'confab ');
    await a.page.locator('input[type=file]').setInputFiles({ name: 'dump.bin', mimeType: 'application/octet-stream', buffer: bytes });
    await composer(a.page).press('Enter');
    await composer(a.page).fill('after the dump');
    await composer(a.page).press('Enter');
    const bar = log(a.page).locator('.bubble.pending').getByRole('progressbar', { name: 'Uploading dump.bin' });
    await bar.waitFor();
    await expect.poll(() => bar.evaluate((p) => (p as HTMLProgressElement).position * 100), { timeout: 20_000 }).toBeGreaterThan(0);
    const moving = await bar.evaluate((p) => (p as HTMLProgressElement).value);
    expect(moving).toBeGreaterThan(0);
    expect(moving).toBeLessThan(100);

    await a.page.locator('a.chat', { hasText: 'Fast lane' }).click();
    await composer(a.page).fill('meanwhile elsewhere');
    await composer(a.page).press('Enter');
    const texts = async (id: number) => (await bob.api.history(id, {})).messages.filter((m) => m.senderId === me.id && (m.kind === 'text' || m.kind === 'file')).map((m) => [m.kind, m.text ?? null]);
    await until('the other room has its text', async () => (await texts(other.id)).length === 1);
    // the upload is still running, and the text queued after it in its room waits for it
    expect(await texts(roomId)).toEqual([['text', 'files coming']]);
    await until('the dump and the text after it', async () => (await texts(roomId)).length === 3, 60_000);
    expect(await texts(roomId)).toEqual([['text', 'files coming'], ['file', null], ['text', 'after the dump']]);
    expect(a.errors).toEqual([]);
    await a.context.close();
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
