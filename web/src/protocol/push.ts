import type { Api } from './api';

// Web Push subscription for this browser (docs/notifications.md, "Web Push"). No UI imports.

export interface PushTarget {
  id: number;
  kind: string;
  sessionId: number;
  current: boolean;
  service?: string;
}

export function vapidKey(api: Api): Promise<string> {
  return api.request<{ publicKey: string }>('GET', '/push/vapid-key').then((r) => r.publicKey);
}

export function pushTargets(api: Api): Promise<PushTarget[]> {
  return api.request<{ targets: PushTarget[] }>('GET', '/push/targets').then((r) => r.targets);
}

export function removePushTarget(api: Api, id: number): Promise<void> {
  return api.request<void>('DELETE', `/push/targets/${id}`);
}

export function base64urlToBytes(s: string): Uint8Array<ArrayBuffer> {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function bytesToBase64url(b: ArrayBuffer | Uint8Array): string {
  const bytes = b instanceof Uint8Array ? b : new Uint8Array(b);
  let bin = '';
  for (const x of bytes) bin += String.fromCharCode(x);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Why this browser cannot get pushes, or null when it can try. */
export function pushUnsupported(): string | null {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return 'This browser has no service workers.';
  if (typeof PushManager === 'undefined') return 'This browser does not support push messages.';
  if (typeof Notification === 'undefined') return 'This browser does not support notifications.';
  return null;
}

/**
 * Subscribes this browser with the server's VAPID key and posts the subscription, which then
 * belongs to this session. Re-posting an existing subscription is harmless.
 */
export async function subscribePush(api: Api, reg: ServiceWorkerRegistration): Promise<PushTarget> {
  const key = base64urlToBytes(await vapidKey(api));
  let sub = await reg.pushManager.getSubscription();
  const same = sub?.options.applicationServerKey && bytesToBase64url(sub.options.applicationServerKey) === bytesToBase64url(key);
  if (sub && !same) {
    await sub.unsubscribe();
    sub = null;
  }
  sub ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  const json = sub.toJSON();
  return api.request<PushTarget>('POST', '/push/subscriptions', { endpoint: json.endpoint, keys: json.keys });
}

/** Drops this browser's subscription; the server removes its target when the push service says it is gone, or at once with `targetId`. */
export async function unsubscribePush(api: Api | null, reg: ServiceWorkerRegistration | undefined, targetId?: number): Promise<void> {
  if (api && targetId !== undefined) await removePushTarget(api, targetId).catch(() => undefined);
  const sub = await reg?.pushManager.getSubscription();
  await sub?.unsubscribe();
}
