import { memo } from 'preact/compat';
import { useEffect, useState } from 'preact/hooks';
import { mutedNow, roomSetting, setRoomNotifications, updateNotifications, type Level } from '../protocol';
import { askNow, DENIED_HELP, notifySettings, notNow, pushStatus, turnOffPush, turnOnPush, useNotify } from './notify';
import { client, errorText, say } from './state';

const LEVELS: Record<Level, string> = { all: 'All messages', mentions: 'Mentions only', none: 'Nothing' };
/** The account default as a room's first choice, short enough for a phone's width. */
const DEFAULTS: Record<Level, string> = { all: 'Default (all)', mentions: 'Default (mentions)', none: 'Default (nothing)' };

/**
 * In the chat list, once the person has opened a chat: "Get notified of new messages?" Memoized (it
 * has no props): the chat list renders with every live batch, the banner only when push state changes.
 */
export const PushBanner = memo(PushBannerView);

function PushBannerView() {
  useNotify();
  const [note, setNote] = useState<string | null>(null);
  // Asked after the first paint: Notification.permission is a synchronous call to the browser
  // process (11 ms in a profile of a reload under load), and the chat list should show first.
  const [painted, setPainted] = useState(false);
  useEffect(() => setPainted(true), []);
  if (!painted) return null;
  if (note) {
    return (
      <div class="push-banner" role="status">
        <p>{note}</p>
        <button class="btn small ghost" onClick={() => setNote(null)}>OK</button>
      </div>
    );
  }
  if (!askNow.value) return null;
  return (
    <section class="push-banner" aria-label="Turn on notifications">
      <BellIcon />
      <p>Get notified of new messages?</p>
      <div class="row-btns">
        <button class="btn small primary" onClick={() => void turnOnPush(client.value!).then(setNote)}>Turn on</button>
        <button class="btn small ghost" onClick={notNow}>Not now</button>
      </div>
    </section>
  );
}

