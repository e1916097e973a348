import { useEffect, useState } from 'preact/hooks';
import type { Ban, Invite, Message, Role, RoomDetails } from '../protocol';
import { Avatar } from './Avatar';
import { describe, grantable, lastSeen, may, outranks, shortWhen } from './format';
import { roomTitle, userName } from './names';
import { RoomNotifications } from './Notifications';
import { Pane } from './Pane';
import { navigate } from './router';
import { client, errorText, roomChanged, say, useOn } from './state';
import { Text } from './Text';
import { UserSearch } from './UserSearch';

const ROLES: Record<Role, string> = { owner: 'Owner', admin: 'Admin', moderator: 'Moderator', member: 'Member', readonly: 'Read-only' };

/** Room info: members and roles, and the admin controls my role allows (docs/permissions.md); others are not shown. */
export function RoomInfo({ roomId }: { roomId: number }) {
  useOn('rooms', 'users', 'presence', 'room');
  const c = client.value!;
  const entry = c.roomEntry(roomId);
  const [d, setD] = useState<RoomDetails | null>(null);
  const [bans, setBans] = useState<Ban[]>([]);
  const [invites, setInvites] = useState<Invite[]>([]);
  const [pins, setPins] = useState<Message[]>([]);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const me = c.me?.id ?? 0;
  const myRole = d?.members.find((m) => m.userId === me)?.role;
  const kind = d?.room.kind ?? entry?.room.kind ?? 'group';
  const can = (a: Parameters<typeof may>[2]) => may(kind, myRole, a);

  const load = async () => {
    try {
      const details = await c.details(roomId);
      setD(details);
      const role = details.members.find((m) => m.userId === me)?.role;
      const k = details.room.kind;
      if (may(k, role, 'ban')) setBans(await c.api.bans(roomId)); else setBans([]);
      if (may(k, role, 'manage_invites')) setInvites((await c.api.invites(roomId)).filter((i) => !i.revokedAt)); else setInvites([]);
      const pinned: Message[] = [];
      for (const seq of details.pinned) {
        const p = await c.api.history(roomId, { after: seq - 1, limit: 1 });
        if (p.messages[0]?.seq === seq) pinned.push(p.messages[0]);
      }
      setPins(pinned);
    } catch (e) {
      setError(errorText(e));
    }
  };
  useEffect(() => void load(), [roomId, roomChanged.value]);

  const run = async (f: () => Promise<unknown>, ok?: string) => {
    try {
      await f();
      if (ok) say(ok);
      await load();
    } catch (e) {
      say(errorText(e));
    }
  };

  if (error) return <Pane title="Chat info" back={`/room/${roomId}`}><p class="error" role="alert">{error}</p></Pane>;
  if (!d || !entry) return <Pane title="Chat info" back={`/room/${roomId}`}><p class="muted">Loading…</p></Pane>;

  const title = roomTitle(entry);
  const peer = kind === 'direct' ? d.members.find((m) => m.userId !== me) : undefined;
  const peerUser = peer ? c.user(peer.userId) : undefined;
  const origin = location.origin;

  return (
    <Pane title="Chat info" back={`/room/${roomId}`}>
      <div class="card info-head">
        <Avatar name={title} id={peer ? peer.userId : roomId} userId={peer?.userId} hasAvatar={peerUser?.hasAvatar} size={96} />
        <h3><Text text={title} /></h3>
        {peer ? (
          <>
            <p class="muted">@{peerUser?.username} · {c.presence(peer.userId)?.online ? 'online' : lastSeen(c.presence(peer.userId)?.lastSeenAt ?? peerUser?.lastSeenAt)}</p>
            {peerUser?.about && <p class="desc"><Text text={peerUser.about} /></p>}
            <button class="btn danger" onClick={() => confirm(`Block ${title}? Neither of you can post here then.`) && void run(() => c.api.block(peer.userId), 'Blocked')}>Block</button>
          </>
        ) : (
          <>
            <p class="muted">{kind === 'channel' ? 'Channel' : 'Group'} · {d.room.visibility === 'public' ? 'Public' : 'Private'} · {d.room.memberCount ?? d.members.length} members</p>
            {d.room.description && <p class="desc"><Text text={d.room.description} /></p>}
            {can('edit_info') && !editing && <button class="btn" onClick={() => setEditing(true)}>Edit</button>}
          </>
        )}
      </div>

      <RoomNotifications roomId={roomId} />

      {editing && <EditRoom d={d} done={() => { setEditing(false); void load(); }} />}

      {pins.length > 0 && (
        <section class="card" aria-labelledby="pins-h">
          <h3 id="pins-h">Pinned</h3>
          <ul class="plain">
            {pins.map((m) => (
              <li key={m.seq} class="row">
                <span class="grow"><small>{userName(m.senderId)} · {shortWhen(m.createdAt)}</small><Text text={describe(m, userName, me)} /></span>
                {can('pin') && <button class="btn" onClick={() => void run(() => c.api.unpin(roomId, m.seq), 'Unpinned')}>Unpin</button>}
              </li>
            ))}
          </ul>
        </section>
      )}

      {kind !== 'direct' && (
        <section class="card" aria-labelledby="members-h">
          <h3 id="members-h">Members</h3>
          {can('invite') && <UserSearch label="Add people by username" exclude={d.members.map((m) => m.userId)} pick={(u) => void run(() => c.api.addMembers(roomId, [u.id]), `${u.displayName || u.username} added`)} />}
          <ul class="plain members">
            {d.members.map((m) => {
              const u = c.user(m.userId);
              const name = userName(m.userId);
              const over = m.userId !== me && outranks(myRole, m.role);
              const roles = grantable(myRole);
              return (
                <li key={m.userId} class="row member" data-user={m.userId}>
                  <Avatar name={name} id={m.userId} userId={m.userId} hasAvatar={u?.hasAvatar} size={36} online={c.presence(m.userId)?.online} />
                  <span class="grow"><strong>{name}{m.userId === me ? ' (you)' : ''}</strong><small>{u ? '@' + u.username : ''}</small></span>
                  {can('change_roles') && over ? (
                    <select aria-label={`Role of ${name}`} value={m.role} onChange={(e) => void run(() => c.api.setRole(roomId, m.userId, (e.target as HTMLSelectElement).value), 'Role changed')}>
                      {[m.role, ...roles.filter((r) => r !== m.role)].map((r) => <option key={r} value={r}>{ROLES[r]}</option>)}
                    </select>
                  ) : (
                    <span class={`role ${m.role}`}>{ROLES[m.role]}</span>
                  )}
                  {can('remove') && over && <button class="btn small" onClick={() => void run(() => c.api.removeMember(roomId, m.userId), `${name} removed`)}>Remove</button>}
                  {can('ban') && over && <button class="btn small danger" onClick={() => void run(() => c.api.ban(roomId, m.userId), `${name} banned`)}>Ban</button>}
                </li>
              );
            })}
          </ul>
        </section>
      )}

      {can('ban') && bans.length > 0 && (
        <section class="card" aria-labelledby="bans-h">
          <h3 id="bans-h">Banned</h3>
          <ul class="plain">
            {bans.map((b) => (
              <li key={b.userId} class="row">
                <span class="grow">{userName(b.userId)} <small>since {shortWhen(b.bannedAt)}</small></span>
                <button class="btn" onClick={() => void run(() => c.api.unban(roomId, b.userId), 'Unbanned')}>Unban</button>
              </li>
            ))}
          </ul>
        </section>
      )}

      {can('manage_invites') && <Invites roomId={roomId} invites={invites} origin={origin} run={run} />}

      {kind !== 'direct' && (
        <button class="btn danger wide" onClick={() => confirm('Leave this chat?') && void run(async () => {
          await c.api.leave(roomId);
          await c.dropRoom(roomId);
          navigate('/', true);
        })}>Leave {kind}</button>
      )}
    </Pane>
  );
}

