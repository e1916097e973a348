import type { Api } from './api';
import type { Message } from './types';

// Notification levels and the decision of docs/notifications.md, and the REST calls for them.

export type Level = 'all' | 'mentions' | 'none';

export interface RoomNotify {
  roomId: number;
  /** Absent: follows the account default. */
  level?: Level;
  /** ISO instant; absent: not muted. */
  mutedUntil?: string;
}

export interface NotifySettings {
  level: Level;
  /** false: private previews, pushes carry no message text. */
  previews: boolean;
  rooms: RoomNotify[];
}

export function notificationSettings(api: Api): Promise<NotifySettings> {
  return api.request<NotifySettings>('GET', '/notifications');
}

export function updateNotifications(api: Api, patch: { level?: Level; previews?: boolean }): Promise<NotifySettings> {
  return api.request<NotifySettings>('PATCH', '/notifications', patch);
}

/** Replaces both of a room's fields: null or absent means "follow the default" and "not muted". */
export function setRoomNotifications(api: Api, roomId: number, s: { level: Level | null; mutedUntil: string | null }): Promise<RoomNotify> {
  return api.request<RoomNotify>('PUT', `/rooms/${roomId}/notifications`, s);
}

export function roomSetting(s: NotifySettings | null, roomId: number): RoomNotify {
  return s?.rooms.find((r) => r.roomId === roomId) ?? { roomId };
}

/** Whether a room is muted now (a mute that ran out does not count). */
export function mutedNow(r: RoomNotify, now = Date.now()): boolean {
  return r.mutedUntil !== undefined && Date.parse(r.mutedUntil) > now;
}

/** Whether a room shows as muted in the chat list: muted for a while, or set to notify for nothing. */
export function quiet(s: NotifySettings | null, roomId: number, now = Date.now()): boolean {
  const r = roomSetting(s, roomId);
  return mutedNow(r, now) || r.level === 'none';
}

/** The decision for one message on this device, the same as the server's (docs/notifications.md). */
export function notifies(s: NotifySettings, meId: number, m: Message, readSeq: number, now = Date.now()): boolean {
  if (m.senderId === meId || m.seq <= readSeq || m.kind !== 'text') return false;
  const r = roomSetting(s, m.roomId);
  if (mutedNow(r, now)) return false;
  switch (r.level ?? s.level) {
    case 'all':
      return true;
    case 'mentions':
      return ((m.data as { mentions?: number[] } | null)?.mentions ?? []).includes(meId);
    default:
      return false;
  }
}
