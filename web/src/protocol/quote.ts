import type { Message, Quote } from './types';

const PREVIEW_CHARS = 120;

/**
 * The quote a reply to `m` carries, its preview made as the server makes it (message/MessageText and
 * Body.Reply): a media message is "[image] caption"; the first 120 code points, then "…".
 */
export function quoteOf(m: Message): Quote {
  const media = m.data?.media;
  const text = media ? `[${media.kind}]${m.text ? ' ' + m.text : ''}` : m.text ?? '';
  const points = [...text];
  const preview = points.length > PREVIEW_CHARS ? points.slice(0, PREVIEW_CHARS).join('') + '…' : text;
  return { id: m.id, seq: m.seq, senderId: m.senderId, preview };
}
