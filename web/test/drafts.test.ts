import { afterEach, describe, expect, it } from 'vitest';
import { Cache, ConfabClient, type WebSocketLike } from '../src/protocol';
import { takesOtherTabsDraft } from '../src/ui/Composer';

/** A socket that never connects: these tabs only talk to each other. */
const nowhere = (): WebSocketLike => ({ readyState: 0, send() {}, close() {}, onopen: null, onmessage: null, onclose: null, onerror: null });

const tabs: ConfabClient[] = [];
afterEach(() => {
  for (const t of tabs.splice(0)) t.close();
});

async function twoTabs(db: string): Promise<[ConfabClient, ConfabClient]> {
  const cache = await Cache.open(db);
  await cache.set('token', 'a-token');
  await cache.set('me', { id: 7, username: 'ann', displayName: 'Ann' });
  cache.db.close();
  const opts = { dbName: db, base: 'http://127.0.0.1:9', wsUrl: 'ws://127.0.0.1:9/ws', webSocket: nowhere };
  const a = await ConfabClient.start(opts);
  const b = await ConfabClient.start(opts);
  tabs.push(a, b);
  return [a, b];
}

function next<T>(wait: (resolve: (v: T) => void) => void): Promise<T> {
  return new Promise(wait);
}

describe('drafts shared between tabs', () => {
  it("a draft saved in one tab reaches the other tab of the device, and not the tab's own listeners", async () => {
    const [a, b] = await twoTabs('drafts-' + Math.random().toString(36).slice(2));
    const own: unknown[] = [];
    a.on('draft', (d) => own.push(d));
    const got = next<{ roomId: number; text: string }>((r) => b.on('draft', r));
    await a.saveDraft(12, 'half a sentence');
    expect(await got).toEqual({ roomId: 12, text: 'half a sentence' });
    // the other tab reads the same from the cache (a room opened there later starts with it)
    expect(await b.draft(12)).toBe('half a sentence');
    const cleared = next<{ roomId: number; text: string }>((r) => b.on('draft', r));
    await a.saveDraft(12, '');
    expect(await cleared).toEqual({ roomId: 12, text: '' });
    expect(await b.draft(12)).toBe('');
    expect(own).toEqual([]);
  });

  it('does not replace what the person is typing in the focused composer', () => {
    const now = 1_000_000;
    expect(takesOtherTabsDraft(true, now - 100, now)).toBe(false);
    expect(takesOtherTabsDraft(true, now - 5000, now)).toBe(true);
    expect(takesOtherTabsDraft(false, now - 100, now)).toBe(true);
    expect(takesOtherTabsDraft(true, 0, now)).toBe(true);
  });
});
