import { computed, signal } from '@preact/signals-core';
import { useEffect, useState } from 'preact/hooks';
import {
  notificationSettings, notifies, pushUnsupported, subscribePush, unsubscribePush,
  type ConfabClient, type Message, type NotifySettings,
} from '../protocol';
import { describe } from './format';
import { roomTitle, userName } from './names';
import { navigate, parse, path } from './router';

/** My notification settings (null until fetched), kept current by `notifications` frames. */
export const notifySettings = signal<NotifySettings | null>(null);
/** Bumped when this device's push state (permission, subscription, banner) changes. */
export const pushState = signal(0);

const KEY_PUSH = 'confab.push'; // 'on' | 'off': the person's choice on this device
const KEY_TARGET = 'confab.pushTarget'; // the server's id of this device's subscription
const KEY_ASKED = 'confab.pushAsked'; // the banner was answered ("Not now" or a choice)
const KEY_ENGAGED = 'confab.engaged'; // the person opened a chat on this device

function store(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
const get = (k: string) => store()?.getItem(k) ?? null;
const put = (k: string, v: string | null) => {
  if (v === null) store()?.removeItem(k);
  else store()?.setItem(k, v);
  pushState.value++;
};

/** Re-renders the calling component when the settings or this device's push state change. */
export function useNotify(): NotifySettings | null {
  const [, force] = useState(0);
  useEffect(() => {
    const a = notifySettings.subscribe(() => force((n) => n + 1));
    const b = pushState.subscribe(() => force((n) => n + 1));
    return () => { a(); b(); };
  }, []);
  return notifySettings.value;
}

export type PushStatus = 'unsupported' | 'denied' | 'on' | 'off';

export function pushStatus(): PushStatus {
  if (pushUnsupported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  return Notification.permission === 'granted' && get(KEY_PUSH) === 'on' ? 'on' : 'off';
}

/** The banner's moment: push possible but never asked, and the person has opened a chat here. */
export function shouldAsk(): boolean {
  return !pushUnsupported() && Notification.permission === 'default' && get(KEY_ASKED) === null && get(KEY_PUSH) === null && get(KEY_ENGAGED) !== null;
}

/**
 * shouldAsk() as a signal: it reads Notification.permission and localStorage, and the chat list renders
 * with every live batch, so it is worked out again only when this device's push state changes
 * (every write goes through put(), and a permission changed in the browser's settings bumps pushState).
 */
export const askNow = computed(() => {
  void pushState.value;
  return shouldAsk();
});

export function markEngaged(): void {
  if (get(KEY_ENGAGED) === null) put(KEY_ENGAGED, '1');
}

export function notNow(): void {
  put(KEY_ASKED, 'later');
}

export const DENIED_HELP = 'Notifications are blocked for this site. To allow them, open the site settings from the icon left of the address bar, set Notifications to Allow, and reload.';

/** Asks for permission (only ever after a click) and subscribes this device; the answer is the sentence to show. */
export async function turnOnPush(c: ConfabClient): Promise<string> {
  put(KEY_ASKED, 'answered');
  const why = pushUnsupported();
  if (why) return why;
  const perm = Notification.permission === 'granted' ? 'granted' : await Notification.requestPermission();
  if (perm !== 'granted') {
    put(KEY_PUSH, 'off');
    return perm === 'denied' ? DENIED_HELP : 'Notifications stay off: the browser did not allow them.';
  }
  put(KEY_PUSH, 'on');
  try {
    const reg = await navigator.serviceWorker.ready;
    const target = await subscribePush(c.api, reg);
    put(KEY_TARGET, String(target.id));
    return 'Notifications are on for this device.';
  } catch (e) {
    // headless and some privacy-minded browsers refuse a push subscription: in-app notifications still work
    return `Notifications are on while Confab is open. Push to this device failed (${e instanceof Error ? e.message : String(e)}).`;
  }
}

export async function turnOffPush(c: ConfabClient | null): Promise<void> {
  const target = get(KEY_TARGET);
  put(KEY_PUSH, 'off');
  put(KEY_TARGET, null);
  const reg = pushUnsupported() ? undefined : await navigator.serviceWorker.getRegistration();
  await unsubscribePush(c?.signedIn ? c.api : null, reg, target ? Number(target) : undefined).catch(() => undefined);
}

/** Before signing out: this device gets no more pushes for this account, and forgets the choice. */
export async function pushSignOut(c: ConfabClient | null): Promise<void> {
  await turnOffPush(c);
  put(KEY_PUSH, null);
  notifySettings.value = null;
}

/** Registers /sw.js (it needs no permission) and routes its "open this room" messages. */
export function registerServiceWorker(): void {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/', updateViaCache: 'none' }).catch((e: unknown) => console.warn('service worker', e));
  navigator.serviceWorker.addEventListener('message', (ev: MessageEvent<{ type?: string; roomId?: number }>) => {
    if (ev.data?.type === 'open' && typeof ev.data.roomId === 'number') navigate(`/room/${ev.data.roomId}`);
  });
}

async function registration(): Promise<ServiceWorkerRegistration | undefined> {
  if (pushUnsupported() || Notification.permission !== 'granted') return undefined;
  return navigator.serviceWorker.getRegistration();
}

/** Whether this page shows the room now. */
function onScreen(roomId: number): boolean {
  const r = parse(path.value);
  return document.visibilityState === 'visible' && document.hasFocus() && r.name === 'room' && r.roomId === roomId;
}

/** An in-app notification for a live message, when the settings say so and the room is not on screen. */
async function inApp(c: ConfabClient, m: Message): Promise<void> {
  const s = notifySettings.value;
  const me = c.me?.id;
  const e = c.roomEntry(m.roomId);
  if (!s || me === undefined || !e || onScreen(m.roomId)) return;
  if (!notifies(s, me, m, e.readSeq)) return;
  const reg = await registration();
  if (!reg) return;
  const sender = userName(m.senderId);
  const room = e.room.kind === 'direct' ? null : roomTitle(e);
  const title = room ? `${sender} in ${room}` : sender;
  const options: NotificationOptions = {
    body: s.previews ? describe(m, userName, me).slice(0, 120) : 'New message',
    tag: `room-${m.roomId}`,
    icon: '/favicon.svg',
    data: { roomId: m.roomId, seq: m.seq, url: `/room/${m.roomId}` },
  };
  // through the worker, which queues it with its own calls (see serial in public/sw.js)
  if (reg.active) reg.active.postMessage({ type: 'notify-show', title, options });
  else await reg.showNotification(title, options);
}

/**
 * Closes the notifications of rooms that have been read (here or on another device): by the message
 * each shows, not by the unread count, since a push can arrive before this tab has its message, when
 * the room still counts 0 unread here. The worker does it, queued with its own notification calls.
 */
async function closeRead(c: ConfabClient): Promise<void> {
  const reg = await registration();
  reg?.active?.postMessage({ type: 'notify-close-read', cursors: c.chatList().map((e) => [e.room.id, e.readSeq]) });
}

let watching = false;
/** A permission changed in the browser's site settings, or a choice made in another tab, reaches askNow and the settings card. */
function watchPermission(): void {
  if (watching || typeof window === 'undefined') return;
  watching = true;
  addEventListener('storage', (ev) => { if (ev.key === null || ev.key.startsWith('confab.')) pushState.value++; });
  void navigator.permissions?.query({ name: 'notifications' }).then((st) => {
    st.addEventListener('change', () => pushState.value++);
  }, () => undefined);
}

/** Wires a signed-in client to in-app notifications; returns the way to stop. */
export function startNotifications(c: ConfabClient): () => void {
  let stopped = false;
  const load = () => {
    if (c.signedIn) void notificationSettings(c.api).then((s) => { if (!stopped) notifySettings.value = s; }, () => undefined);
  };
  load();
  let closing: ReturnType<typeof setTimeout> | undefined;
  const offs = [
    c.on('notifications', (s) => (notifySettings.value = s)),
    c.on('incoming', (m) => void inApp(c, m).catch(() => undefined)),
    c.on('rooms', () => {
      clearTimeout(closing);
      closing = setTimeout(() => void closeRead(c).catch(() => undefined), 300);
    }),
    c.on('status', (st) => { if (st === 'open' && !notifySettings.value) load(); }),
    c.on('signedOut', () => void pushSignOut(null)),
  ];
  // a subscription the browser rotated, or one made before this session: post it again
  if (pushStatus() === 'on') void turnOnPush(c).catch(() => undefined);
  watchPermission();
  return () => {
    stopped = true;
    clearTimeout(closing);
    offs.forEach((off) => off());
  };
}
