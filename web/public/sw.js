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

// Chromium drops a notification from getNotifications() when the list is read while that
// notification is being shown (in a measured loop, 21 of 40 shown while a list was read were never
// listed again, and so could never be closed; 0 of 40 when one waited for the other). So every show,
// list and close of this site's notifications runs here, one at a time: the page sends its own
// (in-app notifications, closing read rooms) as messages.
let queue = Promise.resolve();
function serial(task) {
  const run = queue.then(task);
  queue = run.catch(() => undefined);
  return run;
}

function closeRoom(roomId) {
  return serial(async () => {
    for (const n of await self.registration.getNotifications({ tag: tagOf(roomId) })) n.close();
  });
}

/** Closes the notifications of messages at or before the read cursors the page sent ([roomId, readSeq] pairs). */
function closeRead(cursors) {
  return serial(async () => {
    const read = new Map(cursors);
    for (const n of await self.registration.getNotifications()) {
      const { roomId, seq } = n.data || {};
      const upTo = read.get(roomId);
      if (typeof upTo === 'number' && typeof seq === 'number' && seq <= upTo) n.close();
    }
  });
}

function show(title, options) {
  return serial(() => self.registration.showNotification(title, options));
}

/** What is shown now, queued with every other notification call (browser tests read it). */
function listShown() {
  return serial(() => self.registration.getNotifications());
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
  await show(title, options);
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

// ---- authenticated media: the fetch handler ----
// <video> and <audio> stream straight from /api/v1/media/... with Range requests (the server answers
// 206), so a long video plays after its first bytes and a seek fetches only what it needs. Those
// routes need the bearer token, which a media element cannot send: this worker adds it (as Element
// does for Matrix's authenticated media, MSC3916). Only same-origin GETs under /api/v1/media/ that
// carry no Authorization of their own get it, never navigations (a media URL opened in a tab stays
// 401) and never another origin. The token is read from the page's IndexedDB at each request, so a
// sign-out or another account's sign-in is seen at once; nothing is cached.

const MEDIA_PREFIX = '/api/v1/media/';
const DB_NAME = 'confab';

self.addEventListener('install', (event) => {
  // Where the browser has static routing, every other request skips this worker entirely.
  if (typeof event.addRoutes !== 'function') return;
  event.waitUntil(event.addRoutes([
    { condition: { urlPattern: `${MEDIA_PREFIX}*` }, source: 'fetch-event' },
    { condition: { urlPattern: '/*' }, source: 'network' },
  ]).catch(() => undefined));
});

/** The session token the page stored, or null (signed out, or no database yet). */
function readToken() {
  return new Promise((resolve) => {
    let open;
    try {
      open = indexedDB.open(DB_NAME);
    } catch {
      resolve(null);
      return;
    }
    // No database yet: opening would create an empty one at version 1, and the page's own upgrade
    // (which creates the stores) would then never run. Aborting leaves nothing behind.
    open.onupgradeneeded = () => open.transaction.abort();
    open.onerror = () => resolve(null);
    open.onblocked = () => resolve(null);
    open.onsuccess = () => {
      const db = open.result;
      // a sign-out deletes the database: never hold it up
      db.onversionchange = () => db.close();
      try {
        if (!db.objectStoreNames.contains('kv')) throw new Error('no kv store');
        const tx = db.transaction('kv');
        const get = tx.objectStore('kv').get('token');
        get.onsuccess = () => resolve(typeof get.result === 'string' && get.result ? get.result : null);
        get.onerror = () => resolve(null);
        tx.oncomplete = tx.onabort = () => db.close();
      } catch {
        db.close();
        resolve(null);
      }
    };
  });
}

function isMediaRequest(req) {
  if (req.method !== 'GET' || req.mode === 'navigate' || req.headers.has('Authorization')) return false;
  const url = new URL(req.url);
  return url.origin === self.location.origin && url.pathname.startsWith(MEDIA_PREFIX);
}

async function withToken(req) {
  const token = await readToken();
  if (!token) return fetch(req);
  const headers = new Headers(req.headers); // Range among them
  headers.set('Authorization', `Bearer ${token}`);
  // A media element's request is no-cors, which would drop the header: same-origin mode keeps it
  // and also refuses any redirect to another origin.
  return fetch(req.url, { method: 'GET', headers, mode: 'same-origin', credentials: 'omit', cache: req.cache === 'only-if-cached' ? 'default' : req.cache, signal: req.signal });
}

self.addEventListener('fetch', (event) => {
  if (isMediaRequest(event.request)) event.respondWith(withToken(event.request));
});

// The page asks before it gives a media element a plain URL: an older worker without this handler
// may still control it, and then the page fetches the bytes itself.
// The page's notification calls come here too, to be queued with the worker's own (see serial).
self.addEventListener('message', (event) => {
  const m = event.data;
  if (!m || typeof m !== 'object') return;
  if (m.type === 'media-auth' && event.ports[0]) event.ports[0].postMessage({ mediaAuth: 1 });
  else if (m.type === 'notify-show' && typeof m.title === 'string' && m.options) event.waitUntil(show(m.title, m.options).catch(() => undefined));
  else if (m.type === 'notify-close-read' && Array.isArray(m.cursors)) event.waitUntil(closeRead(m.cursors).catch(() => undefined));
});
