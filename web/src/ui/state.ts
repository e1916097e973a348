import { signal } from '@preact/signals-core';
import { useEffect, useState } from 'preact/hooks';
import type { ConfabClient, Message, Status } from '../protocol';

/** The one client of this page, and version counters that re-render what reads the matching client state. */
export const client = signal<ConfabClient | null>(null);
export const rooms = signal(0);
export const outbox = signal(0);
/** Bumped as outbox uploads make progress. */
export const uploads = signal(0);
export const users = signal(0);
export const receipts = signal(0);
export const typing = signal(0);
export const presence = signal(0);
export const roomChanged = signal(0);
export const status = signal<Status>('signedOut');
export const signedIn = signal(false);
export const toast = signal<string | null>(null);
/** What the composer of a room is doing besides writing a new message: answering one, or editing mine. */
export const compose = signal<{ kind: 'reply' | 'edit'; message: Message } | null>(null);
/** Bumped when a room's attachment tray changes (Attach.tsx keeps the files). */
export const attachments = signal(0);
/** A message to open its room at (a quote or a search hit was clicked); the conversation takes it. */
export const focus = signal<{ roomId: number; seq: number } | null>(null);

export function bind(c: ConfabClient): void {
  client.value = c;
  signedIn.value = c.signedIn;
  status.value = c.status;
  c.on('rooms', () => rooms.value++);
  c.on('outbox', () => outbox.value++);
  c.on('upload', () => uploads.value++);
  c.on('users', () => users.value++);
  c.on('receipts', () => receipts.value++);
  c.on('typing', () => typing.value++);
  c.on('presence', () => presence.value++);
  c.on('room', () => roomChanged.value++);
  c.on('status', (s) => {
    status.value = s;
    signedIn.value = c.signedIn;
  });
  c.on('signedOut', ({ revoked }) => {
    signedIn.value = false;
    if (revoked) say('This session was signed out from another device.');
  });
}

let toastTimer: ReturnType<typeof setTimeout> | undefined;
/** A short notice at the bottom of the screen (also announced to screen readers). */
export function say(text: string): void {
  toast.value = text;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (toast.value = null), 4000);
}

/** Codes whose server wording is too general (or about avatars) for what a person just tried. */
const CODE_TEXT: Record<string, string> = {
  too_large: 'This file is too large for this server.',
  unsupported_media_type: 'This server does not accept this kind of file.',
  invalid_image: 'This picture seems damaged: it cannot be opened.',
  quota_exceeded: 'Your storage for uploads is full. Delete some old uploads first.',
  media_not_found: 'This file is no longer available.',
  range_not_satisfiable: 'This file could not be read.',
  rate_limited: 'Too many at once. Wait a moment and try again.',
  network: 'You are offline or the server cannot be reached.',
};

/** Words for a failure: a human sentence for known codes, else the server's message. */
export function errorText(e: unknown, code?: string): string {
  const c = code ?? (e as { code?: unknown } | null)?.code;
  if (typeof c === 'string' && CODE_TEXT[c]) return CODE_TEXT[c];
  return e instanceof Error ? e.message : String(e);
}

const topicSignals = { rooms, outbox, users, receipts, typing, presence, room: roomChanged, status, signedIn, toast, compose, focus, attachments, uploads };
type Topic = keyof typeof topicSignals;

/**
 * Re-renders the calling component when the client reports any of these changes. An explicit
 * subscription per component (rather than signal auto-tracking) so a re-render never depends on
 * which signals a render happened to read.
 */
export function useOn(...topics: Topic[]): void {
  const [, force] = useState(0);
  useEffect(() => {
    const offs = topics.map((t) => topicSignals[t].subscribe(() => force((n) => n + 1)));
    return () => offs.forEach((off) => off());
  }, [topics.join()]);
}
