import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Message, OutboxItem, Receipt, Role, RoomDetails } from '../protocol';
import { Avatar } from './Avatar';
import { Bubble, QuoteBlock, Ticks, type BubbleRights } from './Bubble';
import { link, SearchIcon } from './ChatList';
import { useDropZone } from './Attach';
import { Composer } from './Composer';
import { PendingMedia } from './Media';
import { MEDIA_KINDS } from './media';
import { dayLabel, describe, lastSeen, may, sameDayIso, timeOf } from './format';
import { roomTitle, userName } from './names';
import { navigate } from './router';
import { client, errorText, focus, receipts, say, useOn, users } from './state';
import { Text } from './Text';

/** Messages people post (text, media, their tombstones), as opposed to room events. */
const isPost = (kind: string) => kind === 'text' || kind === 'deleted' || MEDIA_KINDS.has(kind);

/** Rendered messages are kept to this many; scrolling further loads a page and drops one at the other end. */
export const WINDOW = 150;
const PAGE = 50;
const READ_DEBOUNCE_MS = 400;

interface Win {
  messages: Message[];
  hasOlder: boolean;
  /** The window does not reach the room's newest message (it dropped its bottom while scrolling up). */
  hasNewer: boolean;
}

function offsetIn(scroller: HTMLElement, node: HTMLElement): number {
  return node.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
}

