import { memo } from 'preact/compat';
import { useState } from 'preact/hooks';
import { deliveryOf, readersOf, type Message, type Quote, type Receipt } from '../protocol';
import { Avatar } from './Avatar';
import { shortWhen, timeOf } from './format';
import { Forward } from './Forward';
import { MediaView } from './Media';
import { userName } from './names';
import { ReactionPicker, Reactions } from './Reactions';
import { client, compose, errorText, focus, say } from './state';
import { Text, type MentionNames } from './Text';

export interface BubbleRights {
  /** I may post here: reply and forward into this room make sense. */
  post: boolean;
  delete: boolean;
  pin: boolean;
  react: boolean;
}

export interface BubbleProps {
  m: Message;
  mine: boolean;
  grouped: boolean;
  showName: boolean;
  /** Others' read cursors; only my own messages use them (for ticks), so others' bubbles get one shared empty list. */
  others: Receipt[];
  /** One object per combination (see Conversation's rightsFor), so an unchanged bubble's props compare equal. */
  rights: BubbleRights;
  pinned: boolean;
  group: boolean;
  /** The client's users version: names, avatars and mentions read the user cache, so a bubble renders again when it changes. */
  names: number;
}

/**
 * One message people wrote: its quote or forward label, text, reactions, time, ticks, and what I may do with it.
 * Memoized: a live batch renders the list again, and only the bubbles whose props changed (new, edited,
 * reacted, their ticks) do work; everything a bubble shows comes from its props or its own state.
 */
export const Bubble = memo(BubbleView);

function BubbleView({ m, mine, grouped, showName, others, rights, pinned, group }: BubbleProps) {
  const c = client.value!;
  const [menu, setMenu] = useState(false);
  const [picking, setPicking] = useState(false);
  const [forwarding, setForwarding] = useState(false);
  const [who, setWho] = useState(false);
  const deleted = m.kind === 'deleted';
  const state = mine ? deliveryOf(m, others) : null;
  const readers = mine && group ? readersOf(m, others) : [];
  const sender = c.user(m.senderId);
  const forwarded = m.data?.forwarded;
  const media = deleted ? undefined : m.data?.media;
  // a caption is edited like a text (the server allows it); a forward is not mine to edit
  const canEdit = mine && !deleted && (m.kind === 'text' || !!media) && !forwarded;
  const act = async (f: () => Promise<unknown>) => {
    setMenu(false);
    try {
      await f();
    } catch (e) {
      say(errorText(e));
    }
  };
  const react = (emoji: string, add: boolean) => act(() => c.react(m.roomId, m.seq, emoji, add));
  return (
    <div class={`msg${mine ? ' mine' : ''}${grouped ? ' grouped' : ''}`} data-seq={m.seq}>
      {!mine && showName && (grouped ? <span class="avatar-gap" /> : <Avatar name={userName(m.senderId)} id={m.senderId} userId={m.senderId} hasAvatar={sender?.hasAvatar} size={32} />)}
      <div class="bubble-col">
        <div class={`bubble${deleted ? ' deleted' : ''}${media ? ` has-media ${media.kind}` : ''}`}>
          {!mine && showName && !grouped && <span class={`sender h${(Math.abs(m.senderId * 2654435761) % 8) + 1}`}>{userName(m.senderId)}</span>}
          {pinned && <span class="pin-mark" aria-label="Pinned">📌</span>}
          {!deleted && forwarded && (
            <span class="forwarded">Forwarded from <strong>{forwarded.senderName}</strong> · {shortWhen(forwarded.createdAt)}</span>
          )}
          {!deleted && m.data?.replyTo && <QuoteBlock quote={m.data.replyTo} roomId={m.roomId} />}
          {media && <MediaView media={media} />}
          {(!media || m.text) && <span class="text">{deleted ? <em>This message was deleted</em> : <Text text={m.text ?? ''} mentions={mentionNames(m)} />}</span>}
          <span class="meta">
            {m.editedAt && !deleted && <span class="edited" title={`Edited ${shortWhen(m.editedAt)}`}>edited</span>}
            <time dateTime={m.createdAt}>{timeOf(m.createdAt)}</time>
            {state && (
              <button class={`ticks ${state}`} aria-label={`${state}${readers.length ? `, read by ${readers.map(userName).join(', ')}` : ''}`} title={state} onClick={() => setWho(!who)} aria-expanded={group ? who : undefined}>
                <Ticks state={state} />
              </button>
            )}
          </span>
          {who && group && mine && (
            <span class="readers">{readers.length ? `Read by ${readers.map(userName).join(', ')}` : 'Not read yet'}</span>
          )}
        </div>
        {!deleted && m.reactions && m.reactions.length > 0 && (
          <Reactions roomId={m.roomId} seq={m.seq} reactions={m.reactions} onToggle={rights.react ? react : undefined} />
        )}
      </div>
      {!deleted && (
        <div class="msg-actions">
          {rights.react && (
            <button class="icon-btn small" aria-label="React" aria-expanded={picking} onClick={() => { setPicking(!picking); setMenu(false); }}>☺</button>
          )}
          <button class="icon-btn small" aria-label="Message actions" aria-expanded={menu} onClick={() => { setMenu(!menu); setPicking(false); }}>⋯</button>
          {picking && (
            <ReactionPicker mine={new Set((m.reactions ?? []).filter((r) => r.mine).map((r) => r.emoji))}
              onPick={(emoji, add) => { setPicking(false); void react(emoji, add); }} onClose={() => setPicking(false)} />
          )}
          {menu && (
            <div class="menu" role="menu">
              {rights.post && <button role="menuitem" onClick={() => { setMenu(false); compose.value = { kind: 'reply', message: m }; }}>Reply</button>}
              <button role="menuitem" onClick={() => { setMenu(false); setForwarding(true); }}>Forward</button>
              {canEdit && <button role="menuitem" onClick={() => { setMenu(false); compose.value = { kind: 'edit', message: m }; }}>Edit</button>}
              {m.text && <button role="menuitem" onClick={() => act(() => navigator.clipboard.writeText(m.text ?? ''))}>Copy text</button>}
              {rights.pin && <button role="menuitem" onClick={() => act(() => (pinned ? c.api.unpin(m.roomId, m.seq) : c.api.pin(m.roomId, m.seq)))}>{pinned ? 'Unpin' : 'Pin'}</button>}
              {rights.delete && <button role="menuitem" onClick={() => confirm('Delete this message for everyone?') && act(() => c.api.deleteMessage(m.roomId, m.seq))}>Delete for everyone</button>}
            </div>
          )}
        </div>
      )}
      {forwarding && <Forward message={m} onClose={() => setForwarding(false)} />}
    </div>
  );
}

