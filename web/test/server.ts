import WebSocket from 'ws';
import { ConfabClient, type WebSocketLike } from '../src/protocol';

/** The server the tests talk to: started by the JUnit test that runs them (CONFAB_URL). */
export const BASE = process.env.CONFAB_URL ?? '';
export const hasServer = BASE !== '';

let n = 0;
/** A unique username per call (tests share one server). */
export function uniqueName(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${(n++).toString(36)}${Math.floor(Math.random() * 1e4)}`.toLowerCase().slice(0, 30);
}

export const wsFactory = (url: string) => new WebSocket(url) as unknown as WebSocketLike;

/** A device: its own IndexedDB (fake-indexeddb) and socket. */
export async function device(dbName: string): Promise<ConfabClient> {
  return ConfabClient.start({ base: BASE, dbName, webSocket: wsFactory, device: 'vitest' });
}

/** Waits for a condition, polling; fails with `what` after the timeout. */
export async function until(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}