function merge(list: Message[], add: Message[]): Message[] {
  const bySeq = new Map(list.map((m) => [m.seq, m]));
  for (const m of add) bySeq.set(m.seq, m);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

export function Conversation({ roomId }: { roomId: number }) {
  useOn('rooms', 'users', 'room');
  const c = client.value!;
  const entry = c.roomEntry(roomId);
  const [win, setWin] = useState<Win>({ messages: [], hasOlder: false, hasNewer: false });
  const [details, setDetails] = useState<RoomDetails | null>(null);
  const [loading, setLoading] = useState(true);
  const [missing, setMissing] = useState(false);
  const [atBottom, setAtBottom] = useState(true);
  const scroller = useRef<HTMLDivElement>(null);
  /** What must stay put through the next render: a message at its place on screen, or the bottom. */
  const anchor = useRef<{ kind: 'message'; seq: number; offset: number } | { kind: 'bottom' } | null>(null);
  /** The frame request that will scroll to the bottom (0 when none is waiting). */
  const toBottom = useRef(0);
  useEffect(() => () => cancelAnimationFrame(toBottom.current), []);
  const busy = useRef(false);
  const winRef = useRef(win);
  winRef.current = win;
  // the read cursor when the room opened: the "new messages" divider stays there while I read
  const dividerAt = useRef<number>(entry?.readSeq ?? 0);

  // open the room: newest page (from the cache when it has it), details for roles and cursors
  useEffect(() => {
    let live = true;
    setLoading(true);
    setMissing(false);
    setDetails(null);
    dividerAt.current = c.roomEntry(roomId)?.readSeq ?? 0;
    setWin({ messages: [], hasOlder: false, hasNewer: false });
    anchor.current = null;
    const at = focus.value?.roomId === roomId ? focus.value.seq : null;
    if (at !== null) focus.value = null;
    const opened = at !== null ? c.around(roomId, at, PAGE) : c.latest(roomId, PAGE).then((p) => ({ ...p, hasNewer: false }));
    void opened.then(
      (p) => {
        if (!live) return;
        setWin({ messages: p.messages, hasOlder: p.more, hasNewer: p.hasNewer });
        setLoading(false);
        requestAnimationFrame(() => (at !== null ? showMessage(at) : scrollToFirstUnread()));
      },
      (e) => {
        if (!live) return;
        setLoading(false);
        if ((e as { code?: string }).code === 'room_not_found') setMissing(true);
      },
    );
    // a quote or search hit asks for a message of this room: show it, loading its surroundings when not on screen
    const offFocus = focus.subscribe((f) => {
      if (!f || f.roomId !== roomId || !live) return;
      focus.value = null;
      if (winRef.current.messages.some((m) => m.seq === f.seq)) {
        showMessage(f.seq);
        return;
      }
      void c.around(roomId, f.seq, PAGE).then((p) => {
        if (!live) return;
        anchor.current = null;
        setWin({ messages: p.messages, hasOlder: p.more, hasNewer: p.hasNewer });
        requestAnimationFrame(() => showMessage(f.seq));
      }, (e) => say(errorText(e)));
    });
    const loadDetails = () => void c.details(roomId).then((d) => live && setDetails(d), () => undefined);
    loadDetails();
    const offRoom = c.on('room', (ev) => ev.roomId === roomId && loadDetails());
    const offMsgs = c.on('messages', (ev) => {
      if (ev.roomId !== roomId || !live) return;
      setWin((w) => {
        if (w.hasNewer) {
          // not showing the newest part: only replace what is on screen (tombstones)
          const shown = new Set(w.messages.map((m) => m.seq));
          const repl = ev.messages.filter((m) => shown.has(m.seq));
          return repl.length ? { ...w, messages: merge(w.messages, repl) } : w;
        }
        const el = scroller.current;
        // (a scroll to the bottom still waiting for its frame means following; the layout is not read then)
        if (toBottom.current || (el && el.scrollHeight - el.scrollTop - el.clientHeight < 80)) anchor.current = { kind: 'bottom' };
        let messages = merge(w.messages, ev.messages);
        let hasOlder = w.hasOlder;
        if (messages.length > WINDOW && anchor.current?.kind === 'bottom') {
          messages = messages.slice(messages.length - WINDOW);
          hasOlder = true;
        }
        return { ...w, messages, hasOlder };
      });
    });
    return () => {
      live = false;
      offFocus();
      offRoom();
      offMsgs();
    };
  }, [roomId]);

  // keep the view still when pages are added above, or stuck to the bottom when following
  useLayoutEffect(() => {
    const el = scroller.current;
    const a = anchor.current;
    if (!el || !a) return;
    anchor.current = null;
    if (a.kind === 'bottom') {
      // In the next frame, not now: reading scrollHeight here lays out the new messages inside the
      // render's task (the longest part of a live batch); the frame lays them out anyway, and its
      // animation callbacks run before it paints, so the view never shows the log unscrolled.
      if (!toBottom.current) {
        toBottom.current = requestAnimationFrame(() => {
          toBottom.current = 0;
          if (scroller.current) scroller.current.scrollTop = scroller.current.scrollHeight;
        });
      }
      return;
    }
    const node = el.querySelector<HTMLElement>(`[data-seq="${a.seq}"]`);
    if (node) el.scrollTop += offsetIn(el, node) - a.offset;
  }, [win]);

  /** Remembers the first message in view and where it is, so pages added or dropped around it move nothing. */
  function holdPosition() {
    const el = scroller.current;
    if (!el) return;
    const box = el.getBoundingClientRect();
    for (const n of el.querySelectorAll<HTMLElement>('[data-seq]')) {
      const r = n.getBoundingClientRect();
      if (r.bottom > box.top) {
        anchor.current = { kind: 'message', seq: Number(n.dataset.seq), offset: r.top - box.top };
        return;
      }
    }
  }

  /** Scrolls a message into the middle of the view and marks it for a moment. */
  function showMessage(seq: number) {
    const node = scroller.current?.querySelector<HTMLElement>(`[data-seq="${seq}"]`);
    if (!node) {
      say('That message is no longer available.');
      return;
    }
    node.scrollIntoView({ block: 'center' });
    node.classList.add('flash');
    setTimeout(() => node.classList.remove('flash'), 1600);
  }

  function scrollToFirstUnread() {
    const el = scroller.current;
    if (!el) return;
    const divider = el.querySelector<HTMLElement>('.divider-new');
    if (divider) divider.scrollIntoView({ block: 'start' });
    else el.scrollTop = el.scrollHeight;
    onScroll();
  }

  async function loadOlder() {
    const w = winRef.current;
    if (busy.current || !w.hasOlder || w.messages.length === 0) return;
    busy.current = true;
    try {
      const p = await c.older(roomId, w.messages[0].seq, PAGE);
      holdPosition();
      setWin((cur) => {
        let messages = merge(p.messages, cur.messages);
        let hasNewer = cur.hasNewer;
        if (messages.length > WINDOW) {
          messages = messages.slice(0, WINDOW);
          hasNewer = true;
        }
        return { messages, hasOlder: p.more, hasNewer };
      });
    } catch (e) {
      say(errorText(e));
    } finally {
      busy.current = false;
    }
  }

  async function loadNewer() {
    const w = winRef.current;
    if (busy.current || !w.hasNewer || w.messages.length === 0) return;
    busy.current = true;
    try {
      const p = await c.newer(roomId, w.messages[w.messages.length - 1].seq, PAGE);
      holdPosition();
      setWin((cur) => {
        let messages = merge(cur.messages, p.messages);
        let hasOlder = cur.hasOlder;
        const drop = messages.length - WINDOW;
        if (drop > 0) {
          messages = messages.slice(drop);
          hasOlder = true;
        }
        return { messages, hasOlder, hasNewer: p.more };
      });
    } catch (e) {
      say(errorText(e));
    } finally {
      busy.current = false;
    }
  }

  function onScroll() {
    const el = scroller.current;
    if (!el) return;
    const fromBottom = el.scrollHeight - el.scrollTop - el.clientHeight;
    setAtBottom(fromBottom < 80 && !winRef.current.hasNewer);
    if (el.scrollTop < 400) void loadOlder();
    if (fromBottom < 400) void loadNewer();
  }

  async function jumpToNewest() {
    const p = await c.latest(roomId, PAGE);
    anchor.current = { kind: 'bottom' };
    setWin({ messages: p.messages, hasOlder: p.more, hasNewer: false });
  }

  // read = seen: the highest seq that was in view while the page was visible, sent debounced
  const seen = useRef(0);
  const readTimer = useRef<ReturnType<typeof setTimeout>>();
  // One observer per room; a window change observes the nodes it added and lets go of those it
  // removed (observing all 150 again and flushing the read per live batch cost a render each time).
  const watcher = useRef<{ io: IntersectionObserver; nodes: Set<Element> } | null>(null);
  // the log is not rendered while a room that is not (yet) in the list shows its notice
  const showsLog = !!entry || loading;
  const watchNodes = () => {
    const w = watcher.current;
    const el = scroller.current;
    if (!w || !el) return;
    for (const n of w.nodes) {
      if (!n.isConnected) {
        w.io.unobserve(n);
        w.nodes.delete(n);
      }
    }
    el.querySelectorAll('[data-seq]').forEach((n) => {
      if (!w.nodes.has(n)) {
        w.io.observe(n);
        w.nodes.add(n);
      }
    });
  };
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const flush = () => {
      clearTimeout(readTimer.current);
      if (seen.current > 0) c.markRead(roomId, seen.current);
    };
    const io = new IntersectionObserver(
      (obs) => {
        if (document.visibilityState !== 'visible') return;
        let top = seen.current;
        for (const o of obs) if (o.isIntersecting) top = Math.max(top, Number((o.target as HTMLElement).dataset.seq));
        if (top > seen.current) {
          seen.current = top;
          clearTimeout(readTimer.current);
          readTimer.current = setTimeout(flush, READ_DEBOUNCE_MS);
        }
      },
      { root: el, threshold: 0.5 },
    );
    watcher.current = { io, nodes: new Set() };
    watchNodes();
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') flush();
      else if (watcher.current) {
        // elements already in view do not report again by themselves
        io.disconnect();
        watcher.current.nodes.clear();
        watchNodes();
      }
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      flush();
      io.disconnect();
      watcher.current = null;
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [roomId, showsLog]);
  useEffect(watchNodes, [win]);
  useEffect(() => {
    seen.current = 0;
  }, [roomId]);

  const dropZone = useDropZone(roomId);

  if (!entry && !loading) {
    return (
      <section class="conv empty-conv" aria-label="Conversation">
        <p>{missing ? 'This chat does not exist or you are not a member.' : 'Loading…'}</p>
        <a href="/" onClick={link('/')}>Back to chats</a>
      </section>
    );
  }

  const title = entry ? roomTitle(entry) : '…';
  const myRole = details?.members.find((m) => m.userId === c.me?.id)?.role as Role | undefined;
  const kind = entry?.room.kind ?? 'group';
  const canPost = !details || may(kind, myRole, 'post');
  const unread = c.unread(roomId);

  return (
    <section class="conv" aria-label={`Conversation: ${title}`}>
      <ConvHeader roomId={roomId} title={title} />
      <div class="log-wrap" {...(canPost ? dropZone.handlers : {})}>
        {canPost && dropZone.dragging && <div class="drop-zone" aria-hidden="true"><span>Drop files to send them</span></div>}
        <div class="log" ref={scroller} onScroll={onScroll} role="log" aria-live="polite" aria-label={`Messages in ${title}`} tabIndex={0}>
          {win.hasOlder && <p class="loading-more" aria-hidden="true">Loading earlier messages…</p>}
          {!win.hasOlder && !loading && <p class="start">This is the beginning of {title}.</p>}
          <div class="msgs">
            <Messages roomId={roomId} messages={win.messages} dividerAt={dividerAt.current} details={details} myRole={myRole} canPost={canPost} />
            {!win.hasNewer && <Pending roomId={roomId} />}
          </div>
          <TypingLine roomId={roomId} />
        </div>
        {(!atBottom || win.hasNewer) && (
          <button class="jump" onClick={() => void jumpToNewest()} aria-label={unread ? `Jump to newest, ${unread} unread` : 'Jump to newest'}>
            {unread > 0 && <span class="badge">{unread}</span>}
            <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 16.5 5.5 10l1.4-1.4 5.1 5.1 5.1-5.1 1.4 1.4z" /></svg>
          </button>
        )}
      </div>
      {canPost ? (
        <Composer roomId={roomId} onSent={() => (anchor.current = { kind: 'bottom' })} jump={() => win.hasNewer && jumpToNewest()}
          lastMine={() => [...winRef.current.messages].reverse().find((m) => m.senderId === c.me?.id && m.kind === 'text' && !m.data?.forwarded)} />
      ) : (
        <p class="readonly-note">{kind === 'channel' ? 'Only owners and admins post in this channel.' : 'You can read this chat but not post.'}</p>
      )}
    </section>
  );
}

