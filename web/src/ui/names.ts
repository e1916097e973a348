import type { RoomEntry } from '../protocol';
import { displayName } from './format';
import { client } from './state';

export function userName(id: number): string {
  const c = client.value!;
  if (id === c.me?.id) return c.me.displayName || c.me.username;
  return displayName(c.user(id), id);
}

/** A room's title: its name, or for a direct room the other person's. */
export function roomTitle(e: RoomEntry): string {
  if (e.room.kind === 'direct') return e.peerId !== undefined ? userName(e.peerId) : 'Direct chat';
  return e.room.name || 'Untitled';
}
