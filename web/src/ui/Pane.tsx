import type { ComponentChildren } from 'preact';
import { link } from './ChatList';

/** A page in the main pane with a title and a way back. */
export function Pane({ title, back = '/', children, label }: { title: string; back?: string; children: ComponentChildren; label?: string }) {
  return (
    <section class="page" aria-label={label ?? title}>
      <header class="pane-head">
        <a class="icon-btn back-always" href={back} onClick={link(back)} aria-label="Back">
          <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M15.4 7.4 14 6l-6 6 6 6 1.4-1.4L10.8 12z" /></svg>
        </a>
        <h2>{title}</h2>
      </header>
      <div class="page-body">{children}</div>
    </section>
  );
}