function EditRoom({ d, done }: { d: RoomDetails; done: () => void }) {
  const c = client.value!;
  const [name, setName] = useState(d.room.name ?? '');
  const [description, setDescription] = useState(d.room.description ?? '');
  const [visibility, setVisibility] = useState(d.room.visibility ?? 'private');
  const [history, setHistory] = useState(d.room.history ?? 'all');
  const [error, setError] = useState<string | null>(null);
  async function save(e: Event) {
    e.preventDefault();
    try {
      await c.api.editRoom(d.room.id, { name: name.trim(), description, visibility, history });
      await c.addRoom(d.room.id);
      done();
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <form class="card form" onSubmit={save} aria-label="Edit chat">
      <label>Name<input required maxLength={100} value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} /></label>
      <label>Description<textarea rows={2} value={description} onInput={(e) => setDescription((e.target as HTMLTextAreaElement).value)} /></label>
      <label class="inline">Visibility
        <select value={visibility} onChange={(e) => setVisibility((e.target as HTMLSelectElement).value as 'public' | 'private')}>
          <option value="private">Private</option><option value="public">Public (in the directory)</option>
        </select>
      </label>
      <label class="inline">New members see
        <select value={history} onChange={(e) => setHistory((e.target as HTMLSelectElement).value as 'all' | 'joined')}>
          <option value="all">All history</option><option value="joined">Messages since they joined</option>
        </select>
      </label>
      {error && <p class="error" role="alert">{error}</p>}
      <div class="row-btns"><button class="btn primary" type="submit">Save</button><button class="btn ghost" type="button" onClick={done}>Cancel</button></div>
    </form>
  );
}

