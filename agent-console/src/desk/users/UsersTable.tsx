import { useState } from 'react';
import { ROLES, type Role } from '@cobranza/contracts';
import type { User } from '../../api/types.js';
import { problemText } from '../../i18n/index.js';
import { useAppStore } from '../../store/provider.js';
import { useLang, useT, useUser } from '../../store/selectors.js';

/** Every user with their role (changed in place) and whether they may log in. */
export function UsersTable({ users, onChanged }: { users: User[]; onChanged(u: User): void }) {
  const t = useT();
  const lang = useLang();
  const me = useUser();
  const request = useAppStore((s) => s.request);
  // one message per row: the answer to the last change made on it
  const [rowNote, setRowNote] = useState<Record<string, { text: string; bad: boolean }>>({});

  const change = async (u: User, call: () => Promise<User>, ok: (after: User) => string) => {
    try {
      const after = await call();
      setRowNote((n) => ({ ...n, [u.id]: { text: ok(after), bad: false } }));
      onChanged(after);
    } catch (e) {
      setRowNote((n) => ({ ...n, [u.id]: { text: problemText(e, lang), bad: true } }));
    }
  };
  const setRole = (u: User, role: Role) =>
    change(u, () => request<User>('PATCH', `/users/${u.id}`, { role }), (a) => t('users_role_saved', { name: a.name, role: t(`role_${a.role}`) }));
  const setActive = (u: User, active: boolean) =>
    change(
      u,
      () => (active ? request<User>('PATCH', `/users/${u.id}`, { active: true }) : request<User>('DELETE', `/users/${u.id}`)),
      (a) => t(active ? 'users_reactivated' : 'users_deactivated', { name: a.name }),
    );

  return (
    <table className="users-table">
      <thead>
        <tr>
          <th scope="col">{t('name')}</th>
          <th scope="col">{t('email')}</th>
          <th scope="col">{t('role')}</th>
          <th scope="col">{t('state')}</th>
          <th scope="col">
            <span className="sr-only">{t('users_deactivate')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {users.map((u) => {
          const self = u.id === me?.id;
          const note = rowNote[u.id];
          return (
            <tr key={u.id} data-testid={`user-${u.email}`} className={u.active ? '' : 'inactive'}>
              <th scope="row">
                {u.name}
                {self && <span className="chip" title={t('users_you_why')}>{t('users_you')}</span>}
                {note && (
                  <span role={note.bad ? 'alert' : 'status'} className={note.bad ? 'field-error row-note' : 'muted row-note'}>
                    {note.text}
                  </span>
                )}
              </th>
              <td>{u.email}</td>
              <td>
                <select aria-label={t('users_role_of', { name: u.name })} value={u.role} disabled={self} title={self ? t('users_you_why') : undefined} onChange={(e) => void setRole(u, e.target.value as Role)}>
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t(`role_${r}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td>{u.active ? t('users_active') : <span className="chip bad">{t('users_inactive')}</span>}</td>
              <td>
                {!self && (
                  <button type="button" onClick={() => void setActive(u, !u.active)} aria-label={`${t(u.active ? 'users_deactivate' : 'users_reactivate')}: ${u.name}`}>
                    {t(u.active ? 'users_deactivate' : 'users_reactivate')}
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
