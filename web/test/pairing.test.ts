// @vitest-environment node
import { createCipheriv, createECDH, createHmac, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Api, ConfabClient, ConfabError, Pairing, approvePairing, inspectPairing, notificationSettings, notifies, openSealed,
  parsePairingCode, setRoomNotifications, updateNotifications, type Message, type NotifySettings, type PairingFrame,
} from '../src/protocol';
import { BASE, device, hasServer, uniqueName, until, wsFactory } from './server';

const b64u = (b: Buffer) => b.toString('base64url');

/** The server's sealing (server/src/main/java/dev/confab/pairing/Sealed.java), written again with node:crypto. */
function sealLikeServer(grant: object, devicePublicKey: Buffer, pairingId: string) {
  const server = createECDH('prime256v1');
  server.generateKeys();
  const shared = server.computeSecret(devicePublicKey);
  const prk = createHmac('sha256', Buffer.alloc(32)).update(shared).digest();
  const key = createHmac('sha256', prk).update('confab pairing v1').update(Buffer.from([1])).digest().subarray(0, 32);
  const iv = randomBytes(12);
  const gcm = createCipheriv('aes-256-gcm', key, iv);
  gcm.setAAD(Buffer.from(pairingId, 'ascii'));
  const ct = Buffer.concat([gcm.update(JSON.stringify(grant), 'utf8'), gcm.final(), gcm.getAuthTag()]);
  return { serverKey: b64u(server.getPublicKey()), iv: b64u(iv), ciphertext: b64u(ct) };
}

async function webCryptoDevice() {
  const kp = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
  const raw = Buffer.from(await crypto.subtle.exportKey('raw', kp.publicKey));
  return { kp, raw };
}

describe('pairing crypto', () => {
  it('opens what the server scheme seals (ECDH P-256, HKDF-SHA-256, AES-256-GCM with the pairing id as AAD)', async () => {
    const { kp, raw } = await webCryptoDevice();
    expect(raw.length).toBe(65);
    const grant = { token: 'tok-é', sessionId: 12, userId: 7, username: 'alice' };
    const sealed = sealLikeServer(grant, raw, 'pairing-123');
    expect(await openSealed(kp.privateKey, sealed, 'pairing-123')).toEqual(grant);
  });

  it('refuses a seal for another pairing id, another key, or a changed ciphertext', async () => {
    const { kp, raw } = await webCryptoDevice();
    const other = await webCryptoDevice();
    const sealed = sealLikeServer({ token: 't' }, raw, 'p1');
    await expect(openSealed(kp.privateKey, sealed, 'p2')).rejects.toThrow();
    await expect(openSealed(other.kp.privateKey, sealed, 'p1')).rejects.toThrow();
    const ct = Buffer.from(sealed.ciphertext, 'base64url');
    ct[0] ^= 1;
    await expect(openSealed(kp.privateKey, { ...sealed, ciphertext: b64u(ct) }, 'p1')).rejects.toThrow();
  });

  it('parses pairing codes and refuses other text', () => {
    const key = 'B' + 'x'.repeat(86);
    expect(parsePairingCode(` confab-pair:abcdefghijklmnopqrstuv.${key}\n`)).toEqual({ pairingId: 'abcdefghijklmnopqrstuv', key });
    expect(parsePairingCode('https://evil.example/')).toBeNull();
    expect(parsePairingCode(`confab-pair:abc.${key}`)).toBeNull();
  });
});

describe('notification decision', () => {
  const msg = (over: Partial<Message> = {}): Message => ({ id: 1, roomId: 3, seq: 10, senderId: 9, kind: 'text', text: 'hi', createdAt: '', ...over } as Message);
  const s = (over: Partial<NotifySettings> = {}): NotifySettings => ({ level: 'all', previews: true, rooms: [], ...over });
  it('follows levels, mentions, mutes and the read position as docs/notifications.md says', () => {
    expect(notifies(s(), 7, msg(), 9)).toBe(true);
    expect(notifies(s(), 7, msg({ senderId: 7 }), 9)).toBe(false); // mine
    expect(notifies(s(), 7, msg(), 10)).toBe(false); // already read
    expect(notifies(s({ level: 'mentions' }), 7, msg(), 9)).toBe(false);
    expect(notifies(s({ level: 'mentions' }), 7, msg({ data: { mentions: [7] } } as Partial<Message>), 9)).toBe(true);
    expect(notifies(s({ level: 'none' }), 7, msg({ data: { mentions: [7] } } as Partial<Message>), 9)).toBe(false);
    expect(notifies(s({ level: 'none', rooms: [{ roomId: 3, level: 'all' }] }), 7, msg(), 9)).toBe(true); // room overrides
    const future = new Date(Date.now() + 60_000).toISOString();
    const past = new Date(Date.now() - 60_000).toISOString();
    expect(notifies(s({ rooms: [{ roomId: 3, mutedUntil: future }] }), 7, msg({ data: { mentions: [7] } } as Partial<Message>), 9)).toBe(false);
    expect(notifies(s({ rooms: [{ roomId: 3, mutedUntil: past }] }), 7, msg(), 9)).toBe(true);
  });
});

