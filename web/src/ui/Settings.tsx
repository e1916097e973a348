import { useEffect, useRef, useState } from 'preact/hooks';
import type { Audience, BlockedUser, Privacy, Session } from '../protocol';
import { Avatar, forgetAvatar } from './Avatar';
import { LinkDevice } from './LinkDevice';
import { NotificationSettingsCard } from './Notifications';
import { pushSignOut } from './notify';
import { shortWhen, timeOf } from './format';
import { Pane } from './Pane';
import { navigate } from './router';
import { client, errorText, say, useOn } from './state';

/** Profile (name, about, avatar), privacy, blocked people, sessions, sign out. */
export function Settings() {
  useOn('users');
  const c = client.value!;
  // the render that follows a sign-out may still reach here before the app switches screens
  const me = c.me ?? { id: 0, username: '', displayName: '' };
  const [name, setName] = useState(me.displayName);
  const [about, setAbout] = useState(me.about ?? '');
  const [privacy, setPrivacy] = useState<Privacy | null>(null);
  const [blocks, setBlocks] = useState<BlockedUser[]>([]);
  const [sessions, setSessions] = useState<Session[]>([]);
  const [avatarKey, setAvatarKey] = useState(0);
  // what the person has typed wins over a fetch that lands after they started typing
  const aboutTyped = useRef(false);

  const reload = () => {
    void c.api.me().then((u) => { c.me = u; if (!aboutTyped.current) setAbout(u.about ?? ''); c.rememberUsers([u]); }, () => undefined);
    void c.api.privacy().then(setPrivacy, () => undefined);
    void c.api.blocks().then(setBlocks, () => undefined);
    void c.api.sessions().then(setSessions, () => undefined);
  };
  useEffect(reload, []);

  const run = async (f: () => Promise<unknown>, ok?: string) => {
    try {
      await f();
      if (ok) say(ok);
    } catch (e) {
      say(errorText(e));
    }
  };

  async function saveProfile(e: Event) {
    e.preventDefault();
    await run(async () => {
      const u = await c.api.updateMe({ displayName: name.trim(), about });
      c.me = u;
      c.rememberUsers([u]);
    }, 'Profile saved');
  }

  async function upload(file: File | undefined) {
    if (!file) return;
    await run(async () => {
      const u = await c.api.uploadAvatar(file);
      c.me = u;
      forgetAvatar(u.id);
      c.rememberUsers([u]);
      setAvatarKey(avatarKey + 1);
    }, 'Picture updated');
  }

  async function removeAvatar() {
    await run(async () => {
      const u = await c.api.deleteAvatar();
      c.me = u;
      forgetAvatar(u.id);
      c.rememberUsers([u]);
      setAvatarKey(avatarKey + 1);
    }, 'Picture removed');
  }

  const setAudience = (k: keyof Privacy, v: Audience) => run(async () => setPrivacy(await c.api.updatePrivacy({ [k]: v })), 'Privacy saved');

  return (
    <Pane title="Profile and settings">
      <form class="card form profile" onSubmit={saveProfile} aria-label="Profile">
        <div class="profile-head">
          <Avatar key={avatarKey} name={me.displayName || me.username} id={me.id} userId={me.id} hasAvatar={me.hasAvatar} size={96} />
          <div>
            <strong class="big">{me.displayName || me.username}</strong>
            <small>@{me.username}</small>
            <div class="row-btns">
              <label class="btn file-btn">Change picture<input type="file" accept="image/png,image/jpeg,image/gif,image/webp" onChange={(e) => void upload((e.target as HTMLInputElement).files?.[0])} /></label>
              {me.hasAvatar && <button type="button" class="btn ghost" onClick={() => void removeAvatar()}>Remove</button>}
            </div>
          </div>
        </div>
        <label>Display name<input maxLength={100} value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} /></label>
        <label>About<textarea rows={3} maxLength={300} value={about} onInput={(e) => { aboutTyped.current = true; setAbout((e.target as HTMLTextAreaElement).value); }} /></label>
        <button class="btn primary" type="submit">Save profile</button>
      </form>

      <section class="card" aria-labelledby="privacy-h">
        <h3 id="privacy-h">Privacy</h3>
        {privacy && (['avatar', 'about', 'lastSeen'] as const).map((k) => (
          <label class="inline" key={k}>
            {k === 'avatar' ? 'Who sees my picture' : k === 'about' ? 'Who sees my about' : 'Who sees my last seen and online'}
            <select value={privacy[k]} onChange={(e) => void setAudience(k, (e.target as HTMLSelectElement).value as Audience)}>
              <option value="everyone">Everyone</option>
              <option value="contacts">People I chat with</option>
              <option value="nobody">Nobody</option>
            </select>
          </label>
        ))}
      </section>

      <NotificationSettingsCard />

      <section class="card" aria-labelledby="blocked-h">
        <h3 id="blocked-h">Blocked people</h3>
        {blocks.length === 0 ? <p class="muted">You have not blocked anyone.</p> : (
          <ul class="plain">
            {blocks.map((b) => (
              <li key={b.userId} class="row">
                <span class="grow">{b.displayName} <small>@{b.username}</small></span>
                <button class="btn" onClick={() => void run(async () => { await c.api.unblock(b.userId); reload(); }, 'Unblocked')}>Unblock</button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section class="card" aria-labelledby="sessions-h">
        <h3 id="sessions-h">Devices signed in</h3>
        <ul class="plain sessions">
          {sessions.map((s) => (
            <li key={s.id} class="row" data-session={s.id}>
              <span class="grow">
                <strong>{s.device || 'Unknown device'}</strong>
                {s.current && <span class="tag">This device</span>}
                <small>Last active {lastActive(s.lastUsedAt)}</small>
              </span>
              {!s.current && <button class="btn danger" onClick={() => void run(async () => { await c.api.revokeSession(s.id); reload(); }, 'Device signed out')}>Sign out device</button>}
            </li>
          ))}
        </ul>
      </section>

      <LinkDevice />

      <button class="btn danger wide" onClick={() => void pushSignOut(c).then(() => c.logout()).then(() => navigate('/', true))}>Sign out</button>
    </Pane>
  );
}

/** "05:42 AM" today, "Mon 05:42 AM" or "3 Dec 05:42 AM" before: the time once. */
function lastActive(iso: string): string {
  const when = shortWhen(iso);
  const time = timeOf(iso);
  return when === time ? time : `${when} ${time}`;
}