function Invites({ roomId, invites, origin, run }: { roomId: number; invites: Invite[]; origin: string; run: (f: () => Promise<unknown>, ok?: string) => Promise<void> }) {
  const c = client.value!;
  const [expiry, setExpiry] = useState('86400');
  const [uses, setUses] = useState('');
  const copy = (code: string) => void navigator.clipboard?.writeText(`${origin}/join/${code}`).then(() => undefined, () => undefined);
  return (
    <section class="card" aria-labelledby="invites-h">
      <h3 id="invites-h">Invite links</h3>
      <form class="row invite-form" onSubmit={(e) => { e.preventDefault(); void run(async () => {
        const inv = await c.api.createInvite(roomId, { expiresInSeconds: expiry ? Number(expiry) : undefined, maxUses: uses ? Number(uses) : undefined });
        copy(inv.code);
      }, 'Invite link created and copied'); }}>
        <label class="inline">Expires
          <select value={expiry} onChange={(e) => setExpiry((e.target as HTMLSelectElement).value)}>
            <option value="3600">in 1 hour</option><option value="86400">in 1 day</option><option value="604800">in 7 days</option><option value="">never</option>
          </select>
        </label>
        <label class="inline">Max uses<input type="number" min={1} inputMode="numeric" placeholder="∞" value={uses} onInput={(e) => setUses((e.target as HTMLInputElement).value)} /></label>
        <button class="btn primary" type="submit">Create link</button>
      </form>
      <ul class="plain invites">
        {invites.map((i) => (
          <li key={i.code} class="row">
            <span class="grow"><code>{origin}/join/{i.code}</code><small>{i.uses}{i.maxUses ? `/${i.maxUses}` : ''} uses{i.expiresAt ? ` · expires ${shortWhen(i.expiresAt)}` : ''}</small></span>
            <button class="btn small" onClick={() => { copy(i.code); say('Link copied'); }}>Copy</button>
            <button class="btn small danger" onClick={() => void run(() => c.api.revokeInvite(roomId, i.code), 'Link revoked')}>Revoke</button>
          </li>
        ))}
      </ul>
    </section>
  );
}