/** The message a reply answers; clicking it opens the conversation there, loading history as needed. */
export function QuoteBlock({ quote, roomId, onClear }: { quote: Quote; roomId: number; onClear?: () => void }) {
  const label = `Reply to ${userName(quote.senderId)}`;
  return (
    <span class="quote">
      <button type="button" class="quote-body" aria-label={`${label}: ${quote.deleted ? 'deleted message' : quote.preview ?? 'an earlier message'}. Show it`}
        onClick={() => (focus.value = { roomId, seq: quote.seq })}>
        <strong>{userName(quote.senderId)}</strong>
        <span class="quote-text">{quote.deleted ? <em>Deleted message</em> : quote.preview ?? <em>An earlier message</em>}</span>
      </button>
      {onClear && <button type="button" class="icon-btn small" aria-label="Cancel reply" onClick={onClear}>✕</button>}
    </span>
  );
}

/** The members this message mentions, by username, as far as their profiles are known here. */
function mentionNames(m: Message): MentionNames | undefined {
  const ids = m.data?.mentions;
  if (!ids?.length) return undefined;
  const c = client.value!;
  const names: MentionNames = new Map();
  for (const id of ids) {
    const username = id === c.me?.id ? c.me.username : c.user(id)?.username;
    if (username) names.set(username.toLowerCase(), id === c.me?.id);
  }
  return names;
}

export function Ticks({ state }: { state: string }) {
  if (state === 'pending') return <svg viewBox="0 0 16 16" aria-hidden="true"><circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" stroke-width="1.5" /><path d="M8 4.5V8l2.5 1.5" fill="none" stroke="currentColor" stroke-width="1.5" /></svg>;
  if (state === 'sent') return <svg viewBox="0 0 16 16" aria-hidden="true"><path d="m2.5 8.5 3 3 7-7" fill="none" stroke="currentColor" stroke-width="1.7" /></svg>;
  return <svg viewBox="0 0 20 16" aria-hidden="true"><path d="m1.5 8.5 3 3 7-7M8.5 11.5l7-7" fill="none" stroke="currentColor" stroke-width="1.7" /></svg>;
}
