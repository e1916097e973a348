import { signal } from '@preact/signals-core';

/** Client routes: /, /room/ID, /room/ID/info, /room/ID/search, /search, /new, /directory, /settings, /join/CODE. */
export const path = signal(location.pathname);

addEventListener('popstate', () => (path.value = location.pathname));

export function navigate(to: string, replace = false): void {
  if (to === location.pathname) return;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  path.value = to;
}

export interface Route {
  name: 'home' | 'room' | 'info' | 'search' | 'new' | 'directory' | 'settings' | 'join';
  roomId?: number;
  code?: string;
}

export function parse(p: string): Route {
  let m = /^\/room\/(\d+)(\/info|\/search)?\/?$/.exec(p);
  if (m) return { name: m[2] === '/info' ? 'info' : m[2] === '/search' ? 'search' : 'room', roomId: Number(m[1]) };
  m = /^\/join\/([A-Za-z0-9_-]+)\/?$/.exec(p);
  if (m) return { name: 'join', code: m[1] };
  if (p === '/new') return { name: 'new' };
  if (p === '/search') return { name: 'search' };
  if (p === '/directory') return { name: 'directory' };
  if (p === '/settings') return { name: 'settings' };
  return { name: 'home' };
}
