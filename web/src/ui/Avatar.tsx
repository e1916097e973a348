import { useEffect, useState } from 'preact/hooks';
import { client } from './state';
import { hue, initials } from './format';

const urls = new Map<number, Promise<string | null>>();

/** A user's picture (fetched with the session token, shown as a blob: URL), cached per page. */
function avatarUrl(userId: number): Promise<string | null> {
  let p = urls.get(userId);
  if (!p) {
    p = client.value!.api.avatar(userId).then((b) => (b ? URL.createObjectURL(b) : null), () => null);
    urls.set(userId, p);
  }
  return p;
}

export function forgetAvatar(userId: number): void {
  urls.delete(userId);
}

export function Avatar({ name, id, userId, hasAvatar, size = 44, online }: { name: string; id: number; userId?: number; hasAvatar?: boolean; size?: number; online?: boolean }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    setSrc(null);
    if (userId !== undefined && hasAvatar) void avatarUrl(userId).then(setSrc);
  }, [userId, hasAvatar]);
  const cls = `avatar s${size} h${hue(id)}`;
  return (
    <span class={cls} aria-hidden="true">
      {src ? <img src={src} alt="" /> : initials(name)}
      {online && <span class="dot" />}
    </span>
  );
}