function ConvHeader({ roomId, title }: { roomId: number; title: string }) {
  useOn('presence', 'typing');
  const c = client.value!;
  const e = c.roomEntry(roomId);
  let sub = '';
  if (e?.room.kind === 'direct' && e.peerId !== undefined) {
    const p = c.presence(e.peerId) ?? c.user(e.peerId);
    sub = p?.online ? 'online' : p?.lastSeenAt ? lastSeen(p.lastSeenAt) : '';
  } else if (e) {
    sub = `${e.room.kind === 'channel' ? 'Channel' : 'Group'}${e.room.memberCount ? ` · ${e.room.memberCount} members` : ''}`;
  }
  const typers = c.typingIn(roomId);
  if (typers.length) sub = typers.length === 1 ? `${userName(typers[0])} is typing…` : `${typers.length} people are typing…`;
  const peer = e?.peerId !== undefined ? c.user(e.peerId) : undefined;
  return (
    <header class="pane-head conv-head">
      <a class="back icon-btn" href="/" onClick={link('/')} aria-label="Back to chats">
        <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M15.4 7.4 14 6l-6 6 6 6 1.4-1.4L10.8 12z" /></svg>
      </a>
      <a class="conv-title" href={`/room/${roomId}/info`} onClick={link(`/room/${roomId}/info`)} aria-label={`${title}: chat info`}>
        <Avatar name={title} id={e?.room.kind === 'direct' ? (e.peerId ?? roomId) : roomId} userId={peer?.id} hasAvatar={peer?.hasAvatar} size={36} />
        <span>
          <strong>{title}</strong>
          <small class={typers.length ? 'typing-sub' : ''}>{sub}</small>
        </span>
      </a>
      <a class="icon-btn" href={`/room/${roomId}/search`} onClick={link(`/room/${roomId}/search`)} aria-label={`Search in ${title}`} title="Search in this chat">
        <SearchIcon />
      </a>
    </header>
  );
}

