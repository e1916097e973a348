import { memo } from 'preact/compat';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Message, NotifySettings, Room, RoomEntry } from '../protocol';
import { Avatar } from './Avatar';
import { describe, shortWhen } from './format';
import { MEDIA_KINDS } from './media';
import { roomTitle, userName } from './names';
import { MutedIcon, PushBanner } from './Notifications';
import { quiet } from '../protocol';
import { notifySettings, useNotify } from './notify';
import { navigate } from './router';
import { client, rooms, status, users, useOn } from './state';

const ROW = 72;
const OVERSCAN = 6;

/** The chat list: every room by last activity, windowed (only the rows in view are in the DOM). */
export function ChatList({ activeId }: { activeId?: number }) {
  useOn('rooms', 'users', 'presence', 'status');
  const c = client.value!;
  const [filter, setFilter] = useState('');
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const box = useRef<HTMLDivElement>(null);
  useNotify();

  const all = c.chatList();
  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase();
    return q ? all.filter((e) => roomTitle(e).toLowerCase().includes(q)) : all;
  }, [all, filter, rooms.value, users.value]);

  useEffect(() => {
    const el = box.current!;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / ROW) - OVERSCAN);
  const last = Math.min(shown.length, Math.ceil((scrollTop + height) / ROW) + OVERSCAN);
  const rows = shown.slice(first, last);

  const onKey = (ev: KeyboardEvent) => {
    if (ev.key !== 'ArrowDown' && ev.key !== 'ArrowUp') return;
    const links = [...box.current!.querySelectorAll<HTMLAnchorElement>('a.chat')];
    const i = links.indexOf(document.activeElement as HTMLAnchorElement);
    const next = links[i + (ev.key === 'ArrowDown' ? 1 : -1)];
    if (next) {
      ev.preventDefault();
      next.focus();
      next.scrollIntoView({ block: 'nearest' });
    }
  };

  return (
    <section class="list-pane" aria-label="Chats">
      <header class="pane-head">
        <a href="/settings" class="me-link" onClick={link('/settings')} aria-label="Profile and settings">
          <Avatar name={c.me?.displayName || c.me?.username || '?'} id={c.me?.id ?? 0} userId={c.me?.id} hasAvatar={c.me?.hasAvatar} size={36} />
        </a>
        <h1>Chats</h1>
        <div class="head-actions">
          <a class="icon-btn" href="/search" onClick={link('/search')} aria-label="Search messages" title="Search messages">
            <SearchIcon />
          </a>
          <a class="icon-btn" href="/directory" onClick={link('/directory')} aria-label="Public rooms" title="Public rooms">
            <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm6.9 6h-3a15.7 15.7 0 0 0-1.4-4A8 8 0 0 1 18.9 8ZM12 4c.8 1.2 1.5 2.5 1.9 4h-3.8c.4-1.5 1.1-2.8 1.9-4ZM4.3 14a8 8 0 0 1 0-4h3.4a16.5 16.5 0 0 0 0 4Zm.8 2h3a15.7 15.7 0 0 0 1.4 4A8 8 0 0 1 5.1 16Zm3-8h-3a8 8 0 0 1 4.4-4A15.7 15.7 0 0 0 8.1 8ZM12 20c-.8-1.2-1.5-2.5-1.9-4h3.8c-.4 1.5-1.1 2.8-1.9 4Zm2.3-6H9.7a14.7 14.7 0 0 1 0-4h4.6a14.7 14.7 0 0 1 0 4Zm.3 6a15.7 15.7 0 0 0 1.4-4h3a8 8 0 0 1-4.4 4Zm1.7-6a16.5 16.5 0 0 0 0-4h3.4a8 8 0 0 1 0 4Z" /></svg>
          </a>
          <a class="icon-btn primary" href="/new" onClick={link('/new')} aria-label="New chat" title="New chat">
            <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M11 5h2v6h6v2h-6v6h-2v-6H5v-2h6z" /></svg>
          </a>
        </div>
      </header>
      {status.value !== 'open' && status.value !== 'signedOut' && (
        <p class="conn" role="status">{status.value === 'offline' ? 'Offline — messages will be sent when the connection is back' : 'Connecting…'}</p>
      )}
      <div class="search">
        <input type="search" placeholder="Search chats" aria-label="Filter chats by name" value={filter} onInput={(e) => setFilter((e.target as HTMLInputElement).value)} />
      </div>
      <PushBanner />
      <div class="chat-scroll" ref={box} onScroll={(e) => setScrollTop((e.target as HTMLElement).scrollTop)} onKeyDown={onKey}>
        {shown.length === 0 ? (
          <p class="empty">{filter ? 'No chat matches.' : c.loaded ? 'No chats yet. Start one with the + button.' : 'Loading…'}</p>
        ) : (
          <ul class="chat-rows" style={{ height: `${shown.length * ROW}px` }} aria-label={`${shown.length} chats`}>
            {rows.map((e, i) => (
              <Row key={e.room.id} e={e} room={e.room} last={e.lastMessage} peerId={e.peerId} unread={c.unread(e.room.id)} mentioned={c.mentioned(e.room.id)}
                names={users.value} online={e.peerId !== undefined && !!c.presence(e.peerId)?.online} settings={notifySettings.value}
                top={(first + i) * ROW} active={e.room.id === activeId} pos={first + i + 1} size={shown.length} />
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

interface RowProps {
  e: RoomEntry;
  /**
   * What the row shows, as props: the client replaces `room` and `lastMessage` with new objects when
   * they change (the entry itself is updated in place), so an unchanged row compares equal and a live
   * batch renders only the rows it changed.
   */
  room: Room;
  last: Message | null;
  peerId?: number;
  unread: number;
  mentioned: boolean;
  /** The users version: names and avatars read the client's user cache. */
  names: number;
  online: boolean;
  settings: NotifySettings | null;
  top: number;
  active: boolean;
  pos: number;
  size: number;
}

const Row = memo(RowView);

function RowView({ e, unread, mentioned, online, settings, top, active, pos, size }: RowProps) {
  const c = client.value!;
  const title = roomTitle(e);
  const m = e.lastMessage;
  const mine = m && m.senderId === c.me?.id;
  let preview = m ? describe(m, userName, c.me?.id) : '';
  if (m && (m.kind === 'text' || MEDIA_KINDS.has(m.kind)) && e.room.kind !== 'direct' && !mine) preview = `${userName(m.senderId)}: ${preview}`;
  const peer = e.room.kind === 'direct' && e.peerId !== undefined ? c.user(e.peerId) : undefined;
  const muted = quiet(settings, e.room.id);
  return (
    <li style={{ transform: `translateY(${top}px)` }} aria-posinset={pos} aria-setsize={size}>
      <a class={`chat${active ? ' active' : ''}${unread ? ' unread' : ''}`} href={`/room/${e.room.id}`} onClick={link(`/room/${e.room.id}`)} aria-current={active ? 'page' : undefined} data-room={e.room.id}>
        <Avatar name={title} id={e.room.kind === 'direct' ? (e.peerId ?? e.room.id) : e.room.id} userId={peer?.id} hasAvatar={peer?.hasAvatar} online={!!online} />
        <span class="chat-main">
          <span class="chat-top">
            <span class="chat-name">
              {e.room.kind === 'channel' && <span class="kind" aria-label="channel">#</span>}
              {title}
            </span>
            {m && <time class="chat-time">{shortWhen(m.createdAt)}</time>}
          </span>
          <span class="chat-bottom">
            <span class="chat-preview">
              {mine && m.kind === 'text' && <span class="you">You: </span>}
              {preview}
            </span>
            {muted && <MutedIcon label="Muted" />}
            {mentioned && <span class="mention" aria-label="You were mentioned">@</span>}
            {unread > 0 && <span class={`badge${muted ? ' quiet' : ''}`} aria-label={`${unread} unread`}>{unread > 999 ? '999+' : unread}</span>}
          </span>
        </span>
      </a>
    </li>
  );
}

/** An in-app link: a normal href for keyboard, middle-click and screen readers, routed without a reload. */
export function link(to: string) {
  return (ev: MouseEvent) => {
    if (ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;
    ev.preventDefault();
    navigate(to);
  };
}

export function SearchIcon() {
  return <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M10 3a7 7 0 0 1 5.6 11.2l5.1 5.1-1.4 1.4-5.1-5.1A7 7 0 1 1 10 3Zm0 2a5 5 0 1 0 0 10 5 5 0 0 0 0-10Z" /></svg>;
}
