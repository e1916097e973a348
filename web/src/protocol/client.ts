import { Api } from './api';
import { Cache, type OutboxFile, type OutboxItem, type RoomEntry } from './cache';
import { Emitter } from './emitter';
import { quoteOf } from './quote';
import { ConfabError } from './errors';
import { Socket, type SocketState, type WebSocketFactory } from './socket';
import type { NotifySettings } from './notify';
import type { ChatEntry, EditEvent, Media, MediaDetails, Message, Page, Quote, ReactionEvent, Receipt, RoomDetails, ServerFrame, SignedIn, SyncBatch, User } from './types';

export type Status = SocketState | 'signedOut';

export interface ClientEvents extends Record<string, unknown> {
  /** The chat list changed (rooms, previews, unread counts). */
  rooms: void;
  /** New or replaced messages of one room (sorted by seq). */
  messages: { roomId: number; messages: Message[] };
  /** Members' cursors moved in a room. */
  receipts: { roomId: number };
  /** A room's settings, members or pins changed (re-read its details). */
  room: { roomId: number };
  outbox: void;
  /** An outbox file's upload made progress (read it with `uploadProgress`). */
  upload: { clientId: string };
  status: Status;
  typing: { roomId: number };
  presence: { userId: number };
  users: void;
  /** The session ended: logout here, or revoked elsewhere. */
  signedOut: { revoked: boolean };
  /** A live message from someone else arrived (after it is stored): the moment for an in-app notification. */
  incoming: Message;
  /** My notification settings changed (on any device). */
  notifications: NotifySettings;
  /** Another tab of this device saved a room's draft (this tab's own saves are not reported). */
  draft: { roomId: number; text: string };
}

export interface ClientOptions {
  /** Origin of the server ('' = the page's own). */
  base?: string;
  /** ws(s)://host/ws; by default derived from `base` or the page's location. */
  wsUrl?: string;
  dbName?: string;
  webSocket?: WebSocketFactory;
  fetch?: typeof fetch;
  device?: string;
}

const SYNC_LIMIT = 500;
const PAGE = 50;

/** The longest run at the end of an ascending list whose seqs follow each other. */
function contiguousTail(list: Message[]): Message[] {
  let i = list.length - 1;
  while (i > 0 && list[i - 1].seq === list[i].seq - 1) i--;
  return list.slice(i);
}

/** A message with one reaction change applied; applying the same change twice changes nothing more. */
function withReaction(m: Message, r: ReactionEvent, meId: number | undefined): Message {
  const list = m.reactions ?? [];
  const old = list.find((x) => x.emoji === r.emoji) ?? { emoji: r.emoji, count: 0, userIds: [], mine: false };
  const others = old.userIds.filter((id) => id !== r.userId);
  const now = {
    emoji: r.emoji,
    count: r.count,
    userIds: r.added ? [...others, r.userId].slice(-10) : others,
    mine: r.userId === meId ? r.added : old.mine,
  };
  const reactions = list.some((x) => x.emoji === r.emoji) ? list.map((x) => (x.emoji === r.emoji ? now : x)) : [...list, now];
  return { ...m, reactions: reactions.filter((x) => x.count > 0) };
}

/** How many message ids a client remembers having applied (see applyEvents). */
const APPLIED_IDS = 10_000;

function newClientId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return 'w-' + Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('');
}

/**
 * Confab's JavaScript client: the device model of docs/protocol.md. It opens from IndexedDB, keeps
 * one socket connected, catches up with `sync` from its stored token after every (re)connect, keeps
 * every message once (dropping duplicates by id), sends through a persistent outbox (each message
 * keeps its clientId across retries, so the server never stores it twice, and goes out in order),
 * and tells listeners what changed. It imports nothing from the UI.
 */
export class ConfabClient extends Emitter<ClientEvents> {
  readonly api: Api;
  me: User | null = null;
  status: Status = 'signedOut';
  /** Whether the chat list came from the cache or the server at least once. */
  loaded = false;

  private readonly roomMap = new Map<number, RoomEntry>();
  private readonly receiptMap = new Map<number, Map<number, Receipt>>();
  private readonly userMap = new Map<number, User>();
  private readonly userFetches = new Map<number, Promise<User | null>>();
  private readonly roomFetches = new Map<number, Promise<void>>();
  private outboxItems: OutboxItem[] = [];
  private readonly uploads = new Map<string, { loaded: number; total: number; abort: AbortController }>();
  private readonly typingMap = new Map<number, Map<number, number>>();
  private readonly presenceMap = new Map<number, { online: boolean; lastSeenAt?: string }>();
  private readonly pendingReads = new Map<number, number>();
  private socket: Socket | null = null;
  private syncToken = 0;
  private synced = false;
  /** One sender per room with pending messages; `again` asks it for another pass when it ends. */
  private readonly roomSenders = new Map<number, { again: boolean }>();
  private flushRetry: ReturnType<typeof setTimeout> | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private liveEvents: SyncBatch['events'] = [];
  private liveDrain = false;
  /** Ids of messages this instance applied lately, for tabs sharing one database (see applyEvents). */
  private readonly appliedHere = new Set<number>();
  private channel: BroadcastChannel | null = null;

  private constructor(
    private cache: Cache,
    private readonly opts: ClientOptions,
  ) {
    super();
    this.api = new Api(opts.base ?? '', null, opts.fetch);
  }

  /** Opens the device's cache; with a stored session it shows the cached state at once and goes online. */
  static async start(opts: ClientOptions = {}): Promise<ConfabClient> {
    const client = new ConfabClient(await Cache.open(opts.dbName ?? 'confab'), opts);
    await client.restore();
    return client;
  }

  // ---- session ----

  get signedIn(): boolean {
    return this.me !== null && this.api.token !== null;
  }

  async signup(username: string, password: string, displayName?: string): Promise<User> {
    return this.begin(await this.api.signup(username, password, this.device(), displayName || undefined));
  }

  async login(username: string, password: string): Promise<User> {
    return this.begin(await this.api.login(username, password, this.device()));
  }

  /** Ends the session on the server (best effort) and forgets everything this device stored. */
  async logout(): Promise<void> {
    try {
      if (this.api.token) await this.api.logout();
    } catch {
      // offline or already revoked: the local data is cleared all the same
    }
    await this.forget(false);
  }

