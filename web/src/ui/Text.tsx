import type { JSX } from 'preact';

const URL_RE = /\bhttps?:\/\/[^\s<>"']+/gi;

/**
 * User text as text: Preact puts strings into text nodes, never markup. Only http(s) URLs become
 * links, opened in a new tab without access to this page (noopener noreferrer).
 */
export function Text({ text }: { text: string }): JSX.Element {
  const parts: (string | JSX.Element)[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    const raw = m[0].replace(/[.,;:!?)\]]+$/, '');
    const start = m.index ?? 0;
    if (start > last) parts.push(text.slice(last, start));
    parts.push(isHttp(raw) ? <a href={raw} target="_blank" rel="noopener noreferrer">{raw}</a> : raw);
    last = start + raw.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <>{parts}</>;
}

function isHttp(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