const open: ConfabClient[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

describe.runIf(hasServer)('QR-code login and notification settings against a real server', () => {
  async function account() {
    const username = uniqueName('pa');
    const api = new Api(BASE);
    const s = await api.signup(username, 'password-' + username, 'vitest');
    api.token = s.token;
    return { api, user: s.user };
  }

  function pairing(deviceName: string) {
    const frames: PairingFrame[] = [];
    const closes: number[] = [];
    const p = new Pairing({ base: BASE, device: deviceName, webSocket: wsFactory, onFrame: (f) => frames.push(f), onClose: (c) => closes.push(c) });
    return { p, frames, closes };
  }

  it('a new device gets its own session, sealed to its key, after the check code; the code works once', async () => {
    const me = await account();
    const { p, frames } = pairing('Test tablet');
    await p.start();
    await until('pairing frame', () => frames.length > 0);
    const start = frames[0];
    if (start.type !== 'pairing') throw new Error('expected pairing, got ' + start.type);
    expect(start.checkCode).toMatch(/^\d{6}$/);
    const code = parsePairingCode(start.qr)!;
    expect(code.key).toBe(p.key.publicKey);

    const req = await inspectPairing(me.api, code.pairingId);
    expect(req.device).toBe('Test tablet');
    expect(req.publicKey).toBe(code.key);
    await until('scanned', () => frames.some((f) => f.type === 'scanned'));

    const wrong = start.checkCode === '000000' ? '111111' : '000000';
    await expect(approvePairing(me.api, code.pairingId, wrong)).rejects.toMatchObject({ code: 'pairing_code_mismatch' });
    const { sessionId } = await approvePairing(me.api, code.pairingId, start.checkCode);
    await until('approved', () => frames.some((f) => f.type === 'approved'));
    const approved = frames.find((f) => f.type === 'approved')!;
    if (approved.type !== 'approved') throw new Error();
    const grant = await p.open(approved);
    expect(grant).toMatchObject({ sessionId, userId: me.user.id, username: me.user.username });

    // the grant signs a client in, which then gets online with that session
    const c = await device(uniqueName('db'));
    open.push(c);
    await c.adopt(grant.token);
    await until('online', () => c.status === 'open');
    expect(c.me?.id).toBe(me.user.id);

    // used: no second approval, no second look
    await expect(approvePairing(me.api, code.pairingId, start.checkCode)).rejects.toBeInstanceOf(ConfabError);
    await expect(inspectPairing(me.api, code.pairingId)).rejects.toMatchObject({ code: 'pairing_not_found' });
    p.stop();
  });

  it('a pairing another user looked at first does not exist for me', async () => {
    const a = await account();
    const b = await account();
    const { p, frames } = pairing('Phone');
    await p.start();
    await until('pairing frame', () => frames.length > 0);
    const id = (frames[0] as { pairingId: string }).pairingId;
    await inspectPairing(a.api, id);
    await expect(inspectPairing(b.api, id)).rejects.toMatchObject({ code: 'pairing_not_found' });
    p.stop();
  });

  it('level, previews and room mutes persist, and a connected device hears of every change', async () => {
    const me = await account();
    const c = await device(uniqueName('db'));
    open.push(c);
    const username = uniqueName('nt');
    await c.signup(username, 'password-' + username);
    await until('online', () => c.status === 'open');
    const heard: NotifySettings[] = [];
    c.on('notifications', (s) => heard.push(s));
    const room = await c.api.createRoom({ name: 'Muted room', memberIds: [me.user.id] });

    const s = await updateNotifications(c.api, { level: 'mentions', previews: false });
    expect(s).toMatchObject({ level: 'mentions', previews: false });
    const until1 = new Date(Date.now() + 3600_000).toISOString();
    await setRoomNotifications(c.api, room.id, { level: 'none', mutedUntil: until1 });
    const now = await notificationSettings(c.api);
    expect(now.rooms.find((r) => r.roomId === room.id)).toMatchObject({ level: 'none' });
    expect(Date.parse(now.rooms.find((r) => r.roomId === room.id)!.mutedUntil!)).toBe(Date.parse(until1));
    await until('two notifications frames', () => heard.length >= 2);
    expect(heard[heard.length - 1]).toMatchObject({ level: 'mentions', previews: false });
    await setRoomNotifications(c.api, room.id, { level: null, mutedUntil: null });
    expect((await notificationSettings(c.api)).rooms.find((r) => r.roomId === room.id)?.level).toBeUndefined();
  });
});