  /** Signs in with a session another device granted (QR-code login): its bearer token. */
  async adopt(token: string): Promise<User> {
    const user = await new Api(this.opts.base ?? '', token, this.opts.fetch).me();
    return this.begin({ token, user });
  }

  /** The name this device gives its sessions ("Chrome on Linux"). */
  deviceName(): string {
    return this.device();
  }

  private device(): string {
    if (this.opts.device) return this.opts.device;
    const ua = typeof navigator === 'undefined' ? '' : navigator.userAgent;
    const browser = /Edg\//.test(ua) ? 'Edge' : /Chrom/.test(ua) ? 'Chrome' : /Firefox/.test(ua) ? 'Firefox' : /Safari/.test(ua) ? 'Safari' : 'Browser';
    const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS/.test(ua) ? 'macOS' : /Windows/.test(ua) ? 'Windows' : /Linux/.test(ua) ? 'Linux' : '';
    return `${browser}${os ? ' on ' + os : ''}`;
  }

  private async begin(signedIn: Pick<SignedIn, 'token' | 'user'>): Promise<User> {
    const previous = await this.cache.get<User>('me');
    if (previous && previous.id !== signedIn.user.id) {
      // another person's cache must never show: start from an empty database
      await this.cache.destroy();
      this.cache = await Cache.open(this.cache.name);
    }
    await this.cache.set('token', signedIn.token);
    await this.cache.set('me', signedIn.user);
    await this.restore();
    return signedIn.user;
  }

  private async restore(): Promise<void> {
    const token = await this.cache.get<string>('token');
    const me = await this.cache.get<User>('me');
    if (!token || !me) {
      this.setStatus('signedOut');
      return;
    }
    this.api.token = token;
    this.me = me;
    this.userMap.set(me.id, me);
    this.syncToken = (await this.cache.get<number>('syncToken')) ?? 0;
    const [rooms, receipts, users, outbox] = await Promise.all([
      this.cache.rooms(), this.cache.receipts(), this.cache.users(), this.cache.outbox(),
    ]);
    for (const r of rooms) this.roomMap.set(r.room.id, r);
    for (const r of receipts) this.receiptsOf(r.roomId).set(r.userId, r);
    for (const u of users) if (u.id !== me.id) this.userMap.set(u.id, u);
    // Messages whose IndexedDB write had not committed when the page went away are in the journal.
    for (const j of this.readJournal()) {
      if (j.roomId && !outbox.some((o) => o.clientId === j.clientId)) {
        outbox.push(j);
        await this.cache.putOutbox(j);
      }
    }
    this.writeJournal([]);
    outbox.sort((a, b) => a.order - b.order);
    this.outboxItems = outbox;
    this.loaded = rooms.length > 0 || this.syncToken > 0;
    this.emit('rooms', undefined);
    this.emit('outbox', undefined);
    this.listenToOtherTabs();
    this.connect(token);
  }

  private async forget(revoked: boolean): Promise<void> {
    this.socket?.stop();
    this.socket = null;
    this.channel?.postMessage({ type: 'signedOut' });
    this.channel?.close();
    this.channel = null;
    if (this.flushRetry) clearTimeout(this.flushRetry);
    this.api.token = null;
    this.me = null;
    this.roomMap.clear();
    this.receiptMap.clear();
    this.userMap.clear();
    this.outboxItems = [];
    this.typingMap.clear();
    this.presenceMap.clear();
    this.pendingReads.clear();
    this.syncToken = 0;
    this.synced = false;
    this.loaded = false;
    const name = this.cache.name;
    this.writeJournal([]);
    await this.cache.destroy();
    this.cache = await Cache.open(name);
    this.setStatus('signedOut');
    this.emit('signedOut', { revoked });
    this.emit('rooms', undefined);
    this.emit('outbox', undefined);
  }

  /** Stops the socket without forgetting anything (tests, page unload). */
  close(): void {
    this.socket?.stop();
    this.socket = null;
    this.channel?.close();
    this.channel = null;
    this.cache.db.close();
  }

  // ---- connection and sync ----

  private wsUrl(): string {
    if (this.opts.wsUrl) return this.opts.wsUrl;
    const base = this.opts.base || location.origin;
    return base.replace(/^http/, 'ws') + '/ws';
  }

  private connect(token: string): void {
    this.socket?.stop();
    const socket = new Socket({
      url: this.wsUrl(),
      token,
      factory: this.opts.webSocket,
      onState: (s) => {
        if (s !== 'open') this.synced = false;
        if (s === 'revoked') {
          void this.forget(true);
          return;
        }
        this.setStatus(s === 'open' ? 'connecting' : s); // 'open' is announced once synced
      },
      onHello: (hello) => {
        this.me = { ...this.me, ...hello.user } as User;
        void this.cache.set('me', this.me);
        void this.serial(() => this.catchUp(socket, hello.pos)).catch((e) => {
          console.warn('sync failed; reconnecting', e);
          socket.drop();
        });
      },
      onFrame: (f) => this.onFrame(f),
    });
    this.socket = socket;
    socket.start();
  }

  /** Reconnects now (the browser reports the network back). */
  reconnectNow(): void {
    this.socket?.retryNow();
  }

  /** Drops the socket as a network failure would; it reconnects with backoff (tests). */
  dropConnection(): void {
    this.socket?.drop();
  }

  private async catchUp(socket: Socket, pos: number): Promise<void> {
    if (this.syncToken === 0) {
      // First start of this device: the chat list gives the rooms and counts at once; sync from
      // the hello position then brings what committed after (overlap is harmless: merges are monotonic).
      const list = await this.api.chatList(1000);
      await this.mergeChatList(list.rooms);
      this.syncToken = pos;
      await this.cache.set('syncToken', pos);
    }
    let batch: SyncBatch;
    do {
      batch = await socket.request<Extract<ServerFrame, { type: 'sync' }>>({ type: 'sync', since: this.syncToken, limit: SYNC_LIMIT });
      await this.applyEvents(batch.events, socket);
      this.syncToken = Math.max(this.syncToken, batch.next);
      await this.cache.set('syncToken', this.syncToken);
    } while (batch.more);
    this.loaded = true;
    this.synced = true;
    this.setStatus('open');
    this.emit('rooms', undefined);
    for (const [roomId, seq] of this.pendingReads) socket.fire({ type: 'read', roomId, seq });
    this.pendingReads.clear();
    void this.resolvePeers();
    void this.flush();
  }

