import { useEffect, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { MediaKind } from '../protocol';
import { FileIcon } from './Media';
import { humanSize, kindOf, readDetails, type LocalDetails } from './media';
import { attachments, client, useOn } from './state';

/** A file in a room's tray, not sent yet. */
export interface Draft {
  id: number;
  file: File;
  kind: MediaKind;
  /** blob: URL of the local file, for an image's thumbnail. */
  preview?: string;
  caption: string;
  details: Promise<LocalDetails>;
}

const trays = new Map<number, Draft[]>();
let nextId = 1;

export function draftsOf(roomId: number): Draft[] {
  return trays.get(roomId) ?? [];
}

function set(roomId: number, list: Draft[]): void {
  if (list.length) trays.set(roomId, list);
  else trays.delete(roomId);
  attachments.value++;
}

/** Puts files (picked, dropped or pasted) in the room's tray; an image's size and a video's or audio's length are read now. */
export function addFiles(roomId: number, files: Iterable<File>): void {
  const added: Draft[] = [];
  for (const file of files) {
    const kind = kindOf(file.type);
    added.push({ id: nextId++, file, kind, caption: '', preview: kind === 'image' ? URL.createObjectURL(file) : undefined, details: readDetails(file, kind) });
  }
  if (added.length) set(roomId, [...draftsOf(roomId), ...added]);
}

export function removeDraft(roomId: number, id: number): void {
  const d = draftsOf(roomId).find((x) => x.id === id);
  if (d?.preview) URL.revokeObjectURL(d.preview);
  set(roomId, draftsOf(roomId).filter((x) => x.id !== id));
}

function setCaption(roomId: number, id: number, caption: string): void {
  trays.set(roomId, draftsOf(roomId).map((d) => (d.id === id ? { ...d, caption } : d)));
}

/**
 * Sends the tray: each file goes into the outbox in tray order. The composer's text becomes the
 * caption of the first file that has none of its own; when every file has one (or the text answers
 * a message, which a media message cannot), the text is returned to be sent as its own message after them.
 */
export async function sendTray(roomId: number, text: string, replying: boolean): Promise<string> {
  const list = draftsOf(roomId);
  set(roomId, []);
  const c = client.value!;
  let rest = text;
  for (const d of list) {
    let caption = d.caption.trim();
    if (!caption && rest && !replying) {
      caption = rest;
      rest = '';
    }
    const details = await d.details;
    if (d.preview) URL.revokeObjectURL(d.preview);
    await c.sendMedia(roomId, { blob: d.file, name: d.file.name || 'file', type: d.file.type, kind: d.kind, ...details }, caption);
  }
  return rest;
}

/** The paperclip: a file picker for several files. */
export function AttachButton({ roomId }: { roomId: number }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" class="icon-btn attach" aria-label="Attach files" title="Attach files" onClick={() => input.current?.click()}>
        <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M16.5 6.5v10.6a4.5 4.5 0 0 1-9 0V5.6a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5H9v9.6a3 3 0 0 0 6 0V5.6a4.5 4.5 0 0 0-9 0v11.5a6 6 0 0 0 12 0V6.5z" /></svg>
      </button>
      <input ref={input} type="file" multiple hidden aria-label="Files to attach"
        onChange={(e) => {
          const el = e.currentTarget;
          addFiles(roomId, Array.from(el.files ?? []));
          el.value = '';
        }} />
    </>
  );
}

/** The files about to be sent, above the composer: a thumbnail or a card each, a caption field, a remove button. */
export function Tray({ roomId }: { roomId: number }) {
  useOn('attachments');
  const list = draftsOf(roomId);
  if (!list.length) return null;
  return (
    <ul class="tray" aria-label="Attachments">
      {list.map((d) => (
        <li key={d.id} class="tray-item">
          {d.preview ? <img class="tray-thumb" src={d.preview} alt="" /> : <span class="tray-thumb file-tile"><FileIcon kind={d.kind} /></span>}
          <span class="tray-main">
            <span class="tray-name" title={d.file.name}>{d.file.name || 'Pasted file'}</span>
            <small>{humanSize(d.file.size)}</small>
            <CaptionInput roomId={roomId} draft={d} />
          </span>
          <button type="button" class="icon-btn small" aria-label={`Remove ${d.file.name || 'file'}`} onClick={() => removeDraft(roomId, d.id)}>✕</button>
        </li>
      ))}
    </ul>
  );
}

function CaptionInput({ roomId, draft }: { roomId: number; draft: Draft }) {
  const [value, setValue] = useState(draft.caption);
  useEffect(() => setValue(draft.caption), [draft.id]);
  return (
    <input class="tray-caption" type="text" maxLength={4000} placeholder="Caption (optional)" aria-label={`Caption for ${draft.file.name || 'file'}`}
      value={value} onInput={(e) => {
        const v = e.currentTarget.value;
        setValue(v);
        setCaption(roomId, draft.id, v);
      }} />
  );
}

/** Drag and drop of files onto the conversation: a visible drop zone while files are dragged over it. */
export function useDropZone(roomId: number): { dragging: boolean; handlers: JSX.HTMLAttributes<HTMLDivElement> } {
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);
  useEffect(() => {
    depth.current = 0;
    setDragging(false);
  }, [roomId]);
  const hasFiles = (e: DragEvent) => !!e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files');
  return {
    dragging,
    handlers: {
      onDragEnter: (e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        depth.current++;
        setDragging(true);
      },
      onDragOver: (e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      },
      onDragLeave: (e) => {
        if (!hasFiles(e)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setDragging(false);
      },
      onDrop: (e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        depth.current = 0;
        setDragging(false);
        addFiles(roomId, Array.from(e.dataTransfer?.files ?? []));
      },
    },
  };
}
