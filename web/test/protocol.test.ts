// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest';
import { Api, Backoff, ConfabClient, deliveryOf } from '../src/protocol';
import { png } from './files';
import { BASE, device, hasServer, uniqueName, until, wsFactory } from './server';

const open: ConfabClient[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

async function signedUp(prefix: string): Promise<{ client: ConfabClient; db: string; username: string }> {
  const db = uniqueName('db');
  const client = await device(db);
  open.push(client);
  const username = uniqueName(prefix);
  await client.signup(username, 'password-' + username, prefix);
  await until('online', () => client.status === 'open');
  return { client, db, username };
}

describe('Backoff', () => {
  it('grows exponentially with jitter below the cap and resets', () => {
    let r = 1;
    const b = new Backoff(500, 8000, () => r);
    expect([b.next(), b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    r = 0;
    expect(b.next()).toBe(250);
    b.reset();
    r = 1;
    expect(b.next()).toBe(500);
  });
});

describe.runIf(hasServer)('protocol client against a real server', () => {
  it('signs up, chats live in a direct room with ticks, and drops duplicates by id', async () => {
    const alice = await signedUp('alice');
    const bob = await signedUp('bob');
    const room = await alice.client.api.direct(bob.client.me!.id);
    await alice.client.addRoom(room.id);

    await alice.client.send(room.id, 'hello bob');
    await until('bob gets it', () => bob.client.roomEntry(room.id)?.lastMessage?.text === 'hello bob');
    expect(bob.client.unread(room.id)).toBeGreaterThanOrEqual(1);
    await until('alice has the sent message', () => alice.client.outbox().length === 0);

    const mine = alice.client.roomEntry(room.id)!.lastMessage!;
    await until('delivered tick', () => deliveryOf(mine, [...alice.client.receiptsOf(room.id).values()]) === 'delivered');
    bob.client.markRead(room.id, mine.seq);
    await until('read tick', () => deliveryOf(mine, [...alice.client.receiptsOf(room.id).values()]) === 'read');
    expect(bob.client.unread(room.id)).toBe(0);

    // a history page overlapping what arrived live adds nothing twice
    const page = await bob.client.latest(room.id);
    const seqs = page.messages.map((m) => m.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(page.messages.at(-1)!.text).toBe('hello bob');
  });

  it('never shows my message twice: its pending copy is gone when the stored one arrives, echo or answer first', async () => {
    const alice = await signedUp('alice');
    const bob = await signedUp('bob');
    const room = await alice.client.api.direct(bob.client.me!.id);
    await alice.client.addRoom(room.id);
    const both: string[] = [];
    alice.client.on('messages', ({ messages }) => {
      const pending = new Set(alice.client.outbox(room.id).map((i) => i.clientId));
      for (const m of messages) if (m.clientId && pending.has(m.clientId)) both.push(m.text ?? '');
    });
    for (let i = 0; i < 20; i++) await alice.client.send(room.id, `once ${i}`);
    await until('all sent', () => alice.client.outbox().length === 0 && alice.client.roomEntry(room.id)?.lastMessage?.text === 'once 19');
    expect(both).toEqual([]);
  });

  it('replies, forwards, edits and reacts, live on the other device and replayed by sync after a restart', async () => {
    const alice = await signedUp('alice');
    const bob = await signedUp('bob');
    const room = await alice.client.api.createRoom({ name: 'talk', memberIds: [bob.client.me!.id] });
    const other = await alice.client.api.createRoom({ name: 'elsewhere' });
    await alice.client.addRoom(room.id);
    await alice.client.addRoom(other.id);
    await until('bob sees the room', () => bob.client.roomEntry(room.id) !== undefined);

    await alice.client.send(room.id, 'original words');
    await until('bob has it', () => bob.client.roomEntry(room.id)?.lastMessage?.text === 'original words');
    const original = bob.client.roomEntry(room.id)!.lastMessage!;
    await bob.client.send(room.id, 'my answer', original);
    await until('alice has the reply', () => alice.client.roomEntry(room.id)?.lastMessage?.text === 'my answer');
    const reply = alice.client.roomEntry(room.id)!.lastMessage!;
    expect(reply.data?.replyTo).toMatchObject({ id: original.id, seq: original.seq, senderId: alice.client.me!.id, preview: 'original words' });

    await alice.client.forward(other.id, reply);
    await until('forwarded', () => alice.client.roomEntry(other.id)?.lastMessage?.text === 'my answer');
    expect(alice.client.roomEntry(other.id)!.lastMessage!.data?.forwarded).toMatchObject({ senderId: bob.client.me!.id });

    // bob reads everything, then an edit reaches him live without making the room unread
    bob.client.markRead(room.id, reply.seq);
    await until('bob read', () => bob.client.unread(room.id) === 0);
    await alice.client.edit(room.id, original.seq, 'better words');
    await until('edit live', async () => (await bob.client.latest(room.id)).messages.find((m) => m.seq === original.seq)?.text === 'better words');
    const edited = (await bob.client.latest(room.id)).messages.find((m) => m.seq === original.seq)!;
    expect(edited.editedAt).toBeTruthy();
    expect(bob.client.unread(room.id)).toBe(0);
    await expect(bob.client.edit(room.id, original.seq, 'not mine')).rejects.toMatchObject({ code: 'forbidden' });

    const [thumbs, heart] = await bob.client.reactionEmoji();
    await bob.client.react(room.id, original.seq, thumbs);
    await bob.client.react(room.id, original.seq, thumbs); // a repeat changes nothing
    const reactionsOf = async (c: ConfabClient) => (await c.latest(room.id)).messages.find((m) => m.seq === original.seq)?.reactions ?? [];
    await until('alice sees the reaction', async () => (await reactionsOf(alice.client)).some((r) => r.emoji === thumbs && r.count === 1));
    expect((await reactionsOf(bob.client)).find((r) => r.emoji === thumbs)?.mine).toBe(true);
    expect((await reactionsOf(alice.client)).find((r) => r.emoji === thumbs)).toMatchObject({ mine: false, userIds: [bob.client.me!.id] });
    await expect(bob.client.react(room.id, original.seq, 'not an emoji')).rejects.toMatchObject({ code: 'emoji_not_allowed' });

    // bob's device is away while alice edits again and both react: sync replays it all, once
    bob.client.close();
    await alice.client.edit(room.id, original.seq, 'best words');
    await alice.client.react(room.id, original.seq, heart);
    await alice.client.react(room.id, original.seq, thumbs);
    await alice.client.react(room.id, original.seq, heart, false);
    const back = await device(bob.db);
    open.push(back);
    await until('synced', () => back.status === 'open');
    await until('edit and reactions replayed', async () => {
      const m = (await back.latest(room.id)).messages.find((x) => x.seq === original.seq);
      return m?.text === 'best words' && m.reactions?.length === 1 && m.reactions[0].emoji === thumbs && m.reactions[0].count === 2;
    });
    expect(back.unread(room.id)).toBe(0);
  });

  it('a quote the server sends without text (history from joining) shows the text this device has, and none on a newcomer', async () => {
    const alice = await signedUp('alice');
    const bob = await signedUp('bob');
    const carol = await signedUp('carol');
    const room = await alice.client.api.createRoom({ name: 'fresh', memberIds: [bob.client.me!.id], history: 'joined' });
    await alice.client.addRoom(room.id);
    await until('bob sees the room', () => bob.client.roomEntry(room.id) !== undefined);
    await alice.client.send(room.id, 'only for early members');
    await until('bob has it', () => bob.client.roomEntry(room.id)?.lastMessage?.text === 'only for early members');
    const original = bob.client.roomEntry(room.id)!.lastMessage!;
    await alice.client.api.addMembers(room.id, [carol.client.me!.id]);
    await until('carol sees the room', () => carol.client.roomEntry(room.id) !== undefined);
    await bob.client.send(room.id, 'agreed', original);
    await until('alice has the reply', () => alice.client.roomEntry(room.id)?.lastMessage?.text === 'agreed');
    await until('carol has the reply', () => carol.client.roomEntry(room.id)?.lastMessage?.text === 'agreed');
    expect(alice.client.roomEntry(room.id)!.lastMessage!.data?.replyTo).toMatchObject({ seq: original.seq, preview: 'only for early members' });
    const carolsQuote = carol.client.roomEntry(room.id)!.lastMessage!.data?.replyTo;
    expect(carolsQuote).toMatchObject({ seq: original.seq, senderId: alice.client.me!.id });
    expect(carolsQuote?.preview).toBeUndefined();
    const carolsPage = await carol.client.latest(room.id);
    expect(JSON.stringify(carolsPage.messages)).not.toContain('only for early members');
  });

  it('queues while offline, survives a restart of the device, and sends in order with the same clientIds', async () => {
    const alice = await signedUp('alice');
    const bob = await signedUp('bob');
    const room = await alice.client.api.createRoom({ name: 'order', memberIds: [bob.client.me!.id] });
    await alice.client.addRoom(room.id);

    // the device goes away before it can send: a fresh client on the same database picks the outbox up
    alice.client.close();
    const offline = await ConfabClient.start({ base: 'http://127.0.0.1:9', dbName: alice.db, webSocket: wsFactory });
    open.push(offline);
    for (let i = 0; i < 5; i++) await offline.send(room.id, `m${i}`);
    expect(offline.outbox(room.id).map((i) => i.text)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    const ids = offline.outbox().map((i) => i.clientId);
    offline.close();

    const back = await device(alice.db);
    open.push(back);
    await until('outbox drained', () => back.status === 'open' && back.outbox().length === 0);
    const page = await bob.client.latest(room.id);
    const texts = page.messages.filter((m) => m.kind === 'text');
    expect(texts.map((m) => m.text)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect(texts.map((m) => m.clientId)).toEqual(ids);
  });

  it('a file in the outbox survives restarts, is uploaded once, and goes out in order with the texts around it', async () => {
    const alice = await signedUp('alice');
    const bob = await signedUp('bob');
    const room = await alice.client.api.createRoom({ name: 'media order', memberIds: [bob.client.me!.id] });
    await alice.client.addRoom(room.id);
    alice.client.close();

    // offline: a text, a picture with a caption, a text; the picture's Blob waits in IndexedDB
    const offline = await ConfabClient.start({ base: 'http://127.0.0.1:9', dbName: alice.db, webSocket: wsFactory });
    open.push(offline);
    const bytes = png(40, 30);
    await offline.send(room.id, 'before');
    await offline.sendMedia(room.id, { blob: new Blob([bytes], { type: 'image/png' }), name: 'dot.png', type: 'image/png', kind: 'image', width: 40, height: 30 }, 'a caption');
    await offline.send(room.id, 'after');
    offline.close();

    // back online, but the socket loses every media `send` (the page dies after the upload, before the message)
    let uploads = 0;
    const counting: typeof fetch = (input, init) => {
      if (init?.method === 'POST' && String(input).includes('/api/v1/media')) uploads++;
      return fetch(input, init);
    };
    const lossy = (url: string) => {
      const ws = wsFactory(url);
      const send = ws.send.bind(ws);
      ws.send = (d: string) => (JSON.parse(d).mediaId ? undefined : send(d));
      return ws;
    };
    const first = await ConfabClient.start({ base: BASE, dbName: alice.db, webSocket: lossy, fetch: counting });
    open.push(first);
    await until('uploaded and remembered', () => first.outbox(room.id).some((i) => i.media !== undefined), 20_000);
    const media = first.outbox(room.id).find((i) => i.media)!.media!;
    expect(uploads).toBe(1);
    expect(media).toMatchObject({ kind: 'image', type: 'image/png', width: 40, height: 30, name: 'dot.png', size: bytes.length });
    first.close();

    // a restart sends it with the upload it already has: no second upload
    const second = await ConfabClient.start({ base: BASE, dbName: alice.db, webSocket: wsFactory, fetch: counting });
    open.push(second);
    await until('outbox drained', () => second.status === 'open' && second.outbox().length === 0, 20_000);
    expect(uploads).toBe(1);
    const page = await bob.client.latest(room.id);
    const posted = page.messages.filter((m) => m.senderId === alice.client.me!.id && (m.kind === 'text' || m.kind === 'image'));
    expect(posted.map((m) => [m.kind, m.text])).toEqual([['text', 'before'], ['image', 'a caption'], ['text', 'after']]);
    expect(posted[1].data?.media?.id).toBe(media.id);
    // bob may read it now that a message shows it, and gets the same bytes
    const got = new Uint8Array(await (await bob.client.api.mediaBlob(media.url)).arrayBuffer());
    expect(Buffer.from(got).equals(bytes)).toBe(true);
  });

  it("a long upload holds back only its own room: another room's text goes meanwhile, the same room's text waits for it", async () => {
    const alice = await signedUp('alice');
    const bob = await signedUp('bob');
    const slow = await alice.client.api.createRoom({ name: 'slow', memberIds: [bob.client.me!.id] });
    const fast = await alice.client.api.createRoom({ name: 'fast', memberIds: [bob.client.me!.id] });
    alice.client.close();
    // every upload waits at the door until the test lets it through
    let release!: () => void;
    const door = new Promise<void>((r) => (release = r));
    let uploading = 0;
    const gated: typeof fetch = async (input, init) => {
      if (init?.method === 'POST' && String(input).includes('/api/v1/media')) {
        uploading++;
        await door;
      }
      return fetch(input, init);
    };
    const c = await ConfabClient.start({ base: BASE, dbName: alice.db, webSocket: wsFactory, fetch: gated });
    open.push(c);
    await until('online', () => c.status === 'open');
    await c.sendMedia(slow.id, { blob: new Blob([png(40, 30)], { type: 'image/png' }), name: 'big.png', type: 'image/png', kind: 'image' }, 'the picture');
    await c.send(slow.id, 'after the picture');
    await c.send(fast.id, 'meanwhile');
    await until('the other room gets its text', () => bob.client.roomEntry(fast.id)?.lastMessage?.text === 'meanwhile');
    expect(uploading).toBe(1);
    const mine = async () => (await bob.client.api.history(slow.id, {})).messages.filter((m) => m.senderId === c.me!.id && (m.kind === 'text' || m.kind === 'image')).map((m) => [m.kind, m.text]);
    expect(await mine()).toEqual([]); // the text queued after the upload waits for it
    expect(c.outbox(slow.id).map((i) => i.text)).toEqual(['the picture', 'after the picture']);
    release();
    await until('outbox drained', () => c.outbox().length === 0, 20_000);
    expect(await mine()).toEqual([['image', 'the picture'], ['text', 'after the picture']]);
  });

  it("a video's poster is uploaded first and remembered: a restart mid-way uploads neither twice, and the video's thumbnail is the poster", async () => {
    const alice = await signedUp('alice');
    const room = await alice.client.api.createRoom({ name: 'poster' });
    alice.client.close();
    const webm = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84, 0x77, 0x65, 0x62, 0x6d, ...new Array(64).fill(0)]);
    const posts: string[] = [];
    // the first run uploads the poster, then dies while the video is on its way
    const dying: typeof fetch = async (input, init) => {
      if (init?.method === 'POST' && String(input).includes('/api/v1/media')) {
        posts.push(String(input));
        if (String(input).includes('posterId=')) return new Promise<Response>(() => undefined);
      }
      return fetch(input, init);
    };
    const first = await ConfabClient.start({ base: BASE, dbName: alice.db, webSocket: wsFactory, fetch: dying });
    open.push(first);
    await until('online', () => first.status === 'open');
    await first.sendMedia(room.id, { blob: new Blob([webm], { type: 'video/webm' }), name: 'clip.webm', type: 'video/webm', kind: 'video', width: 64, height: 36, durationMs: 1500, poster: new Blob([png(64, 36)], { type: 'image/png' }) });
    await until('the video upload started', () => posts.length === 2, 20_000);
    const poster = first.outbox(room.id)[0].posterMedia!;
    expect(poster).toMatchObject({ kind: 'image', width: 64, height: 36 });
    expect(posts[1]).toContain(`posterId=${poster.id}`);
    first.close();

    const counting: typeof fetch = (input, init) => {
      if (init?.method === 'POST' && String(input).includes('/api/v1/media')) posts.push(String(input));
      return fetch(input, init);
    };
    const second = await ConfabClient.start({ base: BASE, dbName: alice.db, webSocket: wsFactory, fetch: counting });
    open.push(second);
    await until('outbox drained', () => second.status === 'open' && second.outbox().length === 0, 20_000);
    expect(posts.length).toBe(3); // the poster once, the video twice (the first never finished)
    expect(posts[2]).toContain(`posterId=${poster.id}`);
    const [video] = (await second.api.history(room.id, {})).messages.filter((m) => m.kind === 'video');
    const media = video.data!.media!;
    expect(media.thumbnailUrl).toBeDefined();
    const thumb = await second.api.mediaBlob(media.thumbnailUrl!);
    expect(thumb.size).toBeGreaterThan(0);
  });

  it('a cancelled upload leaves nothing: the outbox item goes and an upload that finished is deleted', async () => {
    const alice = await signedUp('alice');
    const room = await alice.client.api.createRoom({ name: 'cancel' });
    await alice.client.addRoom(room.id);
    // the upload finishes, but the message cannot go out (the socket loses it): Cancel then deletes the upload
    const lossy = (url: string) => {
      const ws = wsFactory(url);
      const send = ws.send.bind(ws);
      ws.send = (d: string) => (JSON.parse(d).mediaId ? undefined : send(d));
      return ws;
    };
    alice.client.close();
    const c = await ConfabClient.start({ base: BASE, dbName: alice.db, webSocket: lossy });
    open.push(c);
    await until('online', () => c.status === 'open');
    const item = await c.sendMedia(room.id, { blob: new Blob([png(8, 8)]), name: 'x.png', type: 'image/png', kind: 'image' });
    await until('uploaded', () => c.outbox(room.id).some((i) => i.media !== undefined), 20_000);
    const media = c.outbox(room.id)[0].media!;
    expect((await c.api.mediaBlob(media.url)).size).toBeGreaterThan(0);
    await c.discard(item.clientId);
    expect(c.outbox()).toEqual([]);
    await expect(c.api.mediaBlob(media.url)).rejects.toMatchObject({ code: 'media_not_found' });
    expect((await c.api.history(room.id, {})).messages.filter((m) => m.kind === 'image')).toEqual([]);
  });

  it('catches up after a dropped connection with the right unread count', async () => {
    const alice = await signedUp('alice');
    const bob = await signedUp('bob');
    const room = await bob.client.api.createRoom({ name: 'catch up', memberIds: [alice.client.me!.id] });
    await until('alice sees the room', () => alice.client.roomEntry(room.id)?.room.name === 'catch up');
    const before = alice.client.unread(room.id);

    alice.client.close(); // the device is gone while messages arrive
    const api = new Api(BASE, bob.client.api.token);
    for (let i = 0; i < 30; i++) await api.post(room.id, `c-${i}`, `while away ${i}`);

    const again = await device(alice.db);
    open.push(again);
    expect(again.roomEntry(room.id)).toBeDefined(); // shown from the cache before the network answers
    await until('caught up', () => again.unread(room.id) === before + 30);
    const page = await again.latest(room.id, 50);
    const texts = page.messages.filter((m) => m.kind === 'text').map((m) => m.text);
    expect(texts).toEqual(Array.from({ length: 30 }, (_, i) => `while away ${i}`));
  });

  it('two tabs of one device (one database) both count and show every message, whichever stores it first', async () => {
    const alice = await signedUp('alice');
    const bob = await signedUp('bob');
    const room = await bob.client.api.createRoom({ name: 'two tabs', memberIds: [alice.client.me!.id] });
    const tab2 = await device(alice.db);
    open.push(tab2);
    await until('both tabs online', () => tab2.status === 'open');
    await until('both tabs see the room', () => alice.client.roomEntry(room.id) !== undefined && tab2.roomEntry(room.id) !== undefined);
    const before = alice.client.unread(room.id);
    const api = new Api(BASE, bob.client.api.token);
    const shown: Record<string, number[]> = { tab1: [], tab2: [] };
    alice.client.on('messages', (ev) => ev.roomId === room.id && shown.tab1.push(...ev.messages.map((m) => m.id)));
    tab2.on('messages', (ev) => ev.roomId === room.id && shown.tab2.push(...ev.messages.map((m) => m.id)));
    const sent = await Promise.all(Array.from({ length: 20 }, (_, i) => api.post(room.id, `t-${i}`, `to both tabs ${i}`)));
    const last = Math.max(...sent.map((m) => m.seq));
    for (const [name, tab] of [['tab1', alice.client], ['tab2', tab2]] as const) {
      // the room's entry changes in memory before the batch's cache writes, its 'messages' event after them
      await until(`${name} counts and shows all 20`, () =>
        tab.unread(room.id) === before + 20 && tab.roomEntry(room.id)?.lastMessage?.seq === last && new Set(shown[name]).size >= 20);
      expect(new Set(shown[name])).toEqual(new Set(sent.map((m) => m.id)));
    }
  });

  it('pages back through history without gap or duplicate and stops at the start', async () => {
    const alice = await signedUp('alice');
    const room = await alice.client.api.createRoom({ name: 'long' });
    await alice.client.addRoom(room.id);
    for (let i = 0; i < 130; i += 10) {
      await Promise.all(Array.from({ length: 10 }, (_, j) => alice.client.api.post(room.id, `h-${i + j}`, `h${i + j}`)));
    }
    await until('room caught up', () => (alice.client.roomEntry(room.id)?.room.lastSeq ?? 0) >= 131);

    const seen: number[] = [];
    let page = await alice.client.latest(room.id);
    seen.unshift(...page.messages.map((m) => m.seq));
    while (page.more) {
      page = await alice.client.older(room.id, seen[0]);
      seen.unshift(...page.messages.map((m) => m.seq));
    }
    expect(seen).toEqual(Array.from({ length: 131 }, (_, i) => i + 1));
    // exhausted: asking again answers from memory
    expect(await alice.client.older(room.id, 1)).toEqual({ messages: [], more: false });
  });

  it('logout revokes the session and deletes the device database', async () => {
    const alice = await signedUp('alice');
    const token = alice.client.api.token;
    await alice.client.send(1, 'x').catch(() => undefined);
    await alice.client.logout();
    expect(alice.client.signedIn).toBe(false);
    await until('alice has the sent message', () => alice.client.outbox().length === 0);
    await expect(new Api(BASE, token).me()).rejects.toMatchObject({ code: 'unauthenticated' });
    const fresh = await device(alice.db);
    open.push(fresh);
    expect(fresh.signedIn).toBe(false);
    expect(fresh.chatList()).toHaveLength(0);
  });
});