  private onFrame(f: ServerFrame): void {
    switch (f.type) {
      case 'message':
        this.onLive({ type: 'message', message: f.message });
        break;
      case 'notifications':
        this.emit('notifications', f.settings);
        break;
      case 'receipt':
        this.onLive({ type: 'receipt', receipt: f.receipt });
        break;
      case 'edit':
        this.onLive({ type: 'edit', edit: f.edit });
        break;
      case 'reaction':
        this.onLive({ type: 'reaction', reaction: f.reaction });
        break;
      case 'typing':
        this.onTyping(f.roomId, f.userId, f.active, f.expiresInMs ?? 6000);
        break;
      case 'presence':
        this.presenceMap.set(f.userId, { online: f.online, lastSeenAt: f.lastSeenAt });
        this.emit('presence', { userId: f.userId });
        break;
      default:
        break;
    }
  }

  /**
   * Live frames that arrive while earlier ones are still being applied go in together: a burst costs
   * one database transaction and one render instead of one per frame. Order is kept (a FIFO, applied
   * as a sync batch is).
   */
  private onLive(ev: SyncBatch['events'][number]): void {
    this.liveEvents.push(ev);
    if (this.liveDrain) return;
    this.liveDrain = true;
    void this.serial(() => {
      this.liveDrain = false;
      const batch = this.liveEvents;
      this.liveEvents = [];
      return this.applyEvents(batch, this.socket).then(() => {
        // live messages from others, for in-app notifications (sync replays are not announced)
        for (const ev of batch) if (ev.type === 'message' && ev.message.senderId !== this.me?.id) this.emit('incoming', ev.message);
      });
    });
  }

  /** Runs state changes one at a time, in arrival order. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async mergeChatList(entries: ChatEntry[]): Promise<void> {
    const changed: RoomEntry[] = [];
    for (const c of entries) {
      const e = this.mergeRoom(c.room);
      const readSeq = c.room.lastSeq - c.unread;
      e.readSeq = Math.max(e.readSeq, readSeq);
      if (c.mentioned) e.mentionSeq = Math.max(e.mentionSeq, c.room.lastSeq);
      if (c.lastMessage && (!e.lastMessage || c.lastMessage.seq >= e.lastMessage.seq)) e.lastMessage = c.lastMessage;
      changed.push(e);
    }
    await this.cache.putRooms(changed);
    this.emit('rooms', undefined);
  }

  private mergeRoom(room: RoomEntry['room']): RoomEntry {
    let e = this.roomMap.get(room.id);
    if (!e) {
      e = { room, lastMessage: null, readSeq: 0, mentionSeq: 0 };
      this.roomMap.set(room.id, e);
    } else {
      e.room = { ...e.room, ...room, lastSeq: Math.max(e.room.lastSeq, room.lastSeq) };
    }
    return e;
  }

  /**
   * Where a room hides earlier history from newcomers, live and sync messages quote without text
   * (the server cannot know every reader's window there); the text I have of the quoted message fills it in.
   */
  private async quotesFromCache(messages: Message[]): Promise<Message[]> {
    return Promise.all(messages.map(async (m) => {
      const q = m.data?.replyTo;
      if (!q || q.preview !== undefined || q.deleted) return m;
      const quoted = await this.cache.messageAt(m.roomId, q.seq);
      if (!quoted || quoted.id !== q.id || quoted.kind === 'deleted') return m;
      return { ...m, data: { ...m.data, replyTo: { ...q, preview: quoteOf(quoted).preview } } };
    }));
  }