function TypingLine({ roomId }: { roomId: number }) {
  useOn('typing');
  const typers = client.value!.typingIn(roomId);
  if (!typers.length) return null;
  return (
    <p class="typing" aria-live="polite">
      <span class="dots" aria-hidden="true"><i /><i /><i /></span>
      {typers.map(userName).join(', ')} {typers.length === 1 ? 'is' : 'are'} typing
    </p>
  );
}

/** Others' bubbles take no receipts; one list for all of them keeps their props equal across renders. */
const NO_RECEIPTS: Receipt[] = [];

function Messages({ roomId, messages, dividerAt, details, myRole, canPost }: { roomId: number; messages: Message[]; dividerAt: number; details: RoomDetails | null; myRole?: Role; canPost: boolean }) {
  useOn('receipts');
  const c = client.value!;
  const me = c.me?.id ?? 0;
  const receiptsVersion = receipts.value;
  const names = users.value;
  const others = useMemo(
    () => [...c.receiptsOf(roomId).values()].filter((r) => r.userId !== me && (!details || details.members.some((m) => m.userId === r.userId))),
    [c, roomId, me, details, receiptsVersion],
  );
  const kind = c.roomEntry(roomId)?.room.kind ?? 'group';
  const pinned = useMemo(() => new Set(details?.pinned ?? []), [details]);
  const rightsFor = useMemo(() => rightsTable(canPost, !!myRole, may(kind, myRole, 'delete_others'), may(kind, myRole, 'pin')), [canPost, myRole, kind]);
  const out = [];
  let dividerShown = false;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    const prev = messages[i - 1];
    if (!prev || !sameDayIso(prev.createdAt, m.createdAt)) {
      out.push(<div class="day" key={`d${m.seq}`} role="separator"><span>{dayLabel(m.createdAt)}</span></div>);
    }
    if (!dividerShown && dividerAt > 0 && m.seq > dividerAt && m.senderId !== me && (!prev || prev.seq <= dividerAt)) {
      dividerShown = true;
      out.push(<div class="divider-new" key="new" role="separator"><span>New messages</span></div>);
    }
    if (!isPost(m.kind)) {
      out.push(<p class="system" key={m.seq} data-seq={m.seq}><Text text={describe(m, userName, me)} /></p>);
      continue;
    }
    const grouped = prev && isPost(prev.kind) && prev.senderId === m.senderId && sameDayIso(prev.createdAt, m.createdAt) &&
      Date.parse(m.createdAt) - Date.parse(prev.createdAt) < 5 * 60_000 && !(prev.seq <= dividerAt && m.seq > dividerAt);
    const mine = m.senderId === me;
    out.push(
      <Bubble key={m.seq} m={m} mine={mine} grouped={!!grouped} showName={kind !== 'direct'} others={mine ? others : NO_RECEIPTS}
        rights={rightsFor(m.kind === 'deleted', mine)} pinned={pinned.has(m.seq)} group={kind !== 'direct'} names={names} />,
    );
  }
  return <>{out}</>;
}

