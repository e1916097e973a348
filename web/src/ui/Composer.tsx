import { useEffect, useRef, useState } from 'preact/hooks';
import { quoteOf, type Message } from '../protocol';
import { AttachButton, addFiles, draftsOf, sendTray, Tray } from './Attach';
import { QuoteBlock } from './Bubble';
import { client, compose, errorText, say, useOn } from './state';
import { Text } from './Text';

const TYPING_REFRESH_MS = 3000;
const TYPING_IDLE_MS = 4000;
const MAX = 4000;
/** Typing this recently in a focused composer makes it the person's: another tab's draft does not replace it. */
const OWN_TYPING_MS = 2000;

/**
 * Whether a draft saved in another tab may replace this composer's text now: not while the person is
 * typing here (this composer focused in the focused window, a keystroke lately); it waits until they
 * pause, and is dropped if they type after it came (their save is then the newer, and reaches the
 * other tab in turn). Either way the tabs end on the last text saved, which is what a reload shows.
 */
export function takesOtherTabsDraft(focusedHere: boolean, lastInputAt: number, now: number): boolean {
  return !(focusedHere && now - lastInputAt < OWN_TYPING_MS);
}

/**
 * Enter sends, Shift+Enter starts a new line; the draft is kept per room across reloads. It also
 * answers a message (the quote shows above it) and edits mine (Up in an empty composer edits my
 * last message; Escape cancels, and the draft I had comes back).
 */