  private async applyEvents(events: SyncBatch['events'], socket: Socket | null): Promise<void> {
    const messages: Message[] = [];
    const receipts: Receipt[] = [];
    const changes: (EditEvent | ReactionEvent)[] = [];
    for (const ev of events) {
      if (ev.type === 'message') messages.push(ev.message);
      else if (ev.type === 'receipt') receipts.push(ev.receipt);
      else if (ev.type === 'edit') changes.push(ev.edit);
      else if (ev.type === 'reaction') changes.push(ev.reaction);
    }
    const incoming = await this.quotesFromCache(messages);
    const stored = new Set((await this.cache.addMessages(incoming)).map((m) => m.id));
    // New here too when another tab of this device stored it first (they share the database) but
    // this instance has not applied it; applying it is idempotent, so it stays one message, one count.
    const seen = new Set<number>();
    const fresh = incoming.filter((m) => {
      if (seen.has(m.id)) return false;
      seen.add(m.id);
      return stored.has(m.id) || !this.appliedHere.has(m.id);
    });
    for (const m of fresh) this.appliedHere.add(m.id);
    // bounded: the oldest ids go first (a Set keeps insertion order)
    for (const id of this.appliedHere) {
      if (this.appliedHere.size <= APPLIED_IDS) break;
      this.appliedHere.delete(id);
    }
    const changedRooms = new Map<number, RoomEntry>();
    const byRoom = new Map<number, Message[]>();
    const meId = this.me?.id;

    for (const m of fresh) {
      let e = this.roomMap.get(m.roomId);
      if (!e) {
        e = { room: { id: m.roomId, kind: 'group', createdAt: m.createdAt, lastSeq: 0 }, lastMessage: null, readSeq: 0, mentionSeq: 0 };
        this.roomMap.set(m.roomId, e);
        void this.fetchRoom(m.roomId);
      }
      if (m.seq > e.room.lastSeq) e.room = { ...e.room, lastSeq: m.seq };
      if (!e.lastMessage || m.seq > e.lastMessage.seq) e.lastMessage = m;
      if (m.senderId === meId) e.readSeq = Math.max(e.readSeq, m.seq);
      const mentions = (m.data as { mentions?: number[] } | null)?.mentions;
      if (m.kind !== 'deleted' && meId !== undefined && mentions?.includes(meId)) e.mentionSeq = Math.max(e.mentionSeq, m.seq);
      this.applySystem(e, m);
      changedRooms.set(e.room.id, e);
      const list = byRoom.get(m.roomId) ?? [];
      list.push(m);
      byRoom.set(m.roomId, list);
    }

    const receiptRooms = new Set<number>();
    const newReceipts: Receipt[] = [];
    for (const r of receipts) {
      const map = this.receiptsOf(r.roomId);
      const old = map.get(r.userId);
      const merged = { ...r, delivered: Math.max(r.delivered, old?.delivered ?? 0), read: Math.max(r.read, old?.read ?? 0) };
      if (old && old.delivered === merged.delivered && old.read === merged.read) continue;
      map.set(r.userId, merged);
      newReceipts.push(merged);
      receiptRooms.add(r.roomId);
      if (r.userId === meId) {
        const e = this.roomMap.get(r.roomId);
        if (e && merged.read > e.readSeq) {
          e.readSeq = merged.read;
          changedRooms.set(e.room.id, e);
        }
      }
    }

    // edits and reactions change stored messages in place, in pos order, after the messages of the batch
    const changed = new Map<string, Message>();
    for (const ch of changes) {
      const key = `${ch.roomId}:${ch.seq}`;
      const old = changed.get(key) ?? (await this.cache.messageAt(ch.roomId, ch.seq));
      const e = this.roomMap.get(ch.roomId);
      const base = old ?? (e?.lastMessage?.seq === ch.seq ? e.lastMessage : undefined);
      if (!base || base.id !== ch.messageId || base.kind === 'deleted') continue;
      const now = 'emoji' in ch ? withReaction(base, ch, meId) : { ...base, kind: ch.kind, text: ch.text ?? null, data: ch.data ?? null, editedAt: ch.editedAt };
      changed.set(key, now);
      if (e) {
        if (e.lastMessage?.seq === ch.seq) e.lastMessage = now;
        // an edit that newly mentions me flags the room if I have not read the message
        if (!('emoji' in ch) && meId !== undefined && ch.seq > e.readSeq && now.data?.mentions?.includes(meId)) e.mentionSeq = Math.max(e.mentionSeq, ch.seq);
        changedRooms.set(e.room.id, e);
      }
    }
    const updated = [...changed.values()];
    if (updated.length) await this.cache.putMessages(updated);
    for (const m of updated) {
      const list = byRoom.get(m.roomId) ?? [];
      byRoom.set(m.roomId, [...list.filter((x) => x.seq !== m.seq), m]);
    }

    if (changedRooms.size) await this.cache.putRooms([...changedRooms.values()]);
    if (newReceipts.length) await this.cache.putReceipts(newReceipts);

    // My own message is done the moment it is stored, whether its echo or its `sent` answer came first:
    // the pending copy leaves in the same tick the stored one appears, so it never shows twice.
    const landed = new Set(messages.filter((m) => m.senderId === meId && m.clientId).map((m) => m.clientId as string));
    const delivered = this.outboxItems.filter((i) => landed.has(i.clientId));
    for (const i of delivered) await this.cache.removeOutbox(i.clientId).catch(() => undefined);
    if (delivered.length) this.outboxItems = this.outboxItems.filter((i) => !landed.has(i.clientId));

    // acknowledge delivery: one `received` per room, for the highest seq that arrived
    const highest = new Map<number, number>();
    for (const m of fresh) if (m.senderId !== meId) highest.set(m.roomId, Math.max(highest.get(m.roomId) ?? 0, m.seq));
    for (const [roomId, seq] of highest) socket?.fire({ type: 'received', roomId, seq });

    for (const [roomId, list] of byRoom) this.emit('messages', { roomId, messages: list.sort((a, b) => a.seq - b.seq) });
    for (const roomId of receiptRooms) this.emit('receipts', { roomId });
    if (changedRooms.size) this.emit('rooms', undefined);
    if (delivered.length) this.emit('outbox', undefined);
  }

  /** What a system message changes in the room's entry. */
  private applySystem(e: RoomEntry, m: Message): void {
    const data = (m.data ?? {}) as Record<string, unknown>;
    const meId = this.me?.id;
    switch (m.kind) {
      case 'room.updated':
        e.room = { ...e.room, ...(data as object) };
        this.emit('room', { roomId: e.room.id });
        break;
      case 'room.created':
      case 'members.added': {
        const ids = (data.userIds as number[]) ?? [];
        if (ids.includes(meId ?? -1)) e.gone = false;
        if (e.room.kind === 'direct' && m.kind === 'room.created') e.peerId = ids.find((id) => id !== meId);
        this.emit('room', { roomId: e.room.id });
        break;
      }
      case 'member.joined':
        if (data.userId === meId) e.gone = false;
        this.emit('room', { roomId: e.room.id });
        break;
      case 'member.left':
      case 'member.removed':
      case 'member.banned':
        if (data.userId === meId) e.gone = true;
        this.emit('room', { roomId: e.room.id });
        break;
      case 'member.unbanned':
      case 'member.role':
      case 'message.pinned':
      case 'message.unpinned':
        this.emit('room', { roomId: e.room.id });
        break;
      case 'message.deleted': {
        const seq = data.seq as number;
        void this.cache.messageAt(e.room.id, seq).then(async (old) => {
          if (!old || old.kind === 'deleted') return;
          const tomb: Message = { ...old, kind: 'deleted', text: null, data: null };
          await this.cache.putMessages([tomb]);
          if (e.lastMessage?.seq === seq) e.lastMessage = tomb;
          this.emit('messages', { roomId: e.room.id, messages: [tomb] });
          this.emit('rooms', undefined);
        });
        this.emit('room', { roomId: e.room.id });
        break;
      }
      default:
        break;
    }
  }

  /** Fills in a room this device learned of from a message (added to a group, joined elsewhere). */
  private fetchRoom(roomId: number): Promise<void> {
    let p = this.roomFetches.get(roomId);
    if (!p) {
      p = this.details(roomId)
        .then(() => undefined, async (e: unknown) => {
          const entry = this.roomMap.get(roomId);
          if (entry && e instanceof ConfabError && e.code === 'room_not_found') {
            entry.gone = true; // not (or no longer) a member
            await this.cache.putRooms([entry]);
            this.emit('rooms', undefined);
          }
        })
        .finally(() => this.roomFetches.delete(roomId));
      this.roomFetches.set(roomId, p);
    }
    return p;
  }

