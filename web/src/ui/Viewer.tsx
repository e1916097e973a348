import { createPortal } from 'preact/compat';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Media } from '../protocol';
import { download, mediaUrl } from './media';
import { errorText, say } from './state';

/**
 * A picture at full size over the page: Escape, the close button or a click beside it closes it,
 * and focus goes back to what opened it. The thumbnail shows until the full image has loaded.
 */
export function Viewer({ media, preview, onClose }: { media: Media; preview: string | null; onClose: () => void }) {
  const [full, setFull] = useState<string | null>(null);
  const close = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    close.current?.focus();
    let live = true;
    void mediaUrl(media.url).then((u) => live && setFull(u), (e: unknown) => say(errorText(e)));
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        onClose();
      } else if (e.key === 'Tab' && dialog.current) {
        // keep focus in the dialog
        const items = Array.from(dialog.current.querySelectorAll<HTMLElement>('button'));
        const i = items.indexOf(document.activeElement as HTMLElement);
        const next = e.shiftKey ? (i <= 0 ? items.length - 1 : i - 1) : (i + 1) % items.length;
        e.preventDefault();
        items[next]?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      live = false;
      document.removeEventListener('keydown', onKey);
      opener?.focus();
    };
  }, [media.id]);
  const name = media.name || 'Photo';
  return createPortal(
    <div class="overlay viewer" ref={dialog} role="dialog" aria-modal="true" aria-label={name} onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div class="viewer-bar">
        <span class="viewer-name" title={name}>{name}</span>
        <button type="button" class="icon-btn" aria-label={`Download ${name}`} title="Download"
          onClick={() => void download(media).catch((e: unknown) => say(errorText(e)))}>
          <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M11 4h2v8.2l3.3-3.3 1.4 1.4-5.7 5.7-5.7-5.7 1.4-1.4 3.3 3.3zM5 18h14v2H5z" /></svg>
        </button>
        <button type="button" class="icon-btn" ref={close} aria-label="Close" title="Close (Esc)" onClick={onClose}>
          <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M18.3 7.1 16.9 5.7 12 10.6 7.1 5.7 5.7 7.1l4.9 4.9-4.9 4.9 1.4 1.4 4.9-4.9 4.9 4.9 1.4-1.4-4.9-4.9z" /></svg>
        </button>
      </div>
      {(full ?? preview) && <img class="viewer-img" src={full ?? preview!} alt={name} width={media.width} height={media.height} />}
    </div>,
    document.body,
  );
}
