import { useEffect, useRef, useState } from 'preact/hooks';
import type { Media, MediaKind, OutboxItem } from '../protocol';
import { boxOf, download, duration, humanSize, mediaUrl, placeholderColour, streamUrl } from './media';
import { client, errorText, say, useOn } from './state';
import { Viewer } from './Viewer';

/** Whether the element is on screen (or about to be): thumbnails load as they scroll into view. */
function useInView<T extends Element>(): [preact.RefObject<T>, boolean] {
  const ref = useRef<T>(null);
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el || seen) return;
    const io = new IntersectionObserver((obs) => {
      if (obs.some((o) => o.isIntersecting)) {
        setSeen(true);
        io.disconnect();
      }
    }, { rootMargin: '200px' });
    io.observe(el);
    return () => io.disconnect();
  }, [seen]);
  return [ref, seen];
}

/**
 * A URL to show a media path once `load` is true (null until then or when it fails): a blob: URL of
 * the bytes, or with `stream` the path itself when the service worker can add the token.
 */
function useMediaUrl(path: string | undefined, load: boolean, stream = false): string | null {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    if (!path || !load) return;
    let live = true;
    void (stream ? streamUrl(path) : mediaUrl(path)).then((u) => live && setSrc(u), () => undefined);
    return () => {
      live = false;
    };
  }, [path, load, stream]);
  return src;
}

/** The upload a message shows: a picture, a video, an audio player or a file card. */
export function MediaView({ media }: { media: Media }) {
  switch (media.kind) {
    case 'image':
      return <Picture media={media} />;
    case 'video':
      return <Video media={media} />;
    case 'audio':
      return <Audio media={media} />;
    default:
      return <FileCard name={media.name || 'file'} size={media.size} kind="file" onDownload={() => download(media)} />;
  }
}

/** The box reserved from the message's dimensions before anything loads, tinted with the placeholder's colour. */
function boxStyle(width: number | undefined, height: number | undefined, placeholder?: string) {
  const b = boxOf(width, height);
  const tint = placeholderColour(placeholder);
  return { width: `${b.width}px`, aspectRatio: `${b.width} / ${b.height}`, ...(tint && { backgroundColor: tint }) };
}

function Picture({ media }: { media: Media }) {
  const [ref, seen] = useInView<HTMLButtonElement>();
  const src = useMediaUrl(media.thumbnailUrl ?? media.url, seen);
  const [open, setOpen] = useState(false);
  return (
    <>
      <button ref={ref} type="button" class="media-box" style={boxStyle(media.width, media.height, media.placeholder)}
        aria-label={`Open photo${media.name ? ` ${media.name}` : ''}`} onClick={() => setOpen(true)}>
        {src && <img src={src} alt="" width={media.width} height={media.height} />}
      </button>
      {open && <Viewer media={media} preview={src} onClose={() => setOpen(false)} />}
    </>
  );
}

function Video({ media }: { media: Media }) {
  const [ref, seen] = useInView<HTMLDivElement>();
  const poster = useMediaUrl(media.thumbnailUrl, seen);
  const [play, setPlay] = useState(false);
  const src = useMediaUrl(media.url, play, true);
  return (
    <div ref={ref} class="media-box video" style={boxStyle(media.width, media.height, media.placeholder)}>
      {src ? (
        <video src={src} poster={poster ?? undefined} controls autoPlay playsInline aria-label={`Video${media.name ? ` ${media.name}` : ''}`} />
      ) : (
        <button type="button" class="play" aria-label={`Play video${media.name ? ` ${media.name}` : ''}`} onClick={() => setPlay(true)} aria-busy={play}>
          {poster && <img src={poster} alt="" />}
          <span class="play-icon" aria-hidden="true">{play ? <span class="spinner" /> : <PlayIcon />}</span>
          {media.durationMs !== undefined && <span class="media-badge">{duration(media.durationMs)}</span>}
        </button>
      )}
    </div>
  );
}

