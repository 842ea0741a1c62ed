import { useEffect, useRef } from 'react';
import type { User } from '../api/types.js';
import { useT } from '../store/selectors.js';
import { NotAllowed, NotFound } from './pages.js';
import { navFor, resolveRoute } from './routes.js';
import { followLink, usePath } from './router.js';

/** The navigation of the user's role and the screen at the current path. */
export function DeskShell({ user }: { user: User }) {
  const t = useT();
  const path = usePath();
  const links = navFor(user.role);
  const resolved = resolveRoute(path, user.role);
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // after a navigation, the keyboard continues in the new screen (not on the link left behind)
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [path]);
  return (
    <>
      {links.length > 0 && (
        <nav className="desk-nav" aria-label={t('nav_label')}>
          <ul>
            {links.map((r) => (
              <li key={r.path}>
                <a href={r.path} aria-current={r.path === path ? 'page' : undefined} onClick={(e) => followLink(e, r.path)}>
                  {t(r.label!)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <main ref={main} tabIndex={-1} className={resolved.kind === 'page' && user.role === 'agent' ? 'agent-main' : 'desk-main'}>
        {resolved.kind === 'page' ? <resolved.route.component /> : resolved.kind === 'forbidden' ? <NotAllowed /> : <NotFound />}
      </main>
    </>
  );
}