/**
 * What I may do with each message, as one object per (deleted, mine) so that memoized bubbles see the
 * same rights from one render to the next.
 */
function rightsTable(post: boolean, react: boolean, deleteOthers: boolean, pin: boolean): (deleted: boolean, mine: boolean) => BubbleRights {
  const make = (deleted: boolean, mine: boolean): BubbleRights => ({ post, react, delete: !deleted && (mine || deleteOthers), pin: !deleted && pin });
  const table = [make(false, false), make(false, true), make(true, false), make(true, true)];
  return (deleted, mine) => table[(deleted ? 2 : 0) + (mine ? 1 : 0)];
}

function Pending({ roomId }: { roomId: number }) {
  useOn('outbox');
  const c = client.value!;
  const items: OutboxItem[] = c.outbox(roomId);
  return (
    <>
      {items.map((i) => (
        <div class="msg mine" key={i.clientId} data-client-id={i.clientId}>
          <div class={`bubble ${i.state}${i.file ? ' has-media' : ''}`}>
            {i.forward && <span class="forwarded">Forwarding…</span>}
            {i.quote && <QuoteBlock quote={i.quote} roomId={i.roomId} />}
            {i.file && <PendingMedia item={{ ...i, file: i.file }} />}
            {(!i.file || i.text) && <span class="text"><Text text={i.text} /></span>}
            <span class="meta">
              <time dateTime={i.createdAt}>{timeOf(i.createdAt)}</time>
              {i.state === 'pending' ? (
                <span class="ticks pending" aria-label="sending" title="sending"><Ticks state="pending" /></span>
              ) : (
                <span class="failed-note" role="alert">
                  Not sent{i.error ? `: ${errorText(i.error, i.errorCode)}` : ''}{' '}
                  <button class="link-btn" onClick={() => void c.retry(i.clientId)}>Retry</button>{' '}
                  <button class="link-btn" onClick={() => void c.discard(i.clientId)}>Discard</button>
                </span>
              )}
            </span>
          </div>
        </div>
      ))}
    </>
  );
}

export function NoRoom() {
  return (
    <section class="conv empty-conv" aria-label="No chat open">
      <div class="hello">
        <svg viewBox="0 0 64 64" aria-hidden="true"><rect width="64" height="64" rx="16" fill="currentColor" opacity=".12" /><path d="M16 22a8 8 0 0 1 8-8h16a8 8 0 0 1 8 8v12a8 8 0 0 1-8 8H30l-9 8v-8h1a6 6 0 0 1-6-6z" fill="currentColor" /></svg>
        <h2>Pick a chat</h2>
        <p>Choose a conversation on the left, or start a new one.</p>
        <button class="btn primary" onClick={() => navigate('/new')}>New chat</button>
      </div>
    </section>
  );
}