  /** A room's members, their cursors and pins; updates the cached room and its cursors. */
  async details(roomId: number): Promise<RoomDetails> {
    const d = await this.api.room(roomId);
    const e = this.mergeRoom(d.room);
    // a former member still reads the room as it was when they left; it is not in their list
    e.gone = d.members.some((m) => m.userId === this.me?.id && m.leftSeq !== undefined);
    if (d.room.kind === 'direct') e.peerId = d.members.find((m) => m.userId !== this.me?.id)?.userId ?? e.peerId;
    await this.cache.putRooms([e]);
    const cursors = d.members.filter((m) => m.delivered !== undefined && m.read !== undefined);
    await this.applyEvents(cursors.map((m) => ({ type: 'receipt' as const, receipt: { roomId, userId: m.userId, delivered: m.delivered!, read: m.read! } })), null);
    this.emit('rooms', undefined);
    return d;
  }

  /** Direct rooms show the other person: find who that is for rooms the chat list brought. */
  private async resolvePeers(): Promise<void> {
    for (const e of this.roomMap.values()) {
      if (e.room.kind !== 'direct' || e.peerId !== undefined || e.gone) continue;
      const first = await this.cache.messageAt(e.room.id, 1);
      const ids = (first?.data as { userIds?: number[] } | null)?.userIds;
      if (ids) {
        e.peerId = ids.find((id) => id !== this.me?.id);
        await this.cache.putRooms([e]);
      } else {
        await this.fetchRoom(e.room.id);
      }
    }
    this.emit('rooms', undefined);
  }

  // ---- reading state ----

  /** Rooms I am in, most recent activity first. */
  chatList(): RoomEntry[] {
    return [...this.roomMap.values()]
      .filter((e) => !e.gone && e.room.kind !== undefined)
      .sort((a, b) => (b.lastMessage?.id ?? 0) - (a.lastMessage?.id ?? 0) || b.room.id - a.room.id);
  }

  roomEntry(roomId: number): RoomEntry | undefined {
    return this.roomMap.get(roomId);
  }

  unread(roomId: number): number {
    const e = this.roomMap.get(roomId);
    return e ? Math.max(0, e.room.lastSeq - e.readSeq) : 0;
  }

  mentioned(roomId: number): boolean {
    const e = this.roomMap.get(roomId);
    return !!e && e.mentionSeq > e.readSeq;
  }

  totalUnread(): number {
    let n = 0;
    for (const e of this.roomMap.values()) if (!e.gone) n += Math.max(0, e.room.lastSeq - e.readSeq);
    return n;
  }

  receiptsOf(roomId: number): Map<number, Receipt> {
    let m = this.receiptMap.get(roomId);
    if (!m) this.receiptMap.set(roomId, (m = new Map()));
    return m;
  }

  /** A user's profile as far as I may see it; fetched once when unknown (listen to `users`). */
  user(id: number): User | undefined {
    const u = this.userMap.get(id);
    if (!u && !this.userFetches.has(id) && this.api.token) void this.fetchUser(id);
    return u;
  }

  async fetchUser(id: number): Promise<User | null> {
    let p = this.userFetches.get(id);
    if (!p) {
      p = this.api.user(id).then(
        async (u) => {
          this.userMap.set(u.id, u);
          if (u.online !== undefined) this.presenceMap.set(u.id, { online: u.online, lastSeenAt: u.lastSeenAt });
          await this.cache.putUsers([u]);
          this.emit('users', undefined);
          return u;
        },
        () => null,
      );
      this.userFetches.set(id, p);
    }
    return p;
  }

  rememberUsers(users: User[]): void {
    for (const u of users) this.userMap.set(u.id, { ...this.userMap.get(u.id), ...u });
    void this.cache.putUsers(users);
    this.emit('users', undefined);
  }

  presence(userId: number): { online: boolean; lastSeenAt?: string } | undefined {
    return this.presenceMap.get(userId);
  }

  typingIn(roomId: number): number[] {
    const now = Date.now();
    return [...(this.typingMap.get(roomId) ?? new Map<number, number>()).entries()].filter(([, until]) => until > now).map(([id]) => id);
  }

  private onTyping(roomId: number, userId: number, active: boolean, ms: number): void {
    let m = this.typingMap.get(roomId);
    if (!m) this.typingMap.set(roomId, (m = new Map()));
    if (active) {
      m.set(userId, Date.now() + ms);
      setTimeout(() => this.emit('typing', { roomId }), ms + 50);
    } else {
      m.delete(userId);
    }
    this.emit('typing', { roomId });
  }

  // ---- history ----

  /** The newest page of a room: from the cache when it holds it without a gap, else from the server. */
  latest(roomId: number, limit = PAGE): Promise<Page> {
    const e = this.roomMap.get(roomId);
    return this.older(roomId, (e?.room.lastSeq ?? Number.MAX_SAFE_INTEGER - 1) + 1, limit);
  }

  /**
   * Messages with seq < before, ascending. seq is gapless per room, so the cache answers when it
   * holds every seq of the page; otherwise the server does and the page is cached. Below the first
   * seq the server gave (history exhausted) nothing is asked again.
   */
  async older(roomId: number, before: number, limit = PAGE): Promise<Page> {
    const e = this.roomMap.get(roomId);
    const floor = e?.historyStart ?? 1;
    if (before <= floor) return { messages: [], more: false };
    const cached = (await this.cache.before(roomId, before, limit)).reverse();
    const want = Math.min(limit, before - floor);
    const top = Math.min(before - 1, e?.room.lastSeq ?? before - 1);
    const contiguous = cached.length > 0 && cached[cached.length - 1].seq === top && cached.every((m, i) => i === 0 || m.seq === cached[i - 1].seq + 1);
    if (contiguous && (cached.length >= want || cached[0].seq <= floor)) {
      return { messages: cached, more: cached[0].seq > floor };
    }
    let page: Page;
    try {
      page = await this.historyPage(roomId, { before: before > (e?.room.lastSeq ?? 0) ? undefined : before, limit });
    } catch (err) {
      // offline: show the newest unbroken run the cache holds; the rest comes when the server answers
      const run = cached.length && cached[cached.length - 1].seq === top ? contiguousTail(cached) : [];
      if (run.length && err instanceof ConfabError && err.transient) return { messages: run, more: true };
      throw err;
    }
    if (!page.more && e) {
      e.historyStart = page.messages.length ? page.messages[0].seq : before;
      await this.cache.putRooms([e]);
    }
    return page;
  }

