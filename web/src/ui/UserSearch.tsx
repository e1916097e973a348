import { useEffect, useState } from 'preact/hooks';
import type { User } from '../protocol';
import { Avatar } from './Avatar';
import { client } from './state';

/** Finds people by username prefix; `pick` gets the chosen one. */
export function UserSearch({ pick, label = 'Search people by username', exclude = [] }: { pick: (u: User) => void; label?: string; exclude?: number[] }) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<User[]>([]);
  useEffect(() => {
    const prefix = q.trim().replace(/^@/, '');
    if (!prefix) {
      setFound([]);
      return;
    }
    const t = setTimeout(() => {
      void client.value!.api.searchUsers(prefix, 20).then((us) => {
        client.value!.rememberUsers(us);
        setFound(us.filter((u) => u.id !== client.value!.me?.id && !exclude.includes(u.id)));
      }, () => setFound([]));
    }, 200);
    return () => clearTimeout(t);
  }, [q, exclude.join(',')]);
  return (
    <div class="user-search">
      <input type="search" aria-label={label} placeholder={label} value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
      {found.length > 0 && (
        <ul class="people" aria-label="People found">
          {found.map((u) => (
            <li key={u.id}>
              <button type="button" class="person" onClick={() => { setQ(''); pick(u); }}>
                <Avatar name={u.displayName || u.username} id={u.id} userId={u.id} hasAvatar={u.hasAvatar} size={36} />
                <span><strong>{u.displayName || u.username}</strong><small>@{u.username}</small></span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {q.trim() && found.length === 0 && <p class="muted">Nobody found yet.</p>}
    </div>
  );
}
