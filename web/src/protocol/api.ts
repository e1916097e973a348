import { ConfabError } from './errors';
import type {
  Ban, BlockedUser, ChatList, Invite, InvitePreview, Media, MediaDetails, Member, Message, MessageReceipts, Page, Privacy,
  ReactionEvent, ReactionSummary, Receipt, Room, RoomDetails, SearchPage, Session, SignedIn, SyncBatch, User,
} from './types';

export interface SearchQuery {
  q: string;
  /** One room; all my rooms when absent. */
  roomId?: number;
  order?: 'recent' | 'relevance';
  match?: 'word' | 'substring';
  limit?: number;
  cursor?: string;
}

export interface GroupSpec {
  name: string;
  description?: string;
  memberIds?: number[];
  kind?: 'group' | 'channel';
  visibility?: 'private' | 'public';
  history?: 'all' | 'joined';
}

export interface UploadOptions {
  /** Bytes sent so far, of `total` (in a browser; Node's fetch reports nothing). */
  onProgress?: (loaded: number, total: number) => void;
  /** Aborting rejects with code `aborted`. */
  signal?: AbortSignal;
}

export type RoomEdit = Partial<Pick<Room, 'name' | 'description' | 'visibility' | 'history'>>;

/** Typed REST calls to /api/v1 (docs/openapi.yaml). `base` is the server's origin; '' means this page's. */
export class Api {
  token: string | null;

  constructor(
    readonly base = '',
    token: string | null = null,
    private readonly fetchImpl: typeof fetch = (...a) => fetch(...a),
  ) {
    this.token = token;
  }

