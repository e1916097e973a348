import { signal } from '@preact/signals-core';
import { useEffect, useState } from 'preact/hooks';
import type { ConfabClient, Message, Status } from '../protocol';

/** The one client of this page, and version counters that re-render what reads the matching client state. */
export const client = signal<ConfabClient | null>(null);
export const rooms = signal(0);
export const outbox = signal(0);
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
/** A message to open its room at (a quote or a search hit was clicked); the conversation takes it. */
export const focus = signal<{ roomId: number; seq: number } | null>(null);

export function bind(c: ConfabClient): void {
  client.value = c;
  signedIn.value = c.signedIn;
  status.value = c.status;
  c.on('rooms', () => rooms.value++);
  c.on('outbox', () => outbox.value++);
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

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const topicSignals = { rooms, outbox, users, receipts, typing, presence, room: roomChanged, status, signedIn, toast, compose, focus };
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