function Audio({ media }: { media: Media }) {
  const [play, setPlay] = useState(false);
  const src = useMediaUrl(media.url, play, true);
  const label = media.name || 'Audio';
  return (
    <div class="audio-card">
      <div class="file-card">
        {src ? (
          <span class="file-tile"><FileIcon kind="audio" /></span>
        ) : (
          <button type="button" class="round-btn" aria-label={`Play ${label}`} aria-busy={play} onClick={() => setPlay(true)}>
            {play ? <span class="spinner" /> : <PlayIcon />}
          </button>
        )}
        <span class="file-main">
          <span class="file-name" title={label}>{label}</span>
          <small>{[media.durationMs !== undefined && duration(media.durationMs), humanSize(media.size)].filter(Boolean).join(' · ')}</small>
        </span>
      </div>
      {src && <audio src={src} controls autoPlay aria-label={label} />}
    </div>
  );
}

/** A file's name, size, and a download button (or, while sending, nothing to download). */
export function FileCard({ name, size, kind, onDownload }: { name: string; size: number; kind: MediaKind; onDownload?: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  return (
    <div class="file-card">
      <span class="file-tile"><FileIcon kind={kind} /></span>
      <span class="file-main">
        <span class="file-name" title={name}>{name}</span>
        <small>{humanSize(size)}</small>
      </span>
      {onDownload && (
        <button type="button" class="round-btn" aria-label={`Download ${name}`} title="Download" aria-busy={busy} disabled={busy}
          onClick={() => {
            setBusy(true);
            onDownload().catch((e: unknown) => say(errorText(e))).finally(() => setBusy(false));
          }}>
          <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M11 4h2v8.2l3.3-3.3 1.4 1.4-5.7 5.7-5.7-5.7 1.4-1.4 3.3 3.3zM5 18h14v2H5z" /></svg>
        </button>
      )}
    </div>
  );
}

/** A media message waiting in the outbox: the local file, the upload's progress, Cancel. */
export function PendingMedia({ item }: { item: OutboxItem & { file: NonNullable<OutboxItem['file']> } }) {
  useOn('uploads');
  const c = client.value!;
  const f = item.file;
  const [local, setLocal] = useState<string | null>(null);
  // an image shows itself, a video its captured frame
  const picture = f.kind === 'image' ? f.blob : f.kind === 'video' ? f.poster : undefined;
  useEffect(() => {
    if (!picture) return;
    const u = URL.createObjectURL(picture);
    setLocal(u);
    return () => URL.revokeObjectURL(u);
  }, [item.clientId]);
  const p = c.uploadProgress(item.clientId);
  const pct = item.media ? 100 : p && p.total > 0 ? Math.round((p.loaded / p.total) * 100) : 0;
  const waiting = item.state === 'pending' && !p && !item.media;
  return (
    <div class="pending-media">
      {picture ? (
        <span class="media-box" style={boxStyle(f.width, f.height)}>{local && <img src={local} alt="" />}</span>
      ) : (
        <FileCard name={f.name} size={f.size} kind={f.kind} />
      )}
      {item.state === 'pending' && (
        <span class="upload-row">
          <progress max={100} value={waiting ? undefined : pct} aria-label={`Uploading ${f.name}`} />
          <small aria-live="off">{waiting ? 'Waiting…' : `${pct}%`}</small>
          <button type="button" class="link-btn" onClick={() => void c.discard(item.clientId)}>Cancel</button>
        </span>
      )}
    </div>
  );
}

export function FileIcon({ kind }: { kind: MediaKind }) {
  const d = kind === 'audio'
    ? 'M12 3v10.6A4 4 0 1 0 14 17V7h4V3z'
    : kind === 'video'
      ? 'M4 5h11a2 2 0 0 1 2 2v2.5l4-2.5v10l-4-2.5V17a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2z'
      : kind === 'image'
        ? 'M4 4h16a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm1 13h14l-4.5-6-3.5 4.5-2.5-3z'
        : 'M6 2h8l6 6v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zm7 1.5V9h5.5z';
  return <svg viewBox="0 0 24 24" aria-hidden="true"><path d={d} /></svg>;
}

function PlayIcon() {
  return <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M8 5v14l11-7z" /></svg>;
}
