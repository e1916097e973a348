import type { JSX } from 'preact';

const URL_RE = /\bhttps?:\/\/[^\s<>"']+/gi;
// the server's rule for an @username (message/Mentions.java)
const MENTION_RE = /(?<![A-Za-z0-9_.@-])@([A-Za-z0-9_.-]{3,32})/g;

/** Usernames (lower case) a message mentions, each true when it is me. */
export type MentionNames = Map<string, boolean>;

/**
 * User text as text: Preact puts strings into text nodes, never markup. Only http(s) URLs become
 * links, opened in a new tab without access to this page (noopener noreferrer); the @usernames the
 * server resolved to members (`mentions`) are marked, mine more strongly.
 */
export function Text({ text, mentions }: { text: string; mentions?: MentionNames }): JSX.Element {
  const parts: (string | JSX.Element)[] = [];
  const plain = (from: number, to: number) => (mentions?.size ? marked(text.slice(from, to), mentions, parts) : parts.push(text.slice(from, to)));
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    const raw = m[0].replace(/[.,;:!?)\]]+$/, '');
    const start = m.index ?? 0;
    if (start > last) plain(last, start);
    parts.push(isHttp(raw) ? <a href={raw} target="_blank" rel="noopener noreferrer">{raw}</a> : raw);
    last = start + raw.length;
  }
  if (last < text.length) plain(last, text.length);
  return <>{parts}</>;
}

function marked(text: string, mentions: MentionNames, parts: (string | JSX.Element)[]): void {
  let last = 0;
  for (const m of text.matchAll(MENTION_RE)) {
    const me = mentions.get(m[1].toLowerCase());
    if (me === undefined) continue;
    const start = m.index ?? 0;
    if (start > last) parts.push(text.slice(last, start));
    parts.push(<span class={`at${me ? ' me' : ''}`}>{m[0]}</span>);
    last = start + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
}

function isHttp(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