  /** Messages with seq > after, ascending (scrolling down a window that dropped its newest part). */
  async newer(roomId: number, after: number, limit = PAGE): Promise<Page> {
    const e = this.roomMap.get(roomId);
    const last = e?.room.lastSeq ?? 0;
    if (after >= last) return { messages: [], more: false };
    const cached = await this.cache.after(roomId, after, limit);
    const contiguous = cached.length > 0 && cached[0].seq === after + 1 && cached.every((m, i) => i === 0 || m.seq === cached[i - 1].seq + 1);
    if (contiguous && (cached.length >= limit || cached[cached.length - 1].seq >= last)) {
      return { messages: cached, more: cached[cached.length - 1].seq < last };
    }
    return this.historyPage(roomId, { after, limit });
  }

  private async historyPage(roomId: number, q: { before?: number; after?: number; limit: number }): Promise<Page> {
    const page = this.socket?.isOpen
      ? await this.socket.request<Extract<ServerFrame, { type: 'history' }>>({ type: 'history', roomId, ...q })
      : await this.api.history(roomId, q);
    // history carries tombstones and current state; it replaces what the cache has for those seqs
    await this.cache.putMessages(page.messages);
    return { messages: page.messages, more: page.more };
  }

  // ---- sending ----

  outbox(roomId?: number): OutboxItem[] {
    return roomId === undefined ? this.outboxItems : this.outboxItems.filter((i) => i.roomId === roomId);
  }

  /**
   * Queues a message: it shows at once as pending and goes out (now or after reconnecting) with a
   * fixed clientId. With `replyTo` it answers that message of the room.
   */
  async send(roomId: number, text: string, replyTo?: Message): Promise<OutboxItem> {
    const quote: Quote | undefined = replyTo && quoteOf(replyTo);
    return this.enqueue({ roomId, text, ...(quote && { replyTo: quote.seq, quote }) });
  }

  /** Queues a forward of `original` (a message of a room I can read) into `roomId`, through the same outbox. */
  async forward(roomId: number, original: Message): Promise<OutboxItem> {
    return this.enqueue({ roomId, text: original.text ?? '', forward: { roomId: original.roomId, seq: original.seq } });
  }

  /**
   * Queues a media message: the file waits in the outbox (IndexedDB keeps the Blob), is uploaded when
   * online, and the message then goes out with its mediaId, in order with the room's other messages.
   * `caption` may be empty.
   */
  async sendMedia(roomId: number, file: Omit<OutboxFile, 'size'> & { size?: number }, caption = ''): Promise<OutboxItem> {
    return this.enqueue({ roomId, text: caption, file: { ...file, size: file.size ?? file.blob.size } });
  }

  /** How far the upload of an outbox file is, while it runs. */
  uploadProgress(clientId: string): { loaded: number; total: number } | undefined {
    const u = this.uploads.get(clientId);
    return u && { loaded: u.loaded, total: u.total };
  }

  private async enqueue(body: Pick<OutboxItem, 'roomId' | 'text' | 'replyTo' | 'quote' | 'forward' | 'file'>): Promise<OutboxItem> {
    const last = this.outboxItems[this.outboxItems.length - 1];
    const item: OutboxItem = {
      ...body,
      clientId: newClientId(),
      createdAt: new Date().toISOString(),
      order: Math.max(Date.now(), (last?.order ?? 0) + 1),
      state: 'pending',
    };
    // Enter must survive a reload that comes before IndexedDB commits: localStorage is written at once.
    // (Not for a file: localStorage cannot hold its bytes; it is in the outbox once this resolves.)
    if (!item.file) this.writeJournal([...this.readJournal(), item]);
    this.outboxItems = [...this.outboxItems, item];
    await this.cache.putOutbox(item);
    if (!item.file) this.writeJournal(this.readJournal().filter((i) => i.clientId !== item.clientId));
    this.emit('outbox', undefined);
    this.notifyTabs();
    void this.flush();
    return item;
  }

  private journalKey(): string {
    return `${this.cache.name}-outbox-journal`;
  }

  private readJournal(): OutboxItem[] {
    if (typeof localStorage === 'undefined') return [];
    try {
      const items: unknown = JSON.parse(localStorage.getItem(this.journalKey()) ?? '[]');
      return Array.isArray(items) ? (items as OutboxItem[]) : [];
    } catch {
      return [];
    }
  }

  private writeJournal(items: OutboxItem[]): void {
    if (typeof localStorage === 'undefined') return;
    try {
      if (items.length > 0) localStorage.setItem(this.journalKey(), JSON.stringify(items));
      else localStorage.removeItem(this.journalKey());
    } catch {
      // storage full or disabled: the IndexedDB outbox still holds whatever committed
    }
  }

  /** Sends a failed message again with the same clientId. */
  async retry(clientId: string): Promise<void> {
    const item = this.outboxItems.find((i) => i.clientId === clientId);
    if (!item) return;
    const again: OutboxItem = { ...item, state: 'pending', error: undefined, errorCode: undefined };
    this.outboxItems = this.outboxItems.map((i) => (i.clientId === clientId ? again : i));
    await this.cache.putOutbox(again);
    this.emit('outbox', undefined);
    void this.flush();
  }

  /**
   * Drops a message from the outbox (Cancel, Discard). A running upload is aborted; uploads that
   * finished but were not sent yet (the file, a video's poster) are deleted on the server.
   */
  async discard(clientId: string): Promise<void> {
    const item = this.outboxItems.find((i) => i.clientId === clientId);
    this.outboxItems = this.outboxItems.filter((i) => i.clientId !== clientId);
    this.uploads.get(clientId)?.abort.abort();
    this.uploads.delete(clientId);
    await this.cache.removeOutbox(clientId);
    this.emit('outbox', undefined);
    this.notifyTabs();
    for (const m of [item?.media, item?.posterMedia]) if (m) await this.api.deleteMedia(m.id).catch(() => undefined);
  }

