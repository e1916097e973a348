import { useEffect, useRef, useState } from 'preact/hooks';
import type { Message, Role } from '../protocol';
import { Avatar } from './Avatar';
import { may } from './format';
import { roomTitle } from './names';
import { client, errorText, say, useOn } from './state';

/** Picks a chat to forward a message into; the copy names its author and time, never the room it came from. */
export function Forward({ message, onClose }: { message: Message; onClose: () => void }) {
  useOn('rooms');
  const c = client.value!;
  const [filter, setFilter] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const q = filter.trim().toLowerCase();
  const rooms = c.chatList().filter((e) => !q || roomTitle(e).toLowerCase().includes(q)).slice(0, 50);

  async function to(roomId: number) {
    const e = c.roomEntry(roomId)!;
    try {
      if (e.room.kind === 'channel') {
        // a channel's readers may not post: say so here instead of a failed copy over there
        const d = await c.details(roomId);
        const role = d.members.find((m) => m.userId === c.me?.id)?.role as Role | undefined;
        if (!may('channel', role, 'post')) {
          say(`Only owners and admins post in ${roomTitle(e)}.`);
          return;
        }
      }
      await c.forward(roomId, message);
      say(`Forwarded to ${roomTitle(e)}`);
      onClose();
    } catch (err) {
      say(errorText(err));
    }
  }

  return (
    <div class="overlay" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div class="dialog card" role="dialog" aria-modal="true" aria-label="Forward to" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
        <div class="row">
          <h3 class="grow">Forward to…</h3>
          <button type="button" class="icon-btn small" aria-label="Close" onClick={onClose}>✕</button>
        </div>
        <input ref={input} type="search" placeholder="Search chats" aria-label="Search chats to forward to" value={filter} onInput={(e) => setFilter((e.target as HTMLInputElement).value)} />
        <ul class="plain forward-list">
          {rooms.map((e) => (
            <li key={e.room.id}>
              <button type="button" class="forward-to" onClick={() => void to(e.room.id)}>
                <Avatar name={roomTitle(e)} id={e.room.kind === 'direct' ? (e.peerId ?? e.room.id) : e.room.id} userId={e.room.kind === 'direct' ? e.peerId : undefined} size={32} />
                <span>{roomTitle(e)}</span>
              </button>
            </li>
          ))}
          {rooms.length === 0 && <li class="muted">No chat matches.</li>}
        </ul>
      </div>
    </div>
  );
}
