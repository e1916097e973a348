import type { Message, Role, RoomKind, User } from '../protocol';
import { mediaPreview } from './media';

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  const first = [...parts[0]][0] ?? '';
  const second = parts.length > 1 ? [...parts[parts.length - 1]][0] ?? '' : [...parts[0]][1] ?? '';
  return (first + second).toUpperCase();
}

/** One of eight hues, stable per id, for avatars without a picture. */
export function hue(id: number): number {
  return (Math.abs(id * 2654435761) % 8) + 1;
}

const sameDay = (a: Date, b: Date) => a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

// Building an Intl.DateTimeFormat is what made toLocale*String slow (tens of microseconds a call,
// once per bubble per render); the page's locale and time zone are fixed, so each format is made once.
const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const WEEKDAY = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
const DAY_MONTH = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const DAY_MONTH_YEAR = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const LONG_DAY = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
const LONG_DAY_YEAR = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

/** Recent message times, formatted: the same createdAt strings come back on every render of a room. */
const times = new Map<string, string>();
const TIMES_KEPT = 1000;

export function timeOf(iso: string): string {
  let t = times.get(iso);
  if (t === undefined) {
    if (times.size >= TIMES_KEPT) times.clear();
    t = TIME.format(new Date(iso));
    times.set(iso, t);
  }
  return t;
}

/** Chat list time: the hour today, the weekday this week, else the date. */
export function shortWhen(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (sameDay(d, now)) return timeOf(iso);
  const days = (now.getTime() - d.getTime()) / 86_400_000;
  if (days < 6) return WEEKDAY.format(d);
  return (d.getFullYear() === now.getFullYear() ? DAY_MONTH : DAY_MONTH_YEAR).format(d);
}

export function dayLabel(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (sameDay(d, now)) return 'Today';
  const y = new Date(now);
  y.setDate(y.getDate() - 1);
  if (sameDay(d, y)) return 'Yesterday';
  return (d.getFullYear() === now.getFullYear() ? LONG_DAY : LONG_DAY_YEAR).format(d);
}

export function sameDayIso(a: string, b: string): boolean {
  return sameDay(new Date(a), new Date(b));
}

export function lastSeen(iso?: string): string {
  if (!iso) return 'offline';
  const d = new Date(iso);
  const mins = Math.round((Date.now() - d.getTime()) / 60000);
  if (mins < 1) return 'last seen just now';
  if (mins < 60) return `last seen ${mins} min ago`;
  return `last seen ${shortWhen(iso)}${sameDay(d, new Date()) ? '' : ' at ' + timeOf(iso)}`;
}

export type Named = (id: number) => string;

/** What a message says in a preview or a system line, as plain text (rendered as text, never HTML). */
export function describe(m: Message, name: Named, meId?: number): string {
  const who = m.senderId === meId ? 'You' : name(m.senderId);
  const d = (m.data ?? {}) as Record<string, unknown>;
  const names = (ids: unknown) => ((ids as number[]) ?? []).map((id) => (id === meId ? 'you' : name(id))).join(', ');
  switch (m.kind) {
    case 'text':
      return m.text ?? '';
    case 'deleted':
      return 'Message deleted';
    case 'image':
    case 'video':
    case 'audio':
    case 'file':
      return mediaPreview(m);
    case 'room.created':
      return `${who} created the chat`;
    case 'room.updated':
      return `${who} changed ${Object.keys(d).join(', ')}`;
    case 'members.added':
      return `${who} added ${names(d.userIds)}`;
    case 'member.joined':
      return `${name(d.userId as number)} joined${d.via === 'invite' ? ' by invite link' : ''}`;
    case 'member.left':
      return `${name(d.userId as number)} left`;
    case 'member.removed':
      return `${who} removed ${name(d.userId as number)}`;
    case 'member.banned':
      return `${who} banned ${name(d.userId as number)}`;
    case 'member.unbanned':
      return `${who} unbanned ${name(d.userId as number)}`;
    case 'member.role':
      return `${who} made ${name(d.userId as number)} ${String(d.role)}`;
    case 'message.deleted':
      return `${who} deleted a message`;
    case 'message.pinned':
      return `${who} pinned a message`;
    case 'message.unpinned':
      return `${who} unpinned a message`;
    default:
      return `${who}: ${m.kind}`;
  }
}

export function displayName(u: User | undefined, id: number): string {
  return u?.displayName || u?.username || `User ${id}`;
}

// ---- the permission matrix of docs/permissions.md ----

export type Action = 'post' | 'invite' | 'remove' | 'ban' | 'edit_info' | 'change_roles' | 'delete_others' | 'pin' | 'manage_invites';
export const RANK: Record<Role, number> = { owner: 5, admin: 4, moderator: 3, member: 2, readonly: 1 };
const MIN_ROLE: Record<Action, Role> = {
  post: 'member', invite: 'moderator', remove: 'moderator', ban: 'admin', edit_info: 'admin',
  change_roles: 'admin', delete_others: 'moderator', pin: 'moderator', manage_invites: 'admin',
};

export function may(kind: RoomKind, role: Role | undefined, action: Action): boolean {
  if (!role) return false;
  if (kind === 'direct') return action === 'post' || action === 'pin';
  if (kind === 'channel' && action === 'post') return RANK[role] >= RANK.admin;
  return RANK[role] >= RANK[MIN_ROLE[action]];
}

/** Whether I may act on a member of `theirs` rank (remove, ban, change role): strictly higher rank. */
export function outranks(mine: Role | undefined, theirs: Role): boolean {
  return !!mine && RANK[mine] > RANK[theirs];
}

/** Roles I may give: below my own, or owner when I am one. */
export function grantable(mine: Role | undefined): Role[] {
  if (!mine) return [];
  return (['owner', 'admin', 'moderator', 'member', 'readonly'] as Role[]).filter((r) => RANK[r] < RANK[mine] || (mine === 'owner' && r === 'owner'));
}