  /**
   * Uploads one blob of an outbox item under its clientId (Cancel aborts it), reporting progress
   * unless `quiet` (a poster: the bar stays at 0% rather than fill up twice).
   */
  private async uploadBlob(clientId: string, blob: Blob, details: MediaDetails, quiet = false): Promise<Media> {
    const abort = new AbortController();
    const progress = { loaded: 0, total: quiet ? 1 : blob.size, abort };
    this.uploads.set(clientId, progress);
    this.emit('upload', { clientId });
    try {
      return await this.api.upload(blob, details, {
        signal: abort.signal,
        onProgress: (loaded, total) => {
          if (quiet) return;
          progress.loaded = loaded;
          progress.total = total;
          this.emit('upload', { clientId });
        },
      });
    } finally {
      if (this.uploads.get(clientId) === progress) this.uploads.delete(clientId);
    }
  }

  /**
   * Uploads an outbox item's file (a video's poster first), reporting progress. Each finished upload
   * is written to the outbox before the next step, so a reload or a retry never uploads it twice.
   * Answers the item as it now is, or null when it was discarded meanwhile (its uploads are deleted).
   */
  private async upload(item: OutboxItem & { file: OutboxFile }): Promise<(OutboxItem & { media: Media }) | null> {
    const { name, kind, width, height, durationMs, poster } = item.file;
    const gone = () => !this.outboxItems.some((i) => i.clientId === item.clientId);
    const save = async (next: OutboxItem) => {
      this.outboxItems = this.outboxItems.map((i) => (i.clientId === next.clientId ? next : i));
      await this.cache.putOutbox(next);
    };
    let current: OutboxItem = item;
    if (poster && !current.posterMedia) {
      let posterMedia: Media | undefined;
      try {
        posterMedia = await this.uploadBlob(item.clientId, poster, {}, true);
      } catch (e) {
        // a refused frame (a codec drew garbage) must not hold back the video: it goes without a poster
        if (!(e instanceof ConfabError) || e.transient || e.code === 'aborted') throw e;
      }
      if (gone()) {
        if (posterMedia) await this.api.deleteMedia(posterMedia.id).catch(() => undefined);
        return null;
      }
      current = posterMedia ? { ...current, posterMedia } : { ...current, file: { ...item.file, poster: undefined } };
      await save(current);
    }
    // the server measures images itself and refuses claims for them or for plain files;
    // video and audio it does not decode, so what the device read is passed on
    const claims = kind === 'video'
      ? { width, height, durationMs, posterId: current.posterMedia?.id }
      : kind === 'audio' ? { durationMs } : {};
    const media = await this.uploadBlob(item.clientId, item.file.blob, { name, ...claims });
    if (gone()) {
      // cancelled as the upload finished: the uploads go too
      for (const m of [media, current.posterMedia]) if (m) await this.api.deleteMedia(m.id).catch(() => undefined);
      return null;
    }
    const uploaded = { ...current, media };
    await save(uploaded);
    return uploaded;
  }

  /**
   * Sends pending messages: in order within each room, rooms independently, so a long upload holds
   * back only the messages queued after it in its own room. One tab at a time per room (Web Locks)
   * when several are open.
   */
  async flush(): Promise<void> {
    if (!this.synced || !this.socket?.isOpen) return;
    const rooms = new Set(this.outboxItems.filter((i) => i.state === 'pending').map((i) => i.roomId));
    // another tab may have queued for a room this one knows nothing pending of: the cache says
    for (const i of await this.cache.outbox().catch(() => [])) if (i.state === 'pending') rooms.add(i.roomId);
    await Promise.all([...rooms].map((roomId) => this.flushRoom(roomId)));
  }

  private async flushRoom(roomId: number): Promise<void> {
    const running = this.roomSenders.get(roomId);
    if (running) {
      running.again = true;
      return;
    }
    const sender = { again: false };
    this.roomSenders.set(roomId, sender);
    try {
      const locks = typeof navigator !== 'undefined' ? (navigator as Navigator & { locks?: LockManager }).locks : undefined;
      do {
        sender.again = false;
        if (locks) await locks.request(`${this.cache.name}-outbox-${roomId}`, () => this.sendRoom(roomId));
        else await this.sendRoom(roomId);
      } while (sender.again && this.socket?.isOpen);
    } finally {
      if (this.roomSenders.get(roomId) === sender) this.roomSenders.delete(roomId);
    }
  }

  /** Sends one room's pending messages one by one, in order; stops at a transient failure to keep that order. */
  private async sendRoom(roomId: number): Promise<void> {
    // the cache is the truth for this room: another tab may have sent some of these meanwhile
    const stored = (await this.cache.outbox()).filter((i) => i.roomId === roomId);
    this.outboxItems = [...this.outboxItems.filter((i) => i.roomId !== roomId), ...stored].sort((a, b) => a.order - b.order);
    for (let item of stored.filter((i) => i.state === 'pending')) {
      const socket = this.socket;
      if (!socket?.isOpen) return;
      if (!this.outboxItems.some((i) => i.clientId === item.clientId)) continue; // discarded meanwhile
      try {
        if (item.file && !item.media) {
          const uploaded = await this.upload(item as OutboxItem & { file: OutboxFile });
          if (!uploaded) continue;
          item = uploaded;
          if (!socket.isOpen) return;
        }
        const body = item.forward
          ? { forward: item.forward }
          : item.media
            ? { mediaId: item.media.id, ...(item.text && { text: item.text }) }
            : { text: item.text, ...(item.replyTo !== undefined && { replyTo: item.replyTo }) };
        const sent = await socket.request<Extract<ServerFrame, { type: 'sent' }>>({ type: 'send', roomId: item.roomId, clientId: item.clientId, ...body });
        await this.serial(() => this.applyEvents([{ type: 'message', message: sent.message }], null));
        this.outboxItems = this.outboxItems.filter((i) => i.clientId !== item.clientId);
        await this.cache.removeOutbox(item.clientId);
        this.emit('outbox', undefined);
      } catch (e) {
        const err = e instanceof ConfabError ? e : new ConfabError('internal', String(e));
        if (err.code === 'aborted') continue; // cancelled: discard already removed it
        if (err.transient) {
          // (an upload's network failure with the socket still open is retried too: nothing else would)
          if ((err.code !== 'network' && err.code !== 'timeout') || this.socket?.isOpen) {
            if (this.flushRetry) clearTimeout(this.flushRetry);
            this.flushRetry = setTimeout(() => void this.flush(), err.retryAfterMs ?? 2000);
          }
          return; // keep order: nothing after it in this room goes before it
        }
        // uploads the server no longer has (swept after a day unsent) are uploaded again on Retry
        const swept = err.code === 'media_not_found' && !!item.file;
        const failed: OutboxItem = {
          ...item,
          media: swept ? undefined : item.media,
          posterMedia: swept ? undefined : item.posterMedia,
          state: 'failed',
          error: err.message,
          errorCode: err.code,
        };
        this.outboxItems = this.outboxItems.map((i) => (i.clientId === item.clientId ? failed : i));
        // A sign-out during this send closed the cache; the outbox is gone with it, nothing to record.
        await this.cache.putOutbox(failed).catch(() => undefined);
        this.emit('outbox', undefined);
      }
    }
    this.notifyTabs();
  }

