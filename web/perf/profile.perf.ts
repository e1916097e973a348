import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, it } from 'vitest';
import { closeBrowser, open, person, signIn } from '../e2e/browser';

/**
 * Where the main thread's time goes in the bench's two timed scenarios, from a DevTools trace and a
 * CPU profile (not a measurement to report: tracing slows the page). Off unless CONFAB_PROFILE names
 * a folder for the raw trace and profile:
 *   CONFAB_PROFILE=/tmp/prof CONFAB_URL=http://127.0.0.1:8080 npx vitest run --config vitest.perf.config.ts perf/profile.perf.ts
 */
const OUT = process.env.CONFAB_PROFILE;
afterAll(closeBrowser);

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; tdur?: number; tid: number; pid: number; cat: string; args?: { data?: Record<string, unknown> } }
interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number }

async function trace<T>(page: Page, name: string, body: () => Promise<T>): Promise<{ events: TraceEvent[]; profile: Profile; result: T }> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (d) => void events.push(...(d.value as unknown as TraceEvent[])));
  const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8,blink', transferMode: 'ReportEvents' });
  const result = await body();
  await cdp.send('Tracing.end');
  await done;
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
  if (OUT) {
    writeFileSync(join(OUT, `${name}.trace.json`), JSON.stringify({ traceEvents: events }));
    writeFileSync(join(OUT, `${name}.cpuprofile`), JSON.stringify(profile));
  }
  await cdp.detach();
  return { events, profile, result };
}

/** The renderer's main thread: the one that ran the most RunTask time. */
function mainThread(events: TraceEvent[]): TraceEvent[] {
  const byTid = new Map<string, number>();
  for (const e of events) if (e.name === 'RunTask' && e.dur) byTid.set(`${e.pid}:${e.tid}`, (byTid.get(`${e.pid}:${e.tid}`) ?? 0) + e.dur);
  const top = [...byTid.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  return events.filter((e) => `${e.pid}:${e.tid}` === top);
}

/** Self time (ms) per function in the samples whose time falls in one of the windows (µs, trace clock). */
function hot(profile: Profile, windows?: [number, number][], n = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    if (windows && !windows.some(([a, b]) => t >= a && t <= b)) continue;
    const f = byId.get(profile.samples[i])!.callFrame;
    if (f.functionName === '(idle)' || f.functionName === '(program)') continue;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `  ${v.toFixed(1).padStart(7)} ms  ${k}`).join('\n');
}

