// Client routes over the History API: the path is the one source of truth (F5 and shared links land on the
// same screen; the API serves index.html for any path that is not a file or an API route).
import { useSyncExternalStore, type MouseEvent } from 'react';

const CHANGE = 'cobranza:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(CHANGE, onChange);
  };
}

/** '/usuarios/' and '/usuarios' are one screen. */
export const normalizePath = (p: string): string => (p.length > 1 ? p.replace(/\/+$/, '') : p) || '/';

export function usePath(): string {
  return normalizePath(useSyncExternalStore(subscribe, () => window.location.pathname, () => '/'));
}

export function navigate(path: string): void {
  if (normalizePath(window.location.pathname) === normalizePath(path)) return;
  window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(CHANGE));
}

/**
 * For an <a href>: a plain click stays in the page; Ctrl/⌘/Shift-click and the middle button keep the
 * browser's own behaviour (a new tab or window).
 */
export function followLink(e: MouseEvent<HTMLAnchorElement>, path: string): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate(path);
}
