import { useEffect, useRef, useState } from 'preact/hooks';
import type { ReactionSummary } from '../protocol';
import { userName } from './names';
import { client, errorText, say, useOn } from './state';

const LONG_PRESS_MS = 500;

function whoText(r: ReactionSummary): string {
  const names = r.userIds.map(userName);
  const rest = r.count - names.length;
  return rest > 0 ? `${names.join(', ')} and ${rest} more` : names.join(', ');
}

/**
 * Counts per emoji under a message. Clicking one adds or removes mine; hovering names who reacted,
 * and a long press (or the context menu) lists everyone, asked from the server.
 */
export function Reactions({ roomId, seq, reactions, onToggle }: {
  roomId: number; seq: number; reactions: ReactionSummary[]; onToggle?: (emoji: string, add: boolean) => void;
}) {
  useOn('users');
  const [everyone, setEveryone] = useState<ReactionSummary[] | null>(null);
  const press = useRef<ReturnType<typeof setTimeout>>();
  const pressed = useRef(false);
  const showAll = () => {
    pressed.current = true;
    void client.value!.api.reactions(roomId, seq).then(setEveryone, (e) => say(errorText(e)));
  };
  return (
    <div class="reactions">
      {reactions.map((r) => (
        <button key={r.emoji} type="button" class={`chip${r.mine ? ' mine' : ''}`} aria-pressed={r.mine} disabled={!onToggle}
          title={whoText(r)} aria-label={`${r.emoji} ${r.count}: ${whoText(r)}${r.mine ? ' (you)' : ''}`}
          onPointerDown={() => {
            pressed.current = false;
            press.current = setTimeout(showAll, LONG_PRESS_MS);
          }}
          onPointerUp={() => clearTimeout(press.current)}
          onPointerLeave={() => clearTimeout(press.current)}
          onContextMenu={(e) => {
            e.preventDefault();
            showAll();
          }}
          onClick={() => {
            if (pressed.current) return; // the long press showed the list instead
            onToggle?.(r.emoji, !r.mine);
          }}>
          <span aria-hidden="true">{r.emoji}</span> <span class="chip-count" aria-hidden="true">{r.count}</span>
        </button>
      ))}
      {everyone && (
        <div class="who-reacted" role="dialog" aria-label="Who reacted">
          <button type="button" class="icon-btn small close" aria-label="Close" onClick={() => setEveryone(null)}>✕</button>
          {everyone.map((r) => (
            <p key={r.emoji}><span aria-hidden="true">{r.emoji}</span> {r.userIds.map(userName).join(', ')}</p>
          ))}
        </div>
      )}
    </div>
  );
}

/** The allowed emoji to pick one; one I already gave is marked and picking it again takes it back. */
export function ReactionPicker({ mine, onPick, onClose }: { mine: Set<string>; onPick: (emoji: string, add: boolean) => void; onClose: () => void }) {
  const [emoji, setEmoji] = useState<string[]>([]);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    void client.value!.reactionEmoji().then(setEmoji, (e) => say(errorText(e)));
  }, []);
  useEffect(() => {
    box.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, [emoji.length]);
  return (
    <div class="picker" role="menu" aria-label="Pick a reaction" ref={box} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      {emoji.map((e) => (
        <button key={e} type="button" role="menuitemcheckbox" aria-checked={mine.has(e)} class={mine.has(e) ? 'mine' : ''} aria-label={`React with ${e}`} onClick={() => onPick(e, !mine.has(e))}>
          {e}
        </button>
      ))}
    </div>
  );
}
