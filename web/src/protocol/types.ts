import type { NotifySettings } from './notify';
// The wire model of docs/protocol.md and docs/openapi.yaml, as the server sends it.

export interface User {
  id: number;
  username: string;
  displayName: string;
  about?: string;
  hasAvatar?: boolean;
  avatarUrl?: string;
  lastSeenAt?: string;
  online?: boolean;
}

export type RoomKind = 'direct' | 'group' | 'channel';
export type Role = 'owner' | 'admin' | 'moderator' | 'member' | 'readonly';
export type Audience = 'everyone' | 'contacts' | 'nobody';

export interface Room {
  id: number;
  kind: RoomKind;
  name?: string | null;
  description?: string | null;
  creatorId?: number | null;
  createdAt: string;
  lastSeq: number;
  visibility?: 'private' | 'public';
  history?: 'all' | 'joined';
  memberCount?: number;
}

export interface Message {
  id: number;
  roomId: number;
  seq: number;
  senderId: number;
  clientId?: string | null;
  kind: string;
  text?: string | null;
  data?: MessageData | null;
  createdAt: string;
  /** Set once the text (or caption) was edited. */
  editedAt?: string | null;
  /** Per emoji, in history pages and kept current by `reaction` events. */
  reactions?: ReactionSummary[];
}

/** The message a reply answers, as it was when sent (live, sync) or as it is now (history). */
export interface Quote {
  id: number;
  seq: number;
  senderId: number;
  preview?: string;
  deleted?: boolean;
}

/** The original author and time of a forwarded copy; nothing names the room it came from. */
export interface Forwarded {
  senderId: number;
  senderName: string;
  createdAt: string;
}

export type MediaKind = 'image' | 'video' | 'audio' | 'file';

/** An upload (docs/protocol.md, "Media"); fields that do not apply are absent. */
export interface Media {
  id: number;
  kind: MediaKind;
  type: string;
  size: number;
  name?: string;
  width?: number;
  height?: number;
  durationMs?: number;
  /** A BlurHash of the image or poster. */
  placeholder?: string;
  url: string;
  thumbnailUrl?: string;
  createdAt: string;
}

/** What a client says about a file it uploads (the server detects the type itself). */
export interface MediaDetails {
  name?: string;
  width?: number;
  height?: number;
  durationMs?: number;
  posterId?: number;
}

/** What `data` carries: mentions, reply and forward information, a media message's upload, system-message fields. */
export interface MessageData extends Record<string, unknown> {
  mentions?: number[];
  replyTo?: Quote;
  forwarded?: Forwarded;
  media?: Media;
}

export interface ReactionSummary {
  emoji: string;
  count: number;
  /** The first few who reacted. */
  userIds: number[];
  mine: boolean;
}

export interface EditEvent {
  pos?: number;
  roomId: number;
  seq: number;
  messageId: number;
  editorId: number;
  kind: string;
  text?: string | null;
  data?: MessageData | null;
  editedAt: string;
}

export interface ReactionEvent {
  pos?: number;
  roomId: number;
  seq: number;
  messageId: number;
  userId: number;
  emoji: string;
  added: boolean;
  /** How many have this emoji after the change. */
  count: number;
}

export interface SearchHit {
  message: Message;
  snippet: { text: string; highlights: [number, number][] };
}

export interface SearchPage {
  hits: SearchHit[];
  next?: string;
}

export interface Receipt {
  roomId: number;
  userId: number;
  delivered: number;
  read: number;
  pos?: number;
}

export interface ChatEntry {
  room: Room;
  lastMessage?: Message | null;
  unread: number;
  mentioned: boolean;
}

export interface ChatList {
  rooms: ChatEntry[];
  totalUnread: number;
}

export interface Session {
  id: number;
  device: string;
  createdAt: string;
  lastUsedAt: string;
  current: boolean;
}

export interface SignedIn {
  token: string;
  session: Session;
  user: User;
}

export interface Member {
  userId: number;
  role: Role;
  /** Absent where I may not see their cursors (a channel's other readers). */
  delivered?: number;
  read?: number;
  /** Set on my own membership when it ended (I left, or was removed or banned): the last seq I may see. */
  leftSeq?: number;
}

export interface RoomDetails {
  room: Room;
  members: Member[];
  pinned: number[];
}

export interface Invite {
  code: string;
  roomId: number;
  createdBy: number;
  createdAt: string;
  expiresAt?: string;
  maxUses?: number;
  uses: number;
  revokedAt?: string;
}

export interface InvitePreview {
  roomId: number;
  kind: 'group' | 'channel';
  name?: string;
  description?: string;
  memberCount: number;
  expiresAt?: string;
}

export interface Ban {
  userId: number;
  bannedBy: number;
  bannedAt: string;
}

export interface Privacy {
  avatar: Audience;
  about: Audience;
  lastSeen: Audience;
}

export interface BlockedUser {
  userId: number;
  username: string;
  displayName: string;
  createdAt: string;
}

export interface Page {
  messages: Message[];
  more: boolean;
}

export interface MessageReceipts {
  seq: number;
  delivered: number[];
  read: number[];
}

export type SyncEvent =
  | { type: 'message'; message: Message }
  | { type: 'receipt'; receipt: Receipt }
  | { type: 'edit'; edit: EditEvent }
  | { type: 'reaction'; reaction: ReactionEvent };

export interface SyncBatch {
  events: SyncEvent[];
  next: number;
  more: boolean;
}

/** Frames the server sends (docs/protocol.md, "Server to client"). */
export type ServerFrame =
  | { type: 'hello'; user: User; sessionId: number; pos: number }
  | { type: 'sent'; ref: string; message: Message; duplicate: boolean }
  | { type: 'message'; message: Message }
  | { type: 'receipt'; receipt: Receipt }
  | { type: 'edit'; edit: EditEvent }
  | { type: 'reaction'; reaction: ReactionEvent }
  | { type: 'edited'; ref: string; message: Message }
  | { type: 'reacted'; ref: string; changed: boolean; reaction?: ReactionEvent }
  | { type: 'cursor'; ref: string; receipt: Receipt }
  | ({ type: 'sync'; ref: string } & SyncBatch)
  | ({ type: 'history'; ref: string } & Page)
  | { type: 'pong'; ref: string }
  | { type: 'ok'; ref: string }
  | { type: 'typing'; roomId: number; userId: number; active: boolean; expiresInMs?: number }
  | { type: 'presence'; userId: number; online: boolean; lastSeenAt?: string }
  | { type: 'notifications'; settings: NotifySettings }
  | { type: 'error'; ref?: string; code: string; message: string; retryAfterMs?: number };
