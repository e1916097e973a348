import { useEffect, useRef, useState } from 'preact/hooks';
import { Pairing, type PairingStarted } from '../protocol';
import { QrCode } from './QrCode';
import { navigate } from './router';
import { client, errorText, signedIn } from './state';

type Phase = 'starting' | 'waiting' | 'scanned' | 'signing' | 'expired' | 'rejected' | 'failed' | 'error';

const ENDED: Record<string, string> = {
  expired: 'This code expired before it was approved.',
  rejected: 'The other device declined this sign-in.',
  failed: 'The check code was entered wrong three times, so this code no longer works.',
};

/** The new device's half of QR-code login: shows a code to approve on a signed-in device, then signs in. */
export function QrLogin({ back }: { back: () => void }) {
  const [phase, setPhase] = useState<Phase>('starting');
  const [started, setStarted] = useState<PairingStarted | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [left, setLeft] = useState(0);
  const [round, setRound] = useState(0);
  const pairing = useRef<Pairing | null>(null);

  useEffect(() => {
    const c = client.value!;
    let over = false;
    const p = new Pairing({
      device: c.deviceName(),
      onFrame: (f) => {
        if (f.type === 'pairing') {
          setStarted(f);
          setPhase('waiting');
        } else if (f.type === 'scanned') {
          setPhase('scanned');
        } else if (f.type === 'approved') {
          over = true;
          setPhase('signing');
          void p.open(f)
            .then((grant) => c.adopt(grant.token))
            .then(() => {
              signedIn.value = true;
              navigate('/', true);
            })
            .catch((e: unknown) => { setError(errorText(e)); setPhase('error'); });
        } else if (f.type === 'ended') {
          over = true;
          setPhase(f.reason === 'rejected' || f.reason === 'failed' ? f.reason : 'expired');
        }
      },
      onClose: () => {
        if (over) return;
        setError(p.started ? 'The connection to the server was lost.' : 'A code could not be made now (too many at once, or the server cannot be reached).');
        setPhase('error');
      },
    });
    pairing.current = p;
    p.start().catch((e: unknown) => { setError(errorText(e)); setPhase('error'); });
    return () => p.stop();
  }, [round]);

  useEffect(() => {
    if (!started) return;
    const tick = () => {
      const s = Math.max(0, Math.ceil((Date.parse(started.expiresAt) - Date.now()) / 1000));
      setLeft(s);
      if (s === 0) setPhase((ph) => (ph === 'waiting' || ph === 'scanned' ? 'expired' : ph));
    };
    tick();
    const t = setInterval(tick, 1000);
    return () => clearInterval(t);
  }, [started]);

  const again = () => {
    setStarted(null);
    setError(null);
    setPhase('starting');
    setRound(round + 1);
  };

  const live = phase === 'waiting' || phase === 'scanned';
  return (
    <section class="qr-login" aria-labelledby="qr-h">
      <h2 id="qr-h">Sign in with another device</h2>
      {phase === 'starting' && <p class="muted">Making a code…</p>}
      {live && started && (
        <>
          <ol class="steps">
            <li>On a device where you are signed in, open <strong>Settings → Link a device</strong>.</li>
            <li>Scan this code, or copy the text below and paste it there.</li>
            <li>When asked, enter the check code shown here.</li>
          </ol>
          <div class="qr-box"><QrCode text={started.qr} label="QR code to sign in on this device" /></div>
          <label class="code-copy">
            Code to paste
            <input readOnly value={started.qr} onFocus={(e) => (e.target as HTMLInputElement).select()} />
          </label>
          <div class="check-code" aria-live="polite">
            <span>Check code</span>
            <output aria-label="Check code">{started.checkCode.slice(0, 3)} {started.checkCode.slice(3)}</output>
          </div>
          <p class={`countdown${left <= 10 ? ' soon' : ''}`} role="timer">
            {phase === 'scanned' ? 'Your other device has the code. Enter the check code there. ' : ''}Expires in {left} s
          </p>
        </>
      )}
      {phase === 'signing' && <p class="muted" role="status">Approved. Signing in…</p>}
      {(phase === 'expired' || phase === 'rejected' || phase === 'failed' || phase === 'error') && (
        <div class="ended" role="alert">
          <p>{phase === 'error' ? error : ENDED[phase]}</p>
          <button class="btn primary" onClick={again}>Get a new code</button>
        </div>
      )}
      <button class="btn ghost wide" onClick={back}>Sign in with a password instead</button>
    </section>
  );
}
