import { useEffect, useState } from 'preact/hooks';
import type { InvitePreview } from '../protocol';
import { Auth } from './Auth';
import { Avatar } from './Avatar';
import { navigate } from './router';
import { client, errorText, signedIn, useOn } from './state';
import { Text } from './Text';

/** /join/CODE: what the link leads to, then join (signing in first when needed). */
export function Join({ code }: { code: string }) {
  useOn('signedIn');
  const c = client.value!;
  const [preview, setPreview] = useState<InvitePreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!signedIn.value) return;
    void c.api.invitePreview(code).then(setPreview, (e) => setError(errorText(e)));
  }, [code, signedIn.value]);

  if (!signedIn.value) return <Auth note="Sign in or create an account to see this invitation." />;

  async function join() {
    setBusy(true);
    try {
      const room = await c.api.joinInvite(code);
      await c.addRoom(room.id);
      navigate(`/room/${room.id}`, true);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="page join" aria-label="Invitation">
      <div class="card invite-card">
        {error ? (
          <>
            <h2>This invitation cannot be used</h2>
            <p class="error" role="alert">{error}</p>
            <button class="btn" onClick={() => navigate('/')}>Go to chats</button>
          </>
        ) : !preview ? (
          <p class="muted">Loading invitation…</p>
        ) : (
          <>
            <Avatar name={preview.name ?? '?'} id={preview.roomId} size={96} />
            <h2><Text text={preview.name ?? 'A chat'} /></h2>
            <p class="muted">{preview.kind === 'channel' ? 'Channel' : 'Group'} · {preview.memberCount} members</p>
            {preview.description && <p class="desc"><Text text={preview.description} /></p>}
            <button class="btn primary" disabled={busy} onClick={() => void join()}>Join {preview.kind}</button>
          </>
        )}
      </div>
    </section>
  );
}