/** Inclusive time (ms) per function over the whole profile: the components and client steps that cost most. */
function inclusive(profile: Profile, n = 30): string {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const parent = new Map<number, number>();
  for (const x of profile.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
  const total = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const names = new Set<string>();
    for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id)!.callFrame;
      if (f.url && f.functionName) names.add(`${f.functionName} ${f.url.split('/').pop()}:${f.lineNumber}`);
    }
    for (const k of names) total.set(k, (total.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  return [...total.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `  ${v.toFixed(1).padStart(7)} ms  ${k}`).join('\n');
}

/** Time (ms) per trace event name inside [a, b], the outermost of each name only. */
function breakdown(main: TraceEvent[], a: number, b: number): string {
  const sum = new Map<string, number>();
  for (const e of main) {
    if (e.ph !== 'X' || !e.dur || e.ts < a || e.ts + e.dur > b || e.name === 'RunTask') continue;
    sum.set(e.name, (sum.get(e.name) ?? 0) + e.dur / 1000);
  }
  return [...sum.entries()].sort((x, y) => y[1] - x[1]).slice(0, 8).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ');
}

it.skipIf(!OUT)('profile: rendering a room while 50 messages a second arrive', async () => {
  const me = await person('Prof Reader');
  const sender = await person('Prof Sender');
  const room = await sender.api.createRoom({ name: 'Busy', memberIds: [me.id] });
  for (let i = 0; i < 20; i++) await me.api.createRoom({ name: `Other ${i}` });
  const { page, context } = await open();
  await signIn(page, me);
  await page.goto(`/room/${room.id}`);
  await page.getByRole('textbox', { name: 'Message' }).waitFor();
  await page.waitForTimeout(1000);
  const { events, profile } = await trace(page, 'live', async () => {
    for (let s = 0; s < 10; s++) {
      const tick = Date.now();
      await Promise.all(Array.from({ length: 50 }, (_, j) => sender.api.post(room.id, `p-${s}-${j}`, `busy message ${s * 50 + j} with a little text to render`)));
      const left = 1000 - (Date.now() - tick);
      if (left > 0) await new Promise((r) => setTimeout(r, left));
    }
    await page.getByRole('log').getByText('busy message 499 ').waitFor({ timeout: 60_000 });
  });
  const main = mainThread(events);
  const tasks = main.filter((e) => e.name === 'RunTask' && (e.dur ?? 0) > 50_000);
  console.log(`PROFILE live: ${tasks.length} tasks over 50 ms: ${tasks.map((t) => (t.dur! / 1000).toFixed(0)).join(', ')}`);
  // Thread time leaves out the time the thread waited for a core: on a loaded machine wall time
  // says more about the neighbours than about the page.
  const all = main.filter((e) => e.name === 'RunTask' && e.tdur !== undefined);
  const cpu = all.reduce((n, e) => n + e.tdur!, 0) / 1000;
  const heavy = all.filter((e) => e.tdur! > 50_000).map((e) => e.tdur! / 1000);
  const over16 = all.filter((e) => e.tdur! > 16_000).length;
  console.log(`PROFILE live CPU: main thread ${cpu.toFixed(0)} ms in ${all.length} tasks; tasks over 50 ms of CPU: ${heavy.length}${heavy.length ? ` (longest ${Math.max(...heavy).toFixed(0)})` : ''}; over 16 ms of CPU: ${over16}; longest ${(Math.max(...all.map((e) => e.tdur!)) / 1000).toFixed(0)} ms`);
  for (const t of tasks) console.log(`  task ${(t.dur! / 1000).toFixed(0)} ms: ${breakdown(main, t.ts, t.ts + t.dur!)}\n${hot(profile, [[t.ts, t.ts + t.dur!]], 8)}`);
  const busy = main.filter((e) => e.name === 'RunTask' && (e.dur ?? 0) > 16_000).map((e) => [e.ts, e.ts + e.dur!] as [number, number]);
  console.log(`PROFILE live: hottest functions in tasks over 16 ms (self time)\n${hot(profile, busy)}`);
  console.log(`PROFILE live: hottest functions overall (self time)\n${hot(profile)}`);
  console.log(`PROFILE live: functions by inclusive time\n${inclusive(profile)}`);
  await context.close();
});

it.skipIf(!OUT)('profile: the chat list from the cache after a reload', async () => {
  const me = await person('Prof Reload');
  for (let i = 0; i < 100; i += 25) await Promise.all(Array.from({ length: 25 }, (_, j) => me.api.createRoom({ name: `Bench ${i + j}` })));
  const { page, context } = await open();
  await signIn(page, me);
  await page.locator('a.chat').nth(5).waitFor();
  await page.waitForTimeout(1000);
  const { events, profile } = await trace(page, 'reload', async () => {
    await page.reload();
    await page.locator('a.chat').first().waitFor();
  });
  const main = mainThread(events);
  const nav = events.find((e) => e.name === 'navigationStart' && e.ts > 0)?.ts ?? main[0].ts;
  const marks = events.filter((e) => ['navigationStart', 'domInteractive', 'domContentLoadedEventEnd', 'firstContentfulPaint', 'firstPaint', 'largestContentfulPaint::Candidate'].includes(e.name));
  console.log(`PROFILE reload marks: ${marks.map((e) => `${e.name} +${((e.ts - nav) / 1000).toFixed(0)}`).join(', ')}`);
  const tasks = main.filter((e) => e.name === 'RunTask' && (e.dur ?? 0) > 2000 && e.ts >= nav && e.ts < nav + 1_000_000);
  for (const t of tasks) console.log(`  +${((t.ts - nav) / 1000).toFixed(0)} ms task ${(t.dur! / 1000).toFixed(1)} ms: ${breakdown(main, t.ts, t.ts + t.dur!)}`);
  const net = events.filter((e) => e.name === 'ResourceSendRequest' && e.ts >= nav).map((e) => `+${((e.ts - nav) / 1000).toFixed(0)} ${String(e.args?.data?.url ?? '').replace(/^https?:\/\/[^/]+/, '')}`);
  console.log(`PROFILE reload requests: ${net.join(', ')}`);
  console.log(`PROFILE reload hottest (self time)\n${hot(profile)}`);
  await context.close();
});