  async request<T>(method: string, path: string, body?: unknown, raw?: Blob | ArrayBuffer): Promise<T> {
    const headers: Record<string, string> = {};
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    let payload: BodyInit | undefined;
    if (raw !== undefined) {
      payload = raw;
      headers['Content-Type'] = 'application/octet-stream';
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['Content-Type'] = 'application/json';
    }
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.base}/api/v1${path}`, { method, headers, body: payload });
    } catch (e) {
      throw new ConfabError('network', `The server cannot be reached (${String(e)}).`);
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: a proxy's error page; reported below by status
    }
    if (!res.ok) {
      const err = (json as { error?: { code: string; message: string; retryAfterMs?: number } } | null)?.error;
      throw new ConfabError(err?.code ?? 'http_' + res.status, err?.message ?? `HTTP ${res.status}`, res.status, err?.retryAfterMs);
    }
    return json as T;
  }

  signup(username: string, password: string, device: string, displayName?: string) {
    return this.request<SignedIn>('POST', '/auth/signup', { username, password, device, displayName });
  }
  login(username: string, password: string, device: string) {
    return this.request<SignedIn>('POST', '/auth/login', { username, password, device });
  }
  logout() {
    return this.request<void>('POST', '/auth/logout');
  }
  sessions() {
    return this.request<{ sessions: Session[] }>('GET', '/sessions').then((r) => r.sessions);
  }
  revokeSession(id: number) {
    return this.request<void>('DELETE', `/sessions/${id}`);
  }

  me() {
    return this.request<User>('GET', '/me');
  }
  updateMe(patch: { displayName?: string; about?: string }) {
    return this.request<User>('PATCH', '/me', patch);
  }
  searchUsers(prefix: string, limit = 20) {
    return this.request<{ users: User[] }>('GET', `/users?prefix=${encodeURIComponent(prefix)}&limit=${limit}`).then((r) => r.users);
  }
  user(id: number) {
    return this.request<User>('GET', `/users/${id}`);
  }
  uploadAvatar(image: Blob | ArrayBuffer) {
    return this.request<User>('PUT', '/me/avatar', undefined, image);
  }
  deleteAvatar() {
    return this.request<User>('DELETE', '/me/avatar');
  }
  /** The avatar's bytes (the route needs the bearer token, so an <img src> cannot load it directly). */
  async avatar(userId: number): Promise<Blob | null> {
    const res = await this.fetchImpl(`${this.base}/api/v1/users/${userId}/avatar`, {
      headers: this.token ? { Authorization: `Bearer ${this.token}` } : {},
    });
    return res.ok ? res.blob() : null;
  }
  privacy() {
    return this.request<Privacy>('GET', '/me/privacy');
  }
  updatePrivacy(patch: Partial<Privacy>) {
    return this.request<Privacy>('PATCH', '/me/privacy', patch);
  }
  blocks() {
    return this.request<{ blocks: BlockedUser[] }>('GET', '/blocks').then((r) => r.blocks);
  }
  block(userId: number) {
    return this.request<void>('POST', '/blocks', { userId });
  }
  unblock(userId: number) {
    return this.request<void>('DELETE', `/blocks/${userId}`);
  }

  chatList(limit = 200) {
    return this.request<ChatList>('GET', `/rooms?limit=${limit}`);
  }
  room(id: number) {
    return this.request<RoomDetails>('GET', `/rooms/${id}`);
  }
  direct(userId: number) {
    return this.request<Room>('POST', '/rooms/direct', { userId });
  }
  createRoom(spec: GroupSpec) {
    return this.request<Room>('POST', '/rooms', spec);
  }
  editRoom(id: number, edit: RoomEdit) {
    return this.request<Room>('PATCH', `/rooms/${id}`, edit);
  }
  directory(q = '', limit = 20) {
    return this.request<{ rooms: Room[] }>('GET', `/directory?q=${encodeURIComponent(q)}&limit=${limit}`).then((r) => r.rooms);
  }
  join(roomId: number) {
    return this.request<Room>('POST', `/rooms/${roomId}/join`);
  }
  leave(roomId: number) {
    return this.request<void>('POST', `/rooms/${roomId}/leave`);
  }
  addMembers(roomId: number, userIds: number[]) {
    return this.request<{ room: Room; added: number[] }>('POST', `/rooms/${roomId}/members`, { userIds });
  }
  setRole(roomId: number, userId: number, role: string) {
    return this.request<Member>('PATCH', `/rooms/${roomId}/members/${userId}`, { role });
  }
  removeMember(roomId: number, userId: number) {
    return this.request<void>('DELETE', `/rooms/${roomId}/members/${userId}`);
  }
  bans(roomId: number) {
    return this.request<{ bans: Ban[] }>('GET', `/rooms/${roomId}/bans`).then((r) => r.bans);
  }
  ban(roomId: number, userId: number) {
    return this.request<void>('POST', `/rooms/${roomId}/bans`, { userId });
  }
  unban(roomId: number, userId: number) {
    return this.request<void>('DELETE', `/rooms/${roomId}/bans/${userId}`);
  }
  invites(roomId: number) {
    return this.request<{ invites: Invite[] }>('GET', `/rooms/${roomId}/invites`).then((r) => r.invites);
  }
  createInvite(roomId: number, opts: { expiresInSeconds?: number; maxUses?: number } = {}) {
    return this.request<Invite>('POST', `/rooms/${roomId}/invites`, opts);
  }
  revokeInvite(roomId: number, code: string) {
    return this.request<void>('DELETE', `/rooms/${roomId}/invites/${encodeURIComponent(code)}`);
  }
  invitePreview(code: string) {
    return this.request<InvitePreview>('GET', `/invites/${encodeURIComponent(code)}`);
  }
  joinInvite(code: string) {
    return this.request<Room>('POST', `/invites/${encodeURIComponent(code)}/join`);
  }
  deleteMessage(roomId: number, seq: number) {
    return this.request<void>('DELETE', `/rooms/${roomId}/messages/${seq}`);
  }
  pin(roomId: number, seq: number) {
    return this.request<void>('POST', `/rooms/${roomId}/pins`, { seq });
  }
  unpin(roomId: number, seq: number) {
    return this.request<void>('DELETE', `/rooms/${roomId}/pins/${seq}`);
  }
  history(roomId: number, q: { before?: number; after?: number; limit?: number }) {
    const p = new URLSearchParams();
    if (q.before !== undefined) p.set('before', String(q.before));
    if (q.after !== undefined) p.set('after', String(q.after));
    p.set('limit', String(q.limit ?? 50));
    return this.request<Page>('GET', `/rooms/${roomId}/messages?${p}`);
  }
  post(roomId: number, clientId: string, text: string) {
    return this.request<Message>('POST', `/rooms/${roomId}/messages`, { clientId, text });
  }
  read(roomId: number, seq: number) {
    return this.request<Receipt>('POST', `/rooms/${roomId}/read`, { seq });
  }
  messageReceipts(roomId: number, seq: number) {
    return this.request<MessageReceipts>('GET', `/rooms/${roomId}/messages/${seq}/receipts`);
  }
  editMessage(roomId: number, seq: number, text: string) {
    return this.request<Message>('PATCH', `/rooms/${roomId}/messages/${seq}`, { text });
  }
  react(roomId: number, seq: number, emoji: string, add: boolean) {
    return this.request<{ changed: boolean; reaction?: ReactionEvent }>(add ? 'PUT' : 'DELETE', `/rooms/${roomId}/messages/${seq}/reactions/${encodeURIComponent(emoji)}`);
  }
  /** Everyone who reacted to a message, per emoji. */
  reactions(roomId: number, seq: number) {
    return this.request<{ reactions: ReactionSummary[] }>('GET', `/rooms/${roomId}/messages/${seq}/reactions`).then((r) => r.reactions);
  }
  /** The emoji this server accepts as reactions. */
  allowedReactions() {
    return this.request<{ emoji: string[] }>('GET', '/reactions').then((r) => r.emoji);
  }
  search(query: SearchQuery) {
    const p = new URLSearchParams({ q: query.q });
    if (query.roomId !== undefined) p.set('roomId', String(query.roomId));
    if (query.order) p.set('order', query.order);
    if (query.match) p.set('match', query.match);
    if (query.limit) p.set('limit', String(query.limit));
    if (query.cursor) p.set('cursor', query.cursor);
    return this.request<SearchPage>('GET', `/search?${p}`);
  }
  /**
   * Uploads a file (`POST /media`, the body is the bytes) and answers its `media`. In a browser it
   * goes by XMLHttpRequest, the one API that reports upload progress; elsewhere by fetch.
   */
  upload(file: Blob, details: MediaDetails = {}, opts: UploadOptions = {}): Promise<Media> {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(details)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
    const q = p.toString();
    const path = `/media${q ? `?${q}` : ''}`;
    if (opts.signal?.aborted) return Promise.reject(new ConfabError('aborted', 'The upload was cancelled.'));
    if (typeof XMLHttpRequest === 'undefined') {
      return this.request<Media>('POST', path, undefined, file).then((m) => {
        opts.onProgress?.(file.size, file.size);
        return m;
      });
    }
    return new Promise<Media>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `${this.base}/api/v1${path}`);
      if (this.token) xhr.setRequestHeader('Authorization', `Bearer ${this.token}`);
      xhr.setRequestHeader('Content-Type', 'application/octet-stream');
      xhr.upload.onprogress = (e) => opts.onProgress?.(e.loaded, e.lengthComputable ? e.total : file.size);
      const onAbort = () => xhr.abort();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => opts.signal?.removeEventListener('abort', onAbort);
      xhr.onabort = () => {
        done();
        reject(new ConfabError('aborted', 'The upload was cancelled.'));
      };
      xhr.onerror = () => {
        done();
        reject(new ConfabError('network', 'The server cannot be reached.'));
      };
      xhr.ontimeout = xhr.onerror;
      xhr.onload = () => {
        done();
        let json: unknown = null;
        try {
          json = xhr.responseText ? JSON.parse(xhr.responseText) : null;
        } catch {
          // not JSON: a proxy's error page; reported by status
        }
        if (xhr.status === 201 || xhr.status === 200) {
          resolve(json as Media);
          return;
        }
        const err = (json as { error?: { code: string; message: string; retryAfterMs?: number } } | null)?.error;
        reject(new ConfabError(err?.code ?? 'http_' + xhr.status, err?.message ?? `HTTP ${xhr.status}`, xhr.status, err?.retryAfterMs));
      };
      xhr.send(file);
    });
  }
  /** Removes one of my uploads that no message shows (a cancelled attachment). */
  deleteMedia(id: number) {
    return this.request<void>('DELETE', `/media/${id}`);
  }
  /** The bytes behind a media `url` or `thumbnailUrl` (they need the bearer token, so an <img src> cannot load them). */
  async mediaBlob(url: string): Promise<Blob> {
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.base}${url}`, { headers: this.token ? { Authorization: `Bearer ${this.token}` } : {} });
    } catch (e) {
      throw new ConfabError('network', `The server cannot be reached (${String(e)}).`);
    }
    if (!res.ok) {
      const err = ((await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null)?.error;
      throw new ConfabError(err?.code ?? 'http_' + res.status, err?.message ?? `HTTP ${res.status}`, res.status);
    }
    return res.blob();
  }
  /** A media message over REST: an upload of mine with an optional caption. */
  postMedia(roomId: number, clientId: string, mediaId: number, caption?: string) {
    return this.request<Message>('POST', `/rooms/${roomId}/messages`, { clientId, mediaId, ...(caption && { text: caption }) });
  }
  sync(since: number, limit = 500) {
    return this.request<SyncBatch>('GET', `/sync?since=${since}&limit=${limit}`);
  }
}
