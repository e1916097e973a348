import { useEffect, useState } from 'preact/hooks';
import type { Room } from '../protocol';
import { Avatar } from './Avatar';
import { Pane } from './Pane';
import { navigate } from './router';
import { client, errorText, say } from './state';
import { Text } from './Text';

/** Public rooms: search and join. */
export function Directory() {
  const c = client.value!;
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Room[] | null>(null);
  useEffect(() => {
    const t = setTimeout(() => void c.api.directory(q.trim(), 50).then(setFound, (e) => say(errorText(e))), 200);
    return () => clearTimeout(t);
  }, [q]);

  async function join(r: Room) {
    try {
      if (!c.roomEntry(r.id) || c.roomEntry(r.id)!.gone) await c.api.join(r.id);
      await c.addRoom(r.id);
      navigate(`/room/${r.id}`);
    } catch (e) {
      say(errorText(e));
    }
  }

  return (
    <Pane title="Public rooms">
      <input type="search" class="wide-input" aria-label="Search public rooms" placeholder="Search public rooms" value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
      {found === null ? <p class="muted">Loading…</p> : found.length === 0 ? <p class="muted">No public room matches.</p> : (
        <ul class="rooms-found">
          {found.map((r) => {
            const member = !!c.roomEntry(r.id) && !c.roomEntry(r.id)!.gone;
            return (
              <li key={r.id} class="card row">
                <Avatar name={r.name ?? '?'} id={r.id} />
                <span class="grow">
                  <strong><Text text={r.name ?? ''} /></strong>
                  <small>{r.kind === 'channel' ? 'Channel' : 'Group'} · {r.memberCount ?? 0} members</small>
                  {r.description && <span class="desc"><Text text={r.description} /></span>}
                </span>
                <button class="btn" onClick={() => void join(r)}>{member ? 'Open' : 'Join'}</button>
              </li>
            );
          })}
        </ul>
      )}
    </Pane>
  );
}
