import { useState } from 'preact/hooks';
import { QrLogin } from './QrLogin';
import { client, errorText, signedIn } from './state';

/** Sign in, or create an account. */
export function Auth({ note }: { note?: string }) {
  const [mode, setMode] = useState<'in' | 'up'>('in');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [qr, setQr] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const c = client.value!;
      if (mode === 'in') await c.login(username.trim(), password);
      else await c.signup(username.trim(), password, name.trim());
      signedIn.value = true;
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="auth">
      <div class="auth-card">
        <div class="brand">
          <svg viewBox="0 0 64 64" aria-hidden="true"><rect width="64" height="64" rx="16" fill="currentColor" /><path d="M16 22a8 8 0 0 1 8-8h16a8 8 0 0 1 8 8v12a8 8 0 0 1-8 8H30l-9 8v-8h1a6 6 0 0 1-6-6z" fill="#fff" /></svg>
          <h1>Confab</h1>
        </div>
        {qr ? <QrLogin back={() => setQr(false)} /> : <>
        <p class="tagline">{note ?? (mode === 'in' ? 'Welcome back. Sign in to your chats.' : 'Create your account to start chatting.')}</p>
        <div class="tabs" role="tablist" aria-label="Account">
          <button role="tab" id="tab-in" aria-selected={mode === 'in'} aria-controls="auth-form" onClick={() => setMode('in')}>Sign in</button>
          <button role="tab" id="tab-up" aria-selected={mode === 'up'} aria-controls="auth-form" onClick={() => setMode('up')}>Create account</button>
        </div>
        <form id="auth-form" role="tabpanel" aria-labelledby={mode === 'in' ? 'tab-in' : 'tab-up'} onSubmit={submit}>
          <label>
            Username
            <input name="username" autoComplete="username" required value={username} onInput={(e) => setUsername((e.target as HTMLInputElement).value)} />
          </label>
          {mode === 'up' && (
            <label>
              Display name <span class="opt">(optional)</span>
              <input name="displayName" autoComplete="name" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
            </label>
          )}
          <label>
            Password
            <input name="password" type="password" autoComplete={mode === 'in' ? 'current-password' : 'new-password'} required minLength={mode === 'up' ? 8 : undefined}
              value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
          </label>
          {error && <p class="error" role="alert">{error}</p>}
          <button class="btn primary wide" type="submit" disabled={busy}>{busy ? 'Please wait…' : mode === 'in' ? 'Sign in' : 'Create account'}</button>
        </form>
        <div class="or"><span>or</span></div>
        <button class="btn wide" type="button" onClick={() => setQr(true)}>Sign in with another device</button>
        </>}
      </div>
    </main>
  );
}
