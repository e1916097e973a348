import { useEffect, useRef, useState } from 'preact/hooks';
import { client } from './state';

const TYPING_REFRESH_MS = 3000;
const TYPING_IDLE_MS = 4000;
const MAX = 4000;

/** Enter sends, Shift+Enter starts a new line; the draft is kept per room across reloads. */
export function Composer({ roomId, onSent, jump }: { roomId: number; onSent: () => void; jump: () => void }) {
  const c = client.value!;
  const [text, setText] = useState('');
  const area = useRef<HTMLTextAreaElement>(null);
  const typingSince = useRef(0);
  const idle = useRef<ReturnType<typeof setTimeout>>();
  const saveTimer = useRef<ReturnType<typeof setTimeout>>();
  const current = useRef({ roomId, text });
  current.current = { roomId, text };

  useEffect(() => {
    let live = true;
    setText('');
    void c.draft(roomId).then((d) => {
      // what the person already typed wins over the stored draft arriving late
      if (live && !current.current.text) setText(d);
    });
    area.current?.focus();
    return () => {
      live = false;
      clearTimeout(saveTimer.current);
      // leaving the room: keep what was typed, stop the typing indicator
      void c.saveDraft(current.current.roomId, current.current.text);
      stopTyping(current.current.roomId);
    };
  }, [roomId]);

  useEffect(() => {
    const el = area.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 200)}px`;
  }, [text]);

  function stopTyping(room: number) {
    clearTimeout(idle.current);
    if (typingSince.current) {
      typingSince.current = 0;
      c.typing(room, false);
    }
  }

  function onInput(value: string) {
    setText(value);
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

  function send() {
    const body = text.trim();
    if (!body || body.length > MAX) return;
    setText('');
    clearTimeout(saveTimer.current);
    void c.saveDraft(roomId, '');
    stopTyping(roomId);
    jump();
    onSent();
    void c.send(roomId, body);
  }

  return (
    <form class="composer" onSubmit={(e) => { e.preventDefault(); send(); }}>
      <textarea
        ref={area}
        rows={1}
        value={text}
        placeholder="Write a message"
        aria-label="Message"
        maxLength={MAX}
        onInput={(e) => onInput((e.target as HTMLTextAreaElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            send();
          }
        }}
      />
      <button class="send" type="submit" aria-label="Send" disabled={!text.trim()}>
        <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z" /></svg>
      </button>
    </form>
  );
}
