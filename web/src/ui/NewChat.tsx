import { useState } from 'preact/hooks';
import type { User } from '../protocol';
import { Pane } from './Pane';
import { navigate } from './router';
import { client, errorText, say } from './state';
import { UserSearch } from './UserSearch';

/** Start a direct chat with someone, or create a group or channel with members. */
export function NewChat() {
  const c = client.value!;
  const [tab, setTab] = useState<'direct' | 'group' | 'channel'>('direct');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [isPublic, setPublic] = useState(false);
  const [members, setMembers] = useState<User[]>([]);
  const [error, setError] = useState<string | null>(null);

  async function direct(u: User) {
    try {
      const room = await c.api.direct(u.id);
      await c.addRoom(room.id);
      navigate(`/room/${room.id}`);
    } catch (e) {
      say(errorText(e));
    }
  }

  async function create(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      const room = await c.api.createRoom({
        name: name.trim(), description: description.trim() || undefined, kind: tab === 'channel' ? 'channel' : 'group',
        visibility: isPublic ? 'public' : 'private', memberIds: members.map((m) => m.id),
      });
      await c.addRoom(room.id);
      navigate(`/room/${room.id}`);
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <Pane title="New chat">
      <div class="tabs" role="tablist" aria-label="Kind of chat">
        {(['direct', 'group', 'channel'] as const).map((t) => (
          <button key={t} role="tab" aria-selected={tab === t} onClick={() => setTab(t)}>{t === 'direct' ? 'Direct message' : t === 'group' ? 'Group' : 'Channel'}</button>
        ))}
      </div>
      {tab === 'direct' ? (
        <div role="tabpanel" class="card">
          <p class="muted">Find someone by their username to message them.</p>
          <UserSearch pick={(u) => void direct(u)} />
        </div>
      ) : (
        <form role="tabpanel" class="card form" onSubmit={create}>
          <label>Name<input required maxLength={100} value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} /></label>
          <label>Description <span class="opt">(optional)</span><textarea rows={2} value={description} onInput={(e) => setDescription((e.target as HTMLTextAreaElement).value)} /></label>
          <label class="check"><input type="checkbox" checked={isPublic} onChange={(e) => setPublic((e.target as HTMLInputElement).checked)} /> Public: listed in the directory, anyone can join</label>
          <fieldset>
            <legend>Members</legend>
            {members.length > 0 && (
              <ul class="chips" aria-label="Chosen members">
                {members.map((m) => (
                  <li key={m.id}>{m.displayName || m.username} <button type="button" aria-label={`Remove ${m.displayName || m.username}`} onClick={() => setMembers(members.filter((x) => x.id !== m.id))}>×</button></li>
                ))}
              </ul>
            )}
            <UserSearch label="Add people by username" exclude={members.map((m) => m.id)} pick={(u) => setMembers([...members, u])} />
          </fieldset>
          {tab === 'channel' && <p class="muted">In a channel only owners and admins post; everyone else reads.</p>}
          {error && <p class="error" role="alert">{error}</p>}
          <button class="btn primary" type="submit">Create {tab}</button>
        </form>
      )}
    </Pane>
  );
}
