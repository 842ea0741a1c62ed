// The pages that are not a screen of their own: not allowed, not found, not built yet.
import type { MessageKey } from '../i18n/index.js';
import { useT } from '../store/selectors.js';
import { followLink } from './router.js';

function HomeLink() {
  const t = useT();
  return (
    <a href="/" onClick={(e) => followLink(e, '/')}>
      {t('nav_go_home')}
    </a>
  );
}

export function NotAllowed() {
  const t = useT();
  return (
    <section className="card page-message" data-testid="not-allowed">
      <h1>{t('nav_not_allowed')}</h1>
      <p>{t('nav_not_allowed_why')}</p>
      <HomeLink />
    </section>
  );
}

export function NotFound() {
  const t = useT();
  return (
    <section className="card page-message" data-testid="not-found">
      <h1>{t('nav_not_found')}</h1>
      <p>{t('nav_not_found_why')}</p>
      <HomeLink />
    </section>
  );
}

/** A screen of the navigation that is still being built: says so, and where its work is done meanwhile. */
export function upcoming(title: MessageKey) {
  return function Upcoming() {
    const t = useT();
    return (
      <section className="card page-message" data-testid="upcoming">
        <h1>{t(title)}</h1>
        <p>{t('nav_upcoming_why')}</p>
      </section>
    );
  };
}
