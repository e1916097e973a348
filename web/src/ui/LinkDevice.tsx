import { useEffect, useRef, useState } from 'preact/hooks';
import { approvePairing, ConfabError, inspectPairing, parsePairingCode, rejectPairing, type PairingRequester } from '../protocol';
import { timeOf } from './format';
import { client, errorText, say } from './state';

function pairingError(e: unknown): string {
  if (e instanceof ConfabError && e.code === 'pairing_not_found') return 'This code has expired or was already used. Ask the new device for a new code.';
  if (e instanceof ConfabError && e.code === 'pairing_code_mismatch') return 'That is not the check code the new device shows. After three wrong codes the sign-in is cancelled.';
  return errorText(e);
}

interface Detector { detect(source: CanvasImageSource): Promise<{ rawValue: string }[]> }
type DetectorClass = new (o: { formats: string[] }) => Detector;
const detectorClass = (): DetectorClass | undefined => (globalThis as unknown as { BarcodeDetector?: DetectorClass }).BarcodeDetector;

/** Settings → Link a device: paste (or scan) the new device's code, check who asks, confirm with its check code. */
export function LinkDevice() {
  const c = client.value!;
  const [code, setCode] = useState('');
  const [req, setReq] = useState<PairingRequester | null>(null);
  const [check, setCheck] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [scanning, setScanning] = useState(false);

  const reset = () => { setReq(null); setCheck(''); setCode(''); setError(null); };

  async function lookUp(text: string) {
    setError(null);
    const parsed = parsePairingCode(text);
    if (!parsed) {
      setError('That is not a sign-in code. It starts with “confab-pair:”.');
      return;
    }
    setBusy(true);
    try {
      const r = await inspectPairing(c.api, parsed.pairingId);
      // the code's key must be the one the server holds for this pairing, or someone swapped it
      if (r.publicKey !== parsed.key) {
        setError('This code does not match the device that asked. Do not approve it.');
        return;
      }
      setReq(r);
    } catch (e) {
      setError(pairingError(e));
    } finally {
      setBusy(false);
    }
  }

  async function approve(e: Event) {
    e.preventDefault();
    if (!req) return;
    setBusy(true);
    setError(null);
    try {
      await approvePairing(c.api, req.pairingId, check.replace(/\s/g, ''));
      say(`${req.device} is signed in`);
      reset();
    } catch (err) {
      setError(pairingError(err));
      if (err instanceof ConfabError && err.code === 'pairing_not_found') setReq(null);
    } finally {
      setBusy(false);
    }
  }

  async function decline() {
    if (!req) return;
    try {
      await rejectPairing(c.api, req.pairingId);
      say('Sign-in declined');
    } catch (e) {
      say(pairingError(e));
    }
    reset();
  }

  return (
    <section class="card link-device" aria-labelledby="link-h">
      <h3 id="link-h">Link a device</h3>
      {!req ? (
        <form key="paste" class="form" onSubmit={(e) => { e.preventDefault(); void lookUp(code); }}>
          <p class="muted">On the new device choose “Sign in with another device”, then scan its QR code or paste the code it shows.</p>
          <label>Code from the new device
            <input value={code} placeholder="confab-pair:…" autoComplete="off" spellcheck={false} onInput={(e) => setCode((e.target as HTMLInputElement).value)} />
          </label>
          {error && <p class="error" role="alert">{error}</p>}
          <div class="row-btns">
            <button class="btn primary" type="submit" disabled={busy || !code.trim()}>Continue</button>
            {detectorClass() && <button class="btn" type="button" onClick={() => setScanning(!scanning)}>{scanning ? 'Stop camera' : 'Scan with camera'}</button>}
          </div>
          {scanning && <Scanner onCode={(t) => { setScanning(false); setCode(t); void lookUp(t); }} onError={(m) => { setScanning(false); setError(m); }} />}
        </form>
      ) : (
        <form key="approve" class="form approve" onSubmit={approve} aria-label="Approve the new device">
          <p class="warn">Approve only a device you are holding yourself. Anyone you approve can read and send your messages.</p>
          <dl class="requester">
            <dt>Device</dt><dd data-field="device">{req.device}</dd>
            <dt>Address</dt><dd data-field="address">{req.address}</dd>
            <dt>Browser</dt><dd class="ua">{req.userAgent || 'unknown'}</dd>
            <dt>Code expires</dt><dd>{timeOf(req.expiresAt)}</dd>
          </dl>
          <label>Check code shown on the new device
            <input inputMode="numeric" autoComplete="one-time-code" maxLength={7} pattern="[0-9 ]{6,7}" required value={check}
              onInput={(e) => setCheck((e.target as HTMLInputElement).value)} />
          </label>
          {error && <p class="error" role="alert">{error}</p>}
          <div class="row-btns">
            <button class="btn primary" type="submit" disabled={busy}>Approve sign-in</button>
            <button class="btn danger" type="button" onClick={() => void decline()}>Decline</button>
          </div>
        </form>
      )}
    </section>
  );
}

/** Camera scanning, where the browser has BarcodeDetector (pasting always works without it). */
function Scanner({ onCode, onError }: { onCode: (text: string) => void; onError: (message: string) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const Det = detectorClass();
    if (!Det) return;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setInterval> | undefined;
    let done = false;
    const detector = new Det({ formats: ['qr_code'] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } }).then(async (s) => {
      stream = s;
      if (done) return s.getTracks().forEach((t) => t.stop());
      video.current!.srcObject = s;
      await video.current!.play();
      timer = setInterval(() => {
        void detector.detect(video.current!).then((found) => {
          const hit = found.find((f) => parsePairingCode(f.rawValue));
          if (hit && !done) { done = true; onCode(hit.rawValue); }
        }, () => undefined);
      }, 300);
    }, () => onError('The camera could not be opened. Paste the code instead.'));
    return () => {
      done = true;
      clearInterval(timer);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, []);
  return <video class="scanner" ref={video} muted playsInline aria-label="Camera view for scanning the code" />;
}
