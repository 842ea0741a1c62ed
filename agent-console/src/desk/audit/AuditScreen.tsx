import { useState } from 'react';
import { AUDIT_ACTIONS, type AuditPage } from '@cobranza/contracts/api/audit';
import type { Campaign, User } from '../../api/types.js';
import { useAppStore } from '../../store/provider.js';
import { useLang, useT } from '../../store/selectors.js';
import { localTime, userZone } from '../time.js';
import { useLoad } from '../useLoad.js';
import { actionLabel, auditDetails } from './auditText.js';

export const AUDIT_PAGE_SIZE = 50;


/** Admins: who did what and when, newest first; by action and by user, a page at a time. */
export function AuditScreen() {
  const t = useT();
  const lang = useLang();
  const request = useAppStore((s) => s.request);
  const [action, setAction] = useState('');
  const [userId, setUserId] = useState('');
  // the ids each page starts before: [] is the newest page; Older pushes, Newer pops
  const [cursors, setCursors] = useState<number[]>([]);
  const before = cursors.at(-1);
  const query = new URLSearchParams({ limit: String(AUDIT_PAGE_SIZE), ...(action ? { action } : {}), ...(userId ? { userId } : {}), ...(before ? { before: String(before) } : {}) }).toString();
  const page = useLoad(() => request<AuditPage>('GET', `/audit?${query}`).then((r) => r.items), query);
  const users = useLoad(() => request<{ items: User[] }>('GET', '/users').then((r) => r.items), 'users');
  const campaigns = useLoad(() => request<Campaign[] | { items: Campaign[] }>('GET', '/campaigns').then((r) => (Array.isArray(r) ? r : r.items)), 'campaigns');
  const filter = (set: (v: string) => void) => (v: string) => {
    set(v);
    setCursors([]);
  };
  const items = page.data ?? [];
  const filtered = !!(action || userId);
  const subject = (entity: string, id: string | null): string => {
    if (!id) return entity;
    if (entity === 'user') return users.data?.find((u) => u.id === id)?.name ?? id.slice(0, 8);
    if (entity === 'campaign') return campaigns.data?.find((c) => c.id === id)?.name ?? id.slice(0, 8);
    return `${entity} ${id.slice(0, 8)}`;
  };

  return (
    <div className="desk-page audit-screen">
      <h1>{t('audit_title')}</h1>
      <div className="card filters" role="search">
        <label>
          {t('audit_action')}
          <select name="audit-action" value={action} onChange={(e) => filter(setAction)(e.target.value)}>
            <option value="">{t('audit_all_actions')}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {actionLabel(a, lang)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit_who')}
          <select name="audit-user" value={userId} onChange={(e) => filter(setUserId)(e.target.value)}>
            <option value="">{t('audit_all_users')}</option>
            {(users.data ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} ({u.email})
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        <nav className="pager" aria-label={t('audit_page', { n: cursors.length + 1 })}>
          <button type="button" disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
            ← {t('audit_newer')}
          </button>
          <span aria-live="polite">{t('audit_page', { n: cursors.length + 1 })}</span>
          <button type="button" disabled={items.length < AUDIT_PAGE_SIZE} onClick={() => setCursors((c) => [...c, items.at(-1)!.id])}>
            {t('audit_older')} →
          </button>
        </nav>
      </div>
      <section className="card" aria-label={t('audit_title')}>
        {page.error ? (
          <p role="alert" className="error">
            {page.error}
          </p>
        ) : !page.data ? (
          <p className="muted">{t('audit_loading')}</p>
        ) : items.length === 0 ? (
          <p className="muted" data-testid="audit-empty">
            {cursors.length ? t('audit_end') : filtered ? t('audit_none_filtered') : t('audit_none')}
          </p>
        ) : (
          <table className="audit-table">
            <thead>
              <tr>
                <th scope="col">{t('audit_when', { zone: userZone() })}</th>
                <th scope="col">{t('audit_who')}</th>
                <th scope="col">{t('audit_action')}</th>
                <th scope="col">{t('audit_entity')}</th>
                <th scope="col">{t('audit_details')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id} data-testid={`audit-${e.id}`}>
                  <td className="nowrap">
                    <time dateTime={e.at}>{localTime(e.at, lang, true)}</time>
                  </td>
                  <td>{e.userEmail ?? t('audit_system')}</td>
                  <td>{actionLabel(e.action, lang)}</td>
                  <td>{subject(e.entity, e.entityId)}</td>
                  <td className="details">{auditDetails(e, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