  /** Replaces the text of my own message (or its caption); every device sees it, this one as soon as the server has it. */
  async edit(roomId: number, seq: number, text: string): Promise<Message> {
    const socket = this.socket;
    const m = socket?.isOpen
      ? (await socket.request<Extract<ServerFrame, { type: 'edited' }>>({ type: 'edit', roomId, seq, text })).message
      : await this.api.editMessage(roomId, seq, text);
    const edit: EditEvent = { roomId, seq, messageId: m.id, editorId: m.senderId, kind: m.kind, text: m.text, data: m.data, editedAt: m.editedAt ?? new Date().toISOString() };
    await this.serial(() => this.applyEvents([{ type: 'edit', edit }], null));
    return m;
  }

  /** Adds (or with `add` false removes) my reaction; a repeat changes nothing. */
  async react(roomId: number, seq: number, emoji: string, add = true): Promise<void> {
    const socket = this.socket;
    const r = socket?.isOpen
      ? await socket.request<Extract<ServerFrame, { type: 'reacted' }>>({ type: 'react', roomId, seq, emoji, add })
      : await this.api.react(roomId, seq, emoji, add);
    const reaction = r.reaction;
    if (reaction) await this.serial(() => this.applyEvents([{ type: 'reaction', reaction }], null));
  }

  private allowed: Promise<string[]> | null = null;
  /** The emoji this server accepts as reactions (asked once). */
  reactionEmoji(): Promise<string[]> {
    this.allowed ??= this.api.allowedReactions().catch((e: unknown) => {
      this.allowed = null;
      throw e;
    });
    return this.allowed;
  }

  /** A page of the room around `seq` (about half before it, half after), to open the conversation at a message. */
  async around(roomId: number, seq: number, limit = PAGE): Promise<Page & { hasNewer: boolean }> {
    const half = Math.floor(limit / 2);
    const below = await this.older(roomId, seq + 1, half + 1);
    const above = await this.newer(roomId, seq, limit - half);
    return { messages: [...below.messages, ...above.messages], more: below.more, hasNewer: above.more };
  }

  /** Marks the room read up to `seq` (never backwards); sent when connected, else after the next sync. */
  markRead(roomId: number, seq: number): void {
    const e = this.roomMap.get(roomId);
    if (!e || seq <= e.readSeq) return;
    e.readSeq = Math.min(seq, e.room.lastSeq);
    void this.cache.putRooms([e]);
    this.emit('rooms', undefined);
    if (!this.socket?.fire({ type: 'read', roomId, seq })) this.pendingReads.set(roomId, Math.max(seq, this.pendingReads.get(roomId) ?? 0));
  }

  /** Tells the room I started or stopped typing (the caller throttles starts). */
  typing(roomId: number, active: boolean): void {
    this.socket?.fire({ type: 'typing', roomId, active });
  }

  async draft(roomId: number): Promise<string> {
    return (await this.cache.get<string>(`draft:${roomId}`)) ?? '';
  }

  /** Keeps the room's draft across reloads and shows it in the device's other open tabs. */
  async saveDraft(roomId: number, text: string): Promise<void> {
    await this.cache.set(`draft:${roomId}`, text || null);
    // after the write, so a tab that opens the room on this message reads the same text from the cache
    this.channel?.postMessage({ type: 'draft', roomId, text });
  }

  /** After joining or creating a room by REST: show it now rather than when its first event arrives. */
  async addRoom(roomId: number): Promise<void> {
    await this.fetchRoom(roomId);
  }

  /** After leaving: drop it from the list at once (the member.left event confirms it). */
  async dropRoom(roomId: number): Promise<void> {
    const e = this.roomMap.get(roomId);
    if (!e) return;
    e.gone = true;
    await this.cache.putRooms([e]);
    this.emit('rooms', undefined);
  }

  // ---- other tabs ----

  private listenToOtherTabs(): void {
    if (typeof BroadcastChannel === 'undefined' || this.channel) return;
    this.channel = new BroadcastChannel(`${this.cache.name}-tabs`);
    this.channel.onmessage = async (ev: MessageEvent<{ type: string; roomId?: number; text?: string }>) => {
      if (ev.data.type === 'draft' && typeof ev.data.roomId === 'number' && typeof ev.data.text === 'string') {
        this.emit('draft', { roomId: ev.data.roomId, text: ev.data.text });
      } else if (ev.data.type === 'outbox') {
        this.outboxItems = await this.cache.outbox();
        this.emit('outbox', undefined);
      } else if (ev.data.type === 'signedOut' && this.me) {
        await this.forget(false);
      }
    };
  }

  private notifyTabs(): void {
    this.channel?.postMessage({ type: 'outbox' });
  }

  private setStatus(s: Status): void {
    if (this.status === s) return;
    this.status = s;
    this.emit('status', s);
  }
}
