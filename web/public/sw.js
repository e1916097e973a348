// Confab's service worker: shows Web Push notifications (docs/notifications.md) and opens the
// room when one is clicked. Served same-origin at /sw.js; it caches nothing.
/* eslint-env serviceworker */

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

const tagOf = (roomId) => `room-${roomId}`;

/** Whether a focused window of this origin shows the room now (then it needs no notification). */
async function showing(roomId) {
  const wins = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  return wins.some((w) => w.focused && w.visibilityState === 'visible' && new URL(w.url).pathname.replace(/\/$/, '') === `/room/${roomId}`);
}

async function closeRoom(roomId) {
  const list = await self.registration.getNotifications({ tag: tagOf(roomId) });
  for (const n of list) n.close();
}

async function badge(unread) {
  if (typeof unread !== 'number') return;
  try {
    if (unread > 0) await self.navigator.setAppBadge?.(unread);
    else await self.navigator.clearAppBadge?.();
  } catch {
    // badges are best effort
  }
}

/** Title, body and options for a `message` push; the text comes as plain text, never markup. */
function render(p) {
  const sender = typeof p.senderName === 'string' && p.senderName ? p.senderName : 'Someone';
  const title = p.roomName && !p.direct ? `${sender} in ${p.roomName}` : sender;
  const count = typeof p.count === 'number' && p.count > 1 ? p.count : 1;
  let body;
  if (typeof p.preview === 'string' && p.preview) body = count > 1 ? `${p.preview} (+${count - 1} more)` : p.preview;
  else body = count > 1 ? `${count} new messages` : p.mention ? 'Mentioned you' : 'New message';
  return {
    title,
    options: {
      body,
      tag: tagOf(p.roomId),
      renotify: true,
      icon: '/favicon.svg',
      timestamp: p.at ? Date.parse(p.at) : Date.now(),
      data: { roomId: p.roomId, seq: p.seq, url: `/room/${p.roomId}` },
    },
  };
}

async function onPush(p) {
  if (!p || typeof p.roomId !== 'number') return;
  await badge(p.unread);
  if (p.type === 'clear') {
    await closeRoom(p.roomId);
    return;
  }
  if (p.type !== 'message') return;
  if (await showing(p.roomId)) return;
  const { title, options } = render(p);
  await self.registration.showNotification(title, options);
}

self.addEventListener('push', (event) => {
  let payload = null;
  try {
    payload = event.data ? event.data.json() : null;
  } catch {
    payload = null;
  }
  event.waitUntil(onPush(payload));
});

/**
 * What a click on one of our notifications does: close it, then take an open window of the site to
 * the room (the page routes itself on the message, so it neither reloads nor drops its socket) or,
 * with none open, open one at /room/ID. A named function so that browser tests can run it on a
 * notification that is really shown: no browser lets a test click one, and a synthetic
 * notificationclick event refuses `waitUntil`.
 */
async function openFromNotification(notification) {
  notification.close();
  const roomId = notification.data && notification.data.roomId;
  const url = typeof roomId === 'number' ? `/room/${roomId}` : '/';
  const wins = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const win = wins.find((w) => w.focused) || wins[0];
  if (win) {
    win.postMessage({ type: 'open', roomId, url });
    // focusing needs the click's permission to interact with windows; without it the page still routes
    await win.focus().catch(() => undefined);
    return 'routed';
  }
  await self.clients.openWindow(url);
  return 'opened';
}

self.addEventListener('notificationclick', (event) => {
  event.waitUntil(openFromNotification(event.notification));
});

// The browser rotated the subscription: the page re-posts it the next time it opens.
self.addEventListener('pushsubscriptionchange', () => undefined);