export function Composer({ roomId, onSent, jump, lastMine }: { roomId: number; onSent: () => void; jump: () => void; lastMine: () => Message | undefined }) {
  useOn('compose', 'attachments');
  const c = client.value!;
  const [text, setText] = useState('');
  const mode = compose.value?.message.roomId === roomId ? compose.value : null;
  const editing = mode?.kind === 'edit' ? mode.message : null;
  const draftBeforeEdit = useRef<string | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const typingSince = useRef(0);
  const idle = useRef<ReturnType<typeof setTimeout>>();
  const saveTimer = useRef<ReturnType<typeof setTimeout>>();
  const current = useRef({ roomId, text });
  current.current = { roomId, text };
  const lastInputAt = useRef(0);
  /** Another tab's draft waiting for the person to pause typing here. */
  const otherDraft = useRef<ReturnType<typeof setTimeout>>();

  useEffect(() => {
    let live = true;
    setText('');
    void c.draft(roomId).then((d) => {
      // what the person already typed wins over the stored draft arriving late
      if (live && !current.current.text) setText(d);
    });
    area.current?.focus();
    if (compose.value && compose.value.message.roomId !== roomId) compose.value = null;
    const offDraft = c.on('draft', (d) => {
      if (d.roomId !== roomId || !live) return;
      if (draftBeforeEdit.current !== null) {
        // editing a message: the shared draft is what comes back when the edit ends
        draftBeforeEdit.current = d.text;
        return;
      }
      const arrived = Date.now();
      const offer = () => {
        if (!live || lastInputAt.current > arrived) return; // typed here since: that is the newer draft
        const focusedHere = document.activeElement === area.current && document.hasFocus();
        if (takesOtherTabsDraft(focusedHere, lastInputAt.current, Date.now())) setText(d.text);
        else otherDraft.current = setTimeout(offer, OWN_TYPING_MS - (Date.now() - lastInputAt.current) + 10);
      };
      clearTimeout(otherDraft.current);
      offer();
    });
    return () => {
      live = false;
      offDraft();
      clearTimeout(otherDraft.current);
      clearTimeout(saveTimer.current);
      // leaving the room: keep what was typed, stop the typing indicator
      void c.saveDraft(current.current.roomId, draftBeforeEdit.current ?? current.current.text);
      draftBeforeEdit.current = null;
      stopTyping(current.current.roomId);
    };
  }, [roomId]);

  useEffect(() => {
    const el = area.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 200)}px`;
  }, [text]);

  // entering edit mode puts the message's text in the composer; what I was writing waits aside
  useEffect(() => {
    if (editing) {
      if (draftBeforeEdit.current === null) draftBeforeEdit.current = current.current.text;
      setText(editing.text ?? '');
    }
    if (mode) area.current?.focus();
  }, [editing?.id, mode?.kind, mode?.message.id]);

  function endMode() {
    compose.value = null;
    if (draftBeforeEdit.current !== null) {
      setText(draftBeforeEdit.current);
      draftBeforeEdit.current = null;
    }
  }

  function stopTyping(room: number) {
    clearTimeout(idle.current);
    if (typingSince.current) {
      typingSince.current = 0;
      c.typing(room, false);
    }
  }

  function onInput(value: string) {
    setText(value);
    lastInputAt.current = Date.now();
    if (editing) return; // an edit is neither a draft nor typing
    clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(() => void c.saveDraft(roomId, value), 300);
    if (!value) {
      stopTyping(roomId);
      return;
    }
    const now = Date.now();
    if (now - typingSince.current > TYPING_REFRESH_MS) {
      typingSince.current = now;
      c.typing(roomId, true);
    }
    clearTimeout(idle.current);
    idle.current = setTimeout(() => stopTyping(roomId), TYPING_IDLE_MS);
  }

  const files = draftsOf(roomId).length;

  function send() {
    const body = text.trim();
    if (body.length > MAX || (!body && (!files || editing))) return;
    if (editing) {
      const { roomId: r, seq } = editing;
      const changed = body !== (editing.text ?? '').trim();
      endMode();
      if (changed) void c.edit(r, seq, body).catch((e: unknown) => say(errorText(e)));
      return;
    }
    const replyTo = mode?.kind === 'reply' ? mode.message : undefined;
    if (replyTo) compose.value = null;
    setText('');
    clearTimeout(saveTimer.current);
    void c.saveDraft(roomId, '');
    stopTyping(roomId);
    jump();
    onSent();
    if (files) {
      // attachments first; the text is the first one's caption, or follows as its own message (Attach.tsx)
      void sendTray(roomId, body, !!replyTo).then(async (rest) => {
        if (rest) await c.send(roomId, rest, replyTo);
      }).catch((e: unknown) => say(errorText(e)));
      return;
    }
    void c.send(roomId, body, replyTo);
  }

  return (
    <div class="composer-wrap">
      {mode?.kind === 'reply' && (
        <div class="compose-bar"><QuoteBlock quote={quoteOf(mode.message)} roomId={roomId} onClear={() => (compose.value = null)} /></div>
      )}
      {editing && (
        <div class="compose-bar editing">
          <span class="quote"><span class="quote-body"><strong>Editing message</strong><span class="quote-text"><Text text={editing.text ?? ''} /></span></span>
            <button type="button" class="icon-btn small" aria-label="Cancel editing" onClick={endMode}>✕</button></span>
        </div>
      )}
      {!editing && <Tray roomId={roomId} />}
    <form class="composer" onSubmit={(e) => { e.preventDefault(); send(); }}>
      {!editing && <AttachButton roomId={roomId} />}
      <textarea
        ref={area}
        rows={1}
        value={text}
        placeholder={editing ? 'Edit the message' : mode ? 'Write a reply' : files ? 'Add a caption' : 'Write a message'}
        aria-label="Message"
        maxLength={MAX}
        onInput={(e) => onInput((e.target as HTMLTextAreaElement).value)}
        onPaste={(e) => {
          // a picture (or file) from the clipboard goes to the tray; pasted text stays text
          const pasted = Array.from(e.clipboardData?.files ?? []);
          if (pasted.length && !editing) {
            e.preventDefault();
            addFiles(roomId, pasted);
          }
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            send();
          } else if (e.key === 'Escape' && mode) {
            e.preventDefault();
            endMode();
          } else if (e.key === 'ArrowUp' && !text && !mode) {
            const last = lastMine();
            if (last) {
              e.preventDefault();
              compose.value = { kind: 'edit', message: last };
            }
          }
        }}
      />
      <button class="send" type="submit" aria-label={editing ? 'Save edit' : 'Send'} disabled={!text.trim() && (!files || !!editing)}>
        {editing ? (
          <svg viewBox="0 0 24 24" aria-hidden="true"><path d="m9 16.2-4.2-4.2-1.4 1.4L9 19 21 7l-1.4-1.4z" /></svg>
        ) : (
          <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z" /></svg>
        )}
      </button>
    </form>
    </div>
  );
}
