import type { Media, MediaKind, Message } from '../protocol';
import { client } from './state';

// Media helpers without markup: kinds, sizes, durations, the placeholder colour, reading a local
// file's dimensions, fetching bytes with the session token, saving a file.

/** The kind the server will most likely give these bytes (it decides from the bytes; this only shapes the preview). */
export function kindOf(type: string): MediaKind {
  if (/^image\/(jpeg|png|gif|webp)$/.test(type)) return 'image';
  if (/^video\/(mp4|webm|quicktime)$/.test(type)) return 'video';
  if (/^audio\/(mpeg|ogg|mp4|x-m4a|wav|x-wav|wave|flac|x-flac)$/.test(type)) return 'audio';
  return 'file';
}

/** 1023 B, 4.2 KB, 12 MB, 1.5 GB (powers of 1024, as file managers show them). */
export function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** 0:09, 3:05, 1:02:03. */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

const LABEL: Record<MediaKind, string> = { image: '📷 Photo', video: '🎬 Video', audio: '🎤 Audio', file: '📎 File' };

/** A media message in one line (chat list, quotes): "📷 Photo", "📎 report.pdf", then the caption. */
export function mediaPreview(m: Pick<Message, 'kind' | 'text' | 'data'>): string {
  const media = m.data?.media;
  const kind = (media?.kind ?? m.kind) as MediaKind;
  const label = kind === 'file' && media?.name ? `📎 ${media.name}` : LABEL[kind] ?? LABEL.file;
  return m.text ? `${label} · ${m.text}` : label;
}

export const MEDIA_KINDS = new Set(['image', 'video', 'audio', 'file']);
export const isMedia = (m: Message) => MEDIA_KINDS.has(m.kind) && !!m.data?.media;

const B83 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~';

/** The average colour a BlurHash starts with (its DC term, characters 2-5), as CSS; null if it is not one. */
export function placeholderColour(hash: string | undefined): string | null {
  if (!hash || hash.length < 6) return null;
  let v = 0;
  for (const ch of hash.slice(2, 6)) {
    const d = B83.indexOf(ch);
    if (d < 0) return null;
    v = v * 83 + d;
  }
  return `rgb(${(v >> 16) & 255} ${(v >> 8) & 255} ${v & 255})`;
}

/** The box a picture or video gets before it loads: its aspect ratio, at most `max` CSS px a side. */
export function boxOf(width: number | undefined, height: number | undefined, max = 320): { width: number; height: number } {
  if (!width || !height) return { width: max, height: Math.round((max * 3) / 4) };
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(48, Math.round(width * scale)), height: Math.max(48, Math.round(height * scale)) };
}

export interface LocalDetails {
  width?: number;
  height?: number;
  durationMs?: number;
  /** A video's frame as JPEG, uploaded first as its poster. */
  poster?: Blob;
}

/**
 * Reads what the browser can tell of a local file: an image's size, a video's size, length and a
 * frame for its poster, an audio's length.
 */
export async function readDetails(file: Blob, kind: MediaKind): Promise<LocalDetails> {
  try {
    if (kind === 'image') {
      const bmp = await createImageBitmap(file);
      const d = { width: bmp.width, height: bmp.height };
      bmp.close();
      return d;
    }
    if (kind === 'video' || kind === 'audio') return await readMediaElement(file, kind);
  } catch {
    // not decodable here: the server still takes it, without the claims
  }
  return {};
}