/** Settings → Notifications: the account default, private previews, and push on this device. */
export function NotificationSettingsCard() {
  const s = useNotify();
  const c = client.value!;
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async (patch: { level?: Level; previews?: boolean }) => {
    try {
      notifySettings.value = await updateNotifications(c.api, patch);
      say('Notification settings saved');
    } catch (e) {
      say(errorText(e));
    }
  };
  const status = pushStatus();
  const toggle = async (on: boolean) => {
    setBusy(true);
    try {
      if (on) setNote(await turnOnPush(c));
      else {
        await turnOffPush(c);
        setNote('Notifications are off for this device.');
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card notify-card" aria-labelledby="notify-h">
      <h3 id="notify-h">Notifications</h3>
      {!s ? <p class="muted">Loading…</p> : (
        <>
          <label class="inline">
            Notify me about
            <select value={s.level} onChange={(e) => void save({ level: (e.target as HTMLSelectElement).value as Level })}>
              {(Object.keys(LEVELS) as Level[]).map((l) => <option key={l} value={l}>{LEVELS[l]}</option>)}
            </select>
          </label>
          <label class="check">
            <input type="checkbox" checked={!s.previews} onChange={(e) => void save({ previews: !(e.target as HTMLInputElement).checked })} />
            <span>Private previews<small>Hide the message text in notifications sent to my devices</small></span>
          </label>
        </>
      )}
      <label class="check">
        <input type="checkbox" role="switch" checked={status === 'on'} disabled={busy || status === 'unsupported' || status === 'denied'}
          onChange={(e) => void toggle((e.target as HTMLInputElement).checked)} />
        <span>Notifications on this device<small>{statusText(status)}</small></span>
      </label>
      {note && <p class="note" role="status">{note}</p>}
    </section>
  );
}

function statusText(s: ReturnType<typeof pushStatus>): string {
  switch (s) {
    case 'unsupported': return 'This browser cannot show notifications.';
    case 'denied': return DENIED_HELP;
    case 'on': return 'This browser shows a notification when a message arrives.';
    default: return 'Off. Turning it on asks the browser for permission.';
  }
}

const MUTES: [string, string][] = [['', 'Not muted'], ['3600', 'For 1 hour'], ['28800', 'For 8 hours'], ['86400', 'For 1 day'], ['forever', 'Until I turn it back on']];
/** The server allows a mute of at most a year; "until I turn it back on" is the longest it takes. */
const FOREVER_SECONDS = 365 * 86400;

/** Room info → Notifications: this room's level and mute. */
export function RoomNotifications({ roomId }: { roomId: number }) {
  const s = useNotify();
  const c = client.value!;
  if (!s) return null;
  const r = roomSetting(s, roomId);
  const muted = mutedNow(r);
  const forever = muted && Date.parse(r.mutedUntil!) - Date.now() > 180 * 86400_000;
  const put = async (level: Level | null, mutedUntil: string | null, ok: string) => {
    try {
      const saved = await setRoomNotifications(c.api, roomId, { level, mutedUntil });
      const cur = notifySettings.value ?? s;
      notifySettings.value = { ...cur, rooms: [...cur.rooms.filter((x) => x.roomId !== roomId), saved] };
      say(ok);
    } catch (e) {
      say(errorText(e));
    }
  };
  const mute = (v: string) => {
    if (!v) return put(r.level ?? null, null, 'Notifications unmuted');
    const secs = v === 'forever' ? FOREVER_SECONDS : Number(v);
    return put(r.level ?? null, new Date(Date.now() + secs * 1000).toISOString(), 'Chat muted');
  };
  return (
    <section class="card notify-card" aria-labelledby="room-notify-h">
      <h3 id="room-notify-h">Notifications</h3>
      <label class="inline">
        Notify me about
        <select value={r.level ?? ''} onChange={(e) => { const v = (e.target as HTMLSelectElement).value; void put(v ? (v as Level) : null, muted ? r.mutedUntil! : null, 'Notification level saved'); }}>
          <option value="">{DEFAULTS[s.level]}</option>
          {(Object.keys(LEVELS) as Level[]).map((l) => <option key={l} value={l}>{LEVELS[l]}</option>)}
        </select>
      </label>
      <label class="inline">
        Mute
        <select value={muted ? '__now' : ''} onChange={(e) => void mute((e.target as HTMLSelectElement).value)}>
          {muted && <option value="__now" disabled>{forever ? 'Muted' : `Until ${until(r.mutedUntil!)}`}</option>}
          {MUTES.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
        </select>
      </label>
      {muted && (
        <p class="muted-note">
          <MutedIcon /> {forever ? 'Muted until you turn it back on.' : `Muted until ${until(r.mutedUntil!)}.`}
          <button class="btn small" onClick={() => void mute('')}>Unmute</button>
        </p>
      )}
    </section>
  );
}

/** "14:05" today, "Tue 14:05" within a week, else the date and time. */
function until(iso: string): string {
  const d = new Date(iso);
  const now = new Date();
  const time: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };
  if (d.toDateString() === now.toDateString()) return d.toLocaleTimeString([], time);
  if (d.getTime() - now.getTime() < 6 * 86400_000) return d.toLocaleString([], { weekday: 'short', ...time });
  return d.toLocaleString([], { day: 'numeric', month: 'short', ...time });
}

export function MutedIcon({ label }: { label?: string }) {
  return (
    <svg class="muted-icon" viewBox="0 0 24 24" role={label ? 'img' : undefined} aria-label={label} aria-hidden={label ? undefined : 'true'}>
      <path d="M12 22a2 2 0 0 0 2-2h-4a2 2 0 0 0 2 2Zm6-6V11c0-3.1-1.6-5.6-4.5-6.3V4a1.5 1.5 0 0 0-3 0v.7c-.5.1-1 .3-1.4.5L18 14.1V16ZM4.4 3 3 4.4l3.2 3.2C6.1 8.6 6 9.8 6 11v5l-2 2v1h13.6l2 2 1.4-1.4Z" />
    </svg>
  );
}

function BellIcon() {
  return <svg class="bell" viewBox="0 0 24 24" aria-hidden="true"><path d="M12 22a2 2 0 0 0 2-2h-4a2 2 0 0 0 2 2Zm6-6v-5c0-3.1-1.6-5.6-4.5-6.3V4a1.5 1.5 0 0 0-3 0v.7C7.6 5.4 6 7.9 6 11v5l-2 2v1h16v-1Z" /></svg>;
}
