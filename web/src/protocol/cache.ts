import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Media, MediaKind, Message, Quote, Receipt, Room, User } from './types';

/** A room as the chat list needs it, kept across reloads. */
export interface RoomEntry {
  room: Room;
  lastMessage: Message | null;
  /** My read cursor (seq); unread = room.lastSeq - readSeq. */
  readSeq: number;
  /** Highest seq of a message that mentions me. */
  mentionSeq: number;
  /** For a direct room: the other member. */
  peerId?: number;
  /** Lowest seq the server will ever give me here (history exhausted below it). */
  historyStart?: number;
  /** Set when my membership ended (left, removed, banned): the room leaves the list. */
  gone?: boolean;
}

/** A file waiting in the outbox: its bytes (IndexedDB stores Blobs) and what the device read of it. */
export interface OutboxFile {
  blob: Blob;
  name: string;
  /** The browser's guess (from the name); the server detects the real type from the bytes. */
  type: string;
  size: number;
  kind: MediaKind;
  width?: number;
  height?: number;
  durationMs?: number;
  /** A video's frame (JPEG) the device captured: uploaded as an image first, then named as the video's poster. */
  poster?: Blob;
}

export interface OutboxItem {
  clientId: string;
  roomId: number;
  text: string;
  createdAt: string;
  /** Position in the outbox; messages go out in this order. */
  order: number;
  state: 'pending' | 'failed';
  error?: string;
  /** A reply: the seq it answers, and the quote shown while it is pending. */
  replyTo?: number;
  quote?: Quote;
  /** A forward: the original it copies (`text` is then the original's, for display). */
  forward?: { roomId: number; seq: number };
  /** A media message: the file to upload; `text` is then its caption (may be empty). */
  file?: OutboxFile;
  /** Set once the file is uploaded, so a retry or a reload sends it without a second upload. */
  media?: Media;
  /** Likewise the poster's upload, once it is done (the video's upload then names it). */
  posterMedia?: Media;
  /** The server's code when it refused (`too_large`, ...), for the UI to word it. */
  errorCode?: string;
}

interface Schema extends DBSchema {
  kv: { key: string; value: unknown };
  rooms: { key: number; value: RoomEntry };
  messages: { key: number; value: Message; indexes: { bySeq: [number, number] } };
  receipts: { key: [number, number]; value: Receipt };
  outbox: { key: string; value: OutboxItem; indexes: { byOrder: number } };
  users: { key: number; value: User };
}

export type CacheDb = IDBPDatabase<Schema>;

/**
 * The device's IndexedDB: the session (token, me, sync token), the chat list, every message this
 * device has seen (by id, and by room and seq for paging), members' cursors, the outbox and drafts.
 * The app opens from it before the network answers.
 */
export class Cache {
  private constructor(
    readonly db: CacheDb,
    readonly name: string,
  ) {}

  static async open(name = 'confab'): Promise<Cache> {
    const db = await openDB<Schema>(name, 1, {
      upgrade(d) {
        d.createObjectStore('kv');
        d.createObjectStore('rooms', { keyPath: 'room.id' });
        d.createObjectStore('messages', { keyPath: 'id' }).createIndex('bySeq', ['roomId', 'seq'], { unique: false });
        d.createObjectStore('receipts', { keyPath: ['roomId', 'userId'] });
        d.createObjectStore('outbox', { keyPath: 'clientId' }).createIndex('byOrder', 'order');
        d.createObjectStore('users', { keyPath: 'id' });
      },
      blocking() {
        // another tab wants to delete or upgrade the database (logout): let it
        db.close();
      },
    });
    return new Cache(db, name);
  }

  /** Forgets everything (logout): the database is deleted, not just emptied. */
  async destroy(): Promise<void> {
    this.db.close();
    await deleteDB(this.name);
  }

  async get<T>(key: string): Promise<T | undefined> {
    return (await this.db.get('kv', key)) as T | undefined;
  }
  async set(key: string, value: unknown): Promise<void> {
    if (value === undefined || value === null) await this.db.delete('kv', key);
    else await this.db.put('kv', value, key);
  }

  rooms(): Promise<RoomEntry[]> {
    return this.db.getAll('rooms');
  }
  async putRooms(entries: RoomEntry[]): Promise<void> {
    const tx = this.db.transaction('rooms', 'readwrite');
    await Promise.all([...entries.map((e) => tx.store.put(e)), tx.done]);
  }

  /** Stores messages not seen before and returns those (duplicates, by id, are dropped). */
  async addMessages(messages: Message[]): Promise<Message[]> {
    if (messages.length === 0) return [];
    const tx = this.db.transaction('messages', 'readwrite');
    const fresh: Message[] = [];
    const seen = new Set<number>();
    for (const m of messages) {
      if (seen.has(m.id)) continue;
      seen.add(m.id);
      if ((await tx.store.getKey(m.id)) === undefined) {
        fresh.push(m);
        void tx.store.put(m);
      }
    }
    await tx.done;
    return fresh;
  }

  /** Replaces stored messages (a tombstone after a delete for everyone). */
  async putMessages(messages: Message[]): Promise<void> {
    const tx = this.db.transaction('messages', 'readwrite');
    await Promise.all([...messages.map((m) => tx.store.put(m)), tx.done]);
  }

  async messageAt(roomId: number, seq: number): Promise<Message | undefined> {
    return this.db.getFromIndex('messages', 'bySeq', [roomId, seq]);
  }

  /** Up to `limit` stored messages of the room with seq < before, newest first. */
  async before(roomId: number, before: number, limit: number): Promise<Message[]> {
    const out: Message[] = [];
    const range = IDBKeyRange.bound([roomId, 0], [roomId, before], false, true);
    let cursor = await this.db.transaction('messages').store.index('bySeq').openCursor(range, 'prev');
    while (cursor && out.length < limit) {
      out.push(cursor.value);
      cursor = await cursor.continue();
    }
    return out;
  }

  /** Up to `limit` stored messages of the room with seq > after, oldest first. */
  async after(roomId: number, after: number, limit: number): Promise<Message[]> {
    const out: Message[] = [];
    const range = IDBKeyRange.bound([roomId, after], [roomId, Number.MAX_SAFE_INTEGER], true, false);
    let cursor = await this.db.transaction('messages').store.index('bySeq').openCursor(range, 'next');
    while (cursor && out.length < limit) {
      out.push(cursor.value);
      cursor = await cursor.continue();
    }
    return out;
  }

  receipts(): Promise<Receipt[]> {
    return this.db.getAll('receipts');
  }
  async putReceipts(receipts: Receipt[]): Promise<void> {
    const tx = this.db.transaction('receipts', 'readwrite');
    await Promise.all([...receipts.map((r) => tx.store.put(r)), tx.done]);
  }

  outbox(): Promise<OutboxItem[]> {
    return this.db.getAllFromIndex('outbox', 'byOrder');
  }
  async putOutbox(item: OutboxItem): Promise<void> {
    await this.db.put('outbox', item);
  }
  async removeOutbox(clientId: string): Promise<void> {
    await this.db.delete('outbox', clientId);
  }

  users(): Promise<User[]> {
    return this.db.getAll('users');
  }
  async putUsers(users: User[]): Promise<void> {
    const tx = this.db.transaction('users', 'readwrite');
    await Promise.all([...users.map((u) => tx.store.put(u)), tx.done]);
  }
}