function readMediaElement(file: Blob, kind: 'video' | 'audio'): Promise<LocalDetails> {
  return new Promise((resolve) => {
    const el = document.createElement(kind);
    const url = URL.createObjectURL(file);
    const d: LocalDetails = {};
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      el.removeAttribute('src');
      el.load();
      URL.revokeObjectURL(url);
      resolve(d);
    };
    // a codec the browser lacks may never answer: send what was read by then
    const timer = setTimeout(done, 5000);
    el.preload = 'metadata';
    el.muted = true;
    el.onloadedmetadata = () => {
      if (Number.isFinite(el.duration) && el.duration >= 0) d.durationMs = Math.round(el.duration * 1000);
      if (!(el instanceof HTMLVideoElement) || el.videoWidth <= 0 || el.videoHeight <= 0) return done();
      d.width = el.videoWidth;
      d.height = el.videoHeight;
      // the first frame is often black: 10% in, or 0.1 s when the length is unknown (a recording)
      el.currentTime = Number.isFinite(el.duration) && el.duration > 0 ? Math.min(el.duration * 0.1, 5) : 0.1;
    };
    el.onseeked = () => {
      if (!(el instanceof HTMLVideoElement)) return;
      void frameOf(el).then((poster) => {
        if (poster) d.poster = poster;
        done();
      });
    };
    el.onerror = done;
    el.src = url;
  });
}

/** The video's current frame as a JPEG, at most 1280 px a side (the server keeps a 320 px thumbnail of it); null if it cannot be drawn. */
function frameOf(el: HTMLVideoElement): Promise<Blob | null> {
  const scale = Math.min(1, 1280 / Math.max(el.videoWidth, el.videoHeight));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(el.videoWidth * scale));
  canvas.height = Math.max(1, Math.round(el.videoHeight * scale));
  const g = canvas.getContext('2d');
  if (!g) return Promise.resolve(null);
  try {
    g.drawImage(el, 0, 0, canvas.width, canvas.height);
  } catch {
    return Promise.resolve(null);
  }
  return new Promise((resolve) => canvas.toBlob((b) => resolve(b && b.size > 0 ? b : null), 'image/jpeg', 0.85));
}

const blobUrls = new Map<string, Promise<string>>();

/**
 * A blob: URL for a media `url` or `thumbnailUrl` (they need the bearer token), fetched once per
 * page. A failed fetch is forgotten so a later look tries again.
 */
export function mediaUrl(url: string): Promise<string> {
  let p = blobUrls.get(url);
  if (!p) {
    p = client.value!.api.mediaBlob(url).then((b) => URL.createObjectURL(b));
    p.catch(() => blobUrls.delete(url));
    blobUrls.set(url, p);
  }
  return p;
}

let streaming: Promise<boolean> | null = null;

/**
 * Whether media elements may load media URLs directly: a service worker controls the page and
 * answers that it adds the token to them (web/public/sw.js). On a first load no worker controls the
 * page yet, and an older worker may lack the handler; then the bytes are fetched into a blob: URL.
 */
export function canStream(): Promise<boolean> {
  const sw = typeof navigator !== 'undefined' ? navigator.serviceWorker : undefined;
  const worker = sw?.controller;
  if (!sw || !worker) return Promise.resolve(false);
  if (!streaming) {
    sw.addEventListener('controllerchange', () => (streaming = null), { once: true });
    streaming = new Promise((resolve) => {
      const ch = new MessageChannel();
      const timer = setTimeout(() => resolve(false), 3000); // a worker that never answers
      ch.port1.onmessage = (e: MessageEvent<{ mediaAuth?: number } | null>) => {
        clearTimeout(timer);
        resolve(e.data?.mediaAuth === 1);
      };
      worker.postMessage({ type: 'media-auth' }, [ch.port2]);
    });
  }
  return streaming;
}

/**
 * The URL a <video> or <audio> plays: the media URL itself when the service worker adds the token
 * (the element then streams with range requests), else a blob: URL of the whole file.
 */
export async function streamUrl(url: string): Promise<string> {
  return (await canStream()) ? url : mediaUrl(url);
}

/** Saves bytes under their name through a blob: link (the page never navigates to the media URL). */
export function saveBlob(url: string, name: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
}

/** Downloads an upload with its name. */
export async function download(media: Media): Promise<void> {
  saveBlob(await mediaUrl(media.url), media.name || `file-${media.id}`);
}
