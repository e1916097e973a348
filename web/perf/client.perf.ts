import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, it } from 'vitest';
import { closeBrowser, open, person, signIn } from '../e2e/browser';

afterAll(closeBrowser);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

it('JavaScript shipped, gzipped', () => {
  const dir = join(import.meta.dirname, '..', 'dist', 'assets');
  let raw = 0, gz = 0;
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
    const b = readFileSync(join(dir, f));
    raw += b.length;
    gz += gzipSync(b, { level: 9 }).length;
  }
  console.log(`BENCH js: ${(raw / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(1)} KB gzipped`);
});

it('time to show the chat list from the cache on reload', async () => {
  const me = await person('Bench Reload');
  for (let i = 0; i < 100; i += 25) await Promise.all(Array.from({ length: 25 }, (_, j) => me.api.createRoom({ name: `Bench ${i + j}` })));
  const { page, context } = await open();
  await page.addInitScript(() => {
    new MutationObserver((_, obs) => {
      if (document.querySelector('a.chat')) {
        (window as unknown as { firstRow: number }).firstRow = performance.now();
        obs.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await signIn(page, me);
  await page.locator('a.chat').nth(5).waitFor();
  await page.waitForTimeout(1000);
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    await page.reload();
    await page.locator('a.chat').first().waitFor();
    times.push(await page.evaluate(() => (window as unknown as { firstRow: number }).firstRow));
  }
  console.log(`BENCH chat list from cache after reload (navigation start to first row): median ${median(times).toFixed(0)} ms, all ${times.map((t) => t.toFixed(0)).join(', ')}`);
  await context.close();
});

it('rendering a room while 50 messages a second arrive', async () => {
  const me = await person('Bench Reader');
  const sender = await person('Bench Sender');
  const room = await sender.api.createRoom({ name: 'Busy', memberIds: [me.id] });
  const { page, context } = await open();
  await page.addInitScript(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: 'longtask', buffered: true });
  });
  await signIn(page, me);
  await page.goto(`/room/${room.id}`);
  await page.getByRole('textbox', { name: 'Message' }).waitFor();
  await page.waitForTimeout(1000);
  await page.evaluate(() => ((window as unknown as { longTasks: number[] }).longTasks = []));
  const start = Date.now();
  let sent = 0;
  for (let s = 0; s < 10; s++) {
    const tick = Date.now();
    await Promise.all(Array.from({ length: 50 }, (_, j) => sender.api.post(room.id, `b-${s}-${j}`, `busy message ${s * 50 + j} with a little text to render`)));
    sent += 50;
    const left = 1000 - (Date.now() - tick);
    if (left > 0) await new Promise((r) => setTimeout(r, left));
  }
  await page.getByRole('log').getByText(`busy message ${sent - 1} `).waitFor({ timeout: 60_000 });
  const secs = (Date.now() - start) / 1000;
  const tasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
  console.log(`BENCH ${sent} messages in ${secs.toFixed(1)} s (${(sent / secs).toFixed(0)}/s): ${tasks.length} long tasks, longest ${tasks.length ? Math.max(...tasks).toFixed(0) : 0} ms; over 50 ms: ${tasks.filter((t) => t > 50).length}`);
  await context.close();
});
