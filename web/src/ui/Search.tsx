import { useEffect, useRef, useState } from 'preact/hooks';
import type { SearchHit } from '../protocol';
import { Avatar } from './Avatar';
import { shortWhen } from './format';
import { roomTitle, userName } from './names';
import { Pane } from './Pane';
import { navigate } from './router';
import { client, errorText, focus, useOn } from './state';

const DEBOUNCE_MS = 250;

/** The matched parts of a snippet as <mark>, the rest as text: offsets from the server, never markup. */
export function Snippet({ text, highlights }: SearchHit['snippet']) {
  const parts = [];
  let at = 0;
  for (const [start, end] of [...highlights].sort((a, b) => a[0] - b[0])) {
    if (start < at) continue;
    if (start > at) parts.push(text.slice(at, start));
    parts.push(<mark key={start}>{text.slice(start, end)}</mark>);
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <span class="snippet">{parts}</span>;
}

/** Full-text search over what I may read, in one room or across all of them; a hit opens the conversation there. */
export function Search({ roomId }: { roomId?: number }) {
  useOn('rooms', 'users');
  const c = client.value!;
  const [q, setQ] = useState('');
  const [order, setOrder] = useState<'recent' | 'relevance'>('recent');
  const [anywhere, setAnywhere] = useState(false);
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [next, setNext] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const asked = useRef(0);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const query = (cursor?: string) => ({ q: q.trim(), roomId, order, match: anywhere ? ('substring' as const) : ('word' as const), cursor });

  useEffect(() => {
    if (!q.trim()) {
      setHits(null);
      setError(null);
      return;
    }
    const n = ++asked.current;
    const t = setTimeout(() => {
      setBusy(true);
      void c.api.search(query()).then(
        (p) => {
          if (n !== asked.current) return; // a newer query is on its way
          setHits(p.hits);
          setNext(p.next);
          setError(null);
        },
        (e) => n === asked.current && (setError(errorText(e)), setHits(null)),
      ).finally(() => n === asked.current && setBusy(false));
    }, DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [q, order, anywhere, roomId]);

  async function more() {
    const n = asked.current;
    try {
      const p = await c.api.search(query(next));
      if (n !== asked.current) return;
      setHits((h) => [...(h ?? []), ...p.hits]);
      setNext(p.next);
    } catch (e) {
      setError(errorText(e));
    }
  }

  function open(h: SearchHit) {
    focus.value = { roomId: h.message.roomId, seq: h.message.seq };
    navigate(`/room/${h.message.roomId}`);
  }

  const entry = roomId !== undefined ? c.roomEntry(roomId) : undefined;
  const where = entry ? `in ${roomTitle(entry)}` : 'in all chats';
  return (
    <Pane title={`Search ${where}`} back={roomId !== undefined ? `/room/${roomId}` : '/'}>
      <div class="card search-form">
        <input ref={input} type="search" class="wide-input" aria-label={`Search messages ${where}`} placeholder="Words, names, numbers…" maxLength={200}
          value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} aria-describedby={error ? 'search-error' : undefined} />
        <div class="row-btns">
          <label class="inline">Sort
            <select value={order} onChange={(e) => setOrder((e.target as HTMLSelectElement).value as 'recent' | 'relevance')}>
              <option value="recent">Newest first</option>
              <option value="relevance">Best match</option>
            </select>
          </label>
          <label class="check"><input type="checkbox" checked={anywhere} onChange={(e) => setAnywhere((e.target as HTMLInputElement).checked)} /> Match inside words</label>
        </div>
        {error && <p id="search-error" class="error" role="alert">{error}</p>}
      </div>
      {hits === null ? (
        !error && <p class="muted">{busy ? 'Searching…' : 'Type to search the messages you can read.'}</p>
      ) : hits.length === 0 ? (
        <p class="muted" role="status">No message matches “{q.trim()}”.</p>
      ) : (
        <ul class="plain hits" aria-label={`${hits.length}${next ? '+' : ''} results`}>
          {hits.map((h) => {
            const room = c.roomEntry(h.message.roomId);
            return (
              <li key={h.message.id}>
                <button type="button" class="hit card" onClick={() => open(h)}>
                  <Avatar name={userName(h.message.senderId)} id={h.message.senderId} userId={h.message.senderId} hasAvatar={c.user(h.message.senderId)?.hasAvatar} size={32} />
                  <span class="grow">
                    <span class="hit-head">
                      <strong>{userName(h.message.senderId)}</strong>
                      {roomId === undefined && room && <span class="muted"> in {roomTitle(room)}</span>}
                      <time dateTime={h.message.createdAt}>{shortWhen(h.message.createdAt)}</time>
                    </span>
                    <Snippet {...h.snippet} />
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {next && hits && <button class="btn" onClick={() => void more()}>More results</button>}
    </Pane>
  );
}
