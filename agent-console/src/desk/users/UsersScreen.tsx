import type { User } from '../../api/types.js';
import { useAppStore } from '../../store/provider.js';
import { useT } from '../../store/selectors.js';
import { useLoad } from '../useLoad.js';
import { CampaignAgentsPanel } from './CampaignAgentsPanel.js';
import { CreateUserForm } from './CreateUserForm.js';
import { UsersTable } from './UsersTable.js';

/** Admins: the users, their roles, creating and deactivating them, and who works which campaign. */
export function UsersScreen() {
  const t = useT();
  const request = useAppStore((s) => s.request);
  const users = useLoad(() => request<{ items: User[] }>('GET', '/users').then((r) => r.items), 'users');
  const list = users.data ?? [];
  return (
    <div className="desk-page users-screen">
      <h1>{t('users_title')}</h1>
      <div className="desk-columns">
        <div>
          <CreateUserForm onCreated={users.reload} />
          <CampaignAgentsPanel users={list} />
        </div>
        <section className="card" aria-labelledby="users-list-title">
          <h2 id="users-list-title">{t('users_list')}</h2>
          {users.error ? (
            <p role="alert" className="error">
              {users.error}
            </p>
          ) : !users.data ? (
            <p className="muted">{t('users_loading')}</p>
          ) : list.length === 0 ? (
            <p className="muted">{t('users_none')}</p>
          ) : (
            <UsersTable users={list} onChanged={users.reload} />
          )}
        </section>
      </div>
    </div>
  );
}
