import { Backoff } from './backoff';
import { ConfabError } from './errors';
import type { ServerFrame } from './types';

export type SocketState = 'connecting' | 'open' | 'offline' | 'revoked' | 'stopped';

/** The part of the browser's WebSocket this module uses, so tests can pass Node's `ws`. */
export interface WebSocketLike {
  readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}
export type WebSocketFactory = (url: string) => WebSocketLike;

export interface SocketOptions {
  /** ws:// or wss:// URL of /ws, without the token. */
  url: string;
  token: string;
  onFrame: (frame: ServerFrame) => void;
  onState: (state: SocketState, closeCode?: number) => void;
  /** Called after each `hello`; a reconnect calls it again. */
  onHello: (hello: Extract<ServerFrame, { type: 'hello' }>) => void;
  factory?: WebSocketFactory;
  replyTimeoutMs?: number;
  pingEveryMs?: number;
  backoff?: Backoff;
}

interface Pending {
  resolve: (f: ServerFrame) => void;
  reject: (e: ConfabError) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * One socket to /ws that stays connected: it reconnects with backoff and jitter after any close
 * except a revoked session (4001), pings to notice a dead connection, and matches replies to
 * requests by `ref`. Requests in flight when the connection drops fail with code "network"; the
 * caller (the outbox, sync) retries them after the next `hello`.
 */
export class Socket {
  private ws: WebSocketLike | null = null;
  private state: SocketState = 'stopped';
  private readonly pending = new Map<string, Pending>();
  private refs = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private lastFrameAt = 0;
  private readonly backoff: Backoff;
  private readonly factory: WebSocketFactory;

  constructor(private readonly opts: SocketOptions) {
    this.backoff = opts.backoff ?? new Backoff();
    this.factory = opts.factory ?? ((url) => new WebSocket(url) as unknown as WebSocketLike);
  }

  get current(): SocketState {
    return this.state;
  }

  start(): void {
    if (this.state !== 'stopped' && this.state !== 'offline') return;
    this.connect();
  }

  /** Closes for good (logout, or the page going away). */
  stop(): void {
    this.setState('stopped');
    this.clearTimers();
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onclose = null;
      ws.close(1000, 'bye');
    }
    this.failPending();
  }

  /** Reconnects now instead of waiting out the backoff (the browser says the network is back). */
  retryNow(): void {
    if (this.state === 'offline') {
      if (this.retryTimer) clearTimeout(this.retryTimer);
      this.retryTimer = null;
      this.connect();
    }
  }

  /** Drops the connection as a network failure would, then reconnects (used when pings go unanswered). */
  drop(): void {
    this.ws?.close(4000, 'no pong');
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  /** Sends a frame that has no reply; false when not connected (the frame is not queued). */
  fire(frame: Record<string, unknown>): boolean {
    if (!this.ws || this.state !== 'open') return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  /** Sends a request and resolves with its reply; an `error` reply rejects with its code. */
  request<T extends ServerFrame>(frame: Record<string, unknown>, timeoutMs = this.opts.replyTimeoutMs ?? 20_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (!this.ws || this.state !== 'open') {
        reject(new ConfabError('network', 'Not connected.'));
        return;
      }
      const ref = String(++this.refs);
      const timer = setTimeout(() => {
        this.pending.delete(ref);
        reject(new ConfabError('timeout', `No reply to ${String(frame.type)} in ${timeoutMs} ms.`));
      }, timeoutMs);
      this.pending.set(ref, { resolve: resolve as (f: ServerFrame) => void, reject, timer });
      this.ws.send(JSON.stringify({ ...frame, ref }));
    });
  }

  private connect(): void {
    this.setState('connecting');
    const sep = this.opts.url.includes('?') ? '&' : '?';
    let ws: WebSocketLike;
    try {
      ws = this.factory(`${this.opts.url}${sep}token=${encodeURIComponent(this.opts.token)}`);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.ws = ws;
    ws.onmessage = (ev) => this.received(String(ev.data));
    ws.onerror = () => {
      // onclose follows and decides what to do
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.clearTimers();
      this.failPending();
      if (ev.code === 4001) {
        this.setState('revoked', ev.code);
        return;
      }
      this.scheduleRetry(ev.code);
    };
  }

  private received(data: string): void {
    this.lastFrameAt = Date.now();
    let frame: ServerFrame;
    try {
      frame = JSON.parse(data) as ServerFrame;
    } catch {
      return;
    }
    if (frame.type === 'hello') {
      this.backoff.reset();
      this.setState('open');
      this.startPings();
      this.opts.onHello(frame);
      return;
    }
    const ref = 'ref' in frame ? frame.ref : undefined;
    if (ref !== undefined && this.pending.has(ref)) {
      const p = this.pending.get(ref)!;
      this.pending.delete(ref);
      clearTimeout(p.timer);
      if (frame.type === 'error') p.reject(new ConfabError(frame.code, frame.message, 0, frame.retryAfterMs));
      else p.resolve(frame);
      return;
    }
    this.opts.onFrame(frame);
  }

  private startPings(): void {
    const every = this.opts.pingEveryMs ?? 25_000;
    this.lastFrameAt = Date.now();
    this.pingTimer = setInterval(() => {
      if (Date.now() - this.lastFrameAt > every * 2) {
        this.drop();
        return;
      }
      this.request({ type: 'ping' }, every).catch(() => undefined);
    }, every);
  }

  private scheduleRetry(code?: number): void {
    if (this.state === 'stopped') return;
    this.setState('offline', code);
    const delay = this.backoff.next();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.state === 'offline') this.connect();
    }, delay);
  }

  private setState(s: SocketState, code?: number): void {
    if (this.state === s) return;
    this.state = s;
    this.opts.onState(s, code);
  }

  private clearTimers(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private failPending(): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new ConfabError('network', 'The connection closed before the reply.'));
    }
    this.pending.clear();
  }
}
