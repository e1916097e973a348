import type { Api } from './api';
import { base64urlToBytes, bytesToBase64url } from './push';
import type { WebSocketFactory, WebSocketLike } from './socket';

// QR-code login (docs/protocol.md, "Pairing socket"): the new device's key and socket, opening the
// sealed session, and the signed-in device's REST calls. WebCrypto only; no UI imports.

export interface PairingStarted { type: 'pairing'; pairingId: string; checkCode: string; expiresAt: string; qr: string }
export interface Sealed { serverKey: string; iv: string; ciphertext: string }
export type PairingFrame =
  | PairingStarted
  | { type: 'scanned'; at: string }
  | ({ type: 'approved' } & Sealed)
  | { type: 'ended'; reason: 'expired' | 'rejected' | 'failed' | string };

/** What the new device decrypts: its own session. */
export interface SessionGrant { token: string; sessionId: number; userId: number; username: string }

/** What the approving device is shown. */
export interface PairingRequester {
  pairingId: string;
  device: string;
  userAgent: string;
  address: string;
  publicKey: string;
  createdAt: string;
  expiresAt: string;
}

export const INFO = 'confab pairing v1';

export interface DeviceKey { keyPair: CryptoKeyPair; publicKey: string }

/** A fresh P-256 key pair; `publicKey` is base64url of the 65-byte uncompressed point. */
export async function deviceKey(): Promise<DeviceKey> {
  const keyPair = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
  const raw = await crypto.subtle.exportKey('raw', keyPair.publicKey);
  return { keyPair, publicKey: bytesToBase64url(raw) };
}

/** ECDH with the server's fresh key, HKDF-SHA-256 (empty salt, info "confab pairing v1") to an AES-256-GCM key, the pairing id as additional data. */
export async function openSealed(privateKey: CryptoKey, sealed: Sealed, pairingId: string): Promise<SessionGrant> {
  const server = await crypto.subtle.importKey('raw', base64urlToBytes(sealed.serverKey), { name: 'ECDH', namedCurve: 'P-256' }, false, []);
  const shared = await crypto.subtle.deriveBits({ name: 'ECDH', public: server }, privateKey, 256);
  const hkdf = await crypto.subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  const aes = await crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: new TextEncoder().encode(INFO) },
    hkdf, { name: 'AES-GCM', length: 256 }, false, ['decrypt'],
  );
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: base64urlToBytes(sealed.iv), additionalData: new TextEncoder().encode(pairingId) },
    aes, base64urlToBytes(sealed.ciphertext),
  );
  return JSON.parse(new TextDecoder().decode(plain)) as SessionGrant;
}

/** The pairing id and key in a code (`confab-pair:<id>.<key>`), scanned or pasted; null when it is not one. */
export function parsePairingCode(text: string): { pairingId: string; key: string } | null {
  const m = /^\s*confab-pair:([A-Za-z0-9_-]{16,64})\.([A-Za-z0-9_-]{80,100})\s*$/.exec(text);
  return m ? { pairingId: m[1], key: m[2] } : null;
}

export interface PairingOptions {
  /** ws(s)://host; by default the page's origin. */
  base?: string;
  device: string;
  webSocket?: WebSocketFactory;
  onFrame: (f: PairingFrame) => void;
  /** The socket closed or could not open; `code` as the close event's. */
  onClose: (code: number) => void;
}

/** The new device's pairing: opens /ws/pair with a fresh key and reports its frames. */
export class Pairing {
  private ws: WebSocketLike | null = null;
  private done = false;
  key!: DeviceKey;
  started: PairingStarted | null = null;

  constructor(private readonly opts: PairingOptions) {}

  async start(): Promise<void> {
    this.key = await deviceKey();
    const base = (this.opts.base || location.origin).replace(/^http/, 'ws');
    const url = `${base}/ws/pair?key=${this.key.publicKey}&device=${encodeURIComponent(this.opts.device)}`;
    const ws = this.opts.webSocket ? this.opts.webSocket(url) : (new WebSocket(url) as unknown as WebSocketLike);
    this.ws = ws;
    ws.onmessage = (ev: { data: unknown }) => {
      let f: PairingFrame;
      try {
        f = JSON.parse(String(ev.data)) as PairingFrame;
      } catch {
        return;
      }
      if (f.type === 'pairing') this.started = f;
      this.opts.onFrame(f);
    };
    ws.onclose = (ev: { code: number }) => {
      if (!this.done) this.opts.onClose(ev.code);
    };
  }

  /** Opens an `approved` frame's session. */
  open(sealed: Sealed): Promise<SessionGrant> {
    return openSealed(this.key.keyPair.privateKey, sealed, this.started!.pairingId);
  }

  stop(): void {
    this.done = true;
    this.ws?.close();
    this.ws = null;
  }
}

export function inspectPairing(api: Api, pairingId: string): Promise<PairingRequester> {
  return api.request<PairingRequester>('POST', `/pairing/${encodeURIComponent(pairingId)}/inspect`);
}

export function approvePairing(api: Api, pairingId: string, checkCode: string): Promise<{ sessionId: number }> {
  return api.request<{ sessionId: number }>('POST', `/pairing/${encodeURIComponent(pairingId)}/approve`, { checkCode });
}

export function rejectPairing(api: Api, pairingId: string): Promise<void> {
  return api.request<void>('POST', `/pairing/${encodeURIComponent(pairingId)}/reject`);
}
