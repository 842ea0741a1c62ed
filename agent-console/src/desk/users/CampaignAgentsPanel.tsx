import { useEffect, useState } from 'react';
import type { Campaign, User } from '../../api/types.js';
import { problemText } from '../../i18n/index.js';
import { useAppStore } from '../../store/provider.js';
import { useLang, useT } from '../../store/selectors.js';
import { useLoad } from '../useLoad.js';

/** Which agents work a campaign (PUT /campaigns/:id/agents replaces the list). */
export function CampaignAgentsPanel({ users }: { users: User[] }) {
  const t = useT();
  const lang = useLang();
  const request = useAppStore((s) => s.request);
  const campaigns = useLoad(() => request<Campaign[] | { items: Campaign[] }>('GET', '/campaigns').then((r) => (Array.isArray(r) ? r : r.items)), 'campaigns');
  const [campaignId, setCampaignId] = useState('');
  const chosen = campaignId || campaigns.data?.[0]?.id || '';
  const assigned = useLoad(() => (chosen ? request<{ userIds: string[] }>('GET', `/campaigns/${chosen}/agents`).then((r) => r.userIds) : Promise.resolve([])), chosen);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [note, setNote] = useState<{ text: string; bad: boolean } | null>(null);
  useEffect(() => {
    setPicked(new Set(assigned.data ?? []));
    setNote(null);
  }, [assigned.data]);
  const agents = users.filter((u) => u.role === 'agent' && u.active);
  const campaign = campaigns.data?.find((c) => c.id === chosen);

  const save = async () => {
    try {
      const r = await request<{ userIds: string[] }>('PUT', `/campaigns/${chosen}/agents`, { userIds: [...picked] });
      setNote({ text: t('assign_saved', { n: r.userIds.length, campaign: campaign?.name ?? '' }), bad: false });
    } catch (e) {
      setNote({ text: problemText(e, lang), bad: true });
    }
  };

  let body;
  if (campaigns.error) body = <p role="alert" className="error">{campaigns.error}</p>;
  else if (!campaigns.data) body = <p className="muted">{t('users_loading')}</p>;
  else if (campaigns.data.length === 0) body = <p className="muted">{t('assign_no_campaigns')}</p>;
  else
    body = (
      <>
        <label>
          {t('assign_campaign')}
          <select value={chosen} onChange={(e) => setCampaignId(e.target.value)} name="assign-campaign">
            {campaigns.data.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} · {t(`status_${c.status}`)}
              </option>
            ))}
          </select>
        </label>
        {agents.length === 0 ? (
          <p className="muted">{t('assign_no_agents')}</p>
        ) : (
          <fieldset>
            <legend>{t('agents')}</legend>
            <ul className="checks">
              {agents.map((a) => (
                <li key={a.id}>
                  <label className="check">
                    <input
                      type="checkbox"
                      disabled={assigned.loading}
                      checked={picked.has(a.id)}
                      onChange={(e) => {
                        const next = new Set(picked);
                        if (e.target.checked) next.add(a.id);
                        else next.delete(a.id);
                        setPicked(next);
                      }}
                    />
                    {a.name}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        )}
        {assigned.error && <p role="alert" className="error">{assigned.error}</p>}
        <button type="button" onClick={() => void save()} disabled={!chosen || assigned.loading}>
          {t('assign_save')}
        </button>
        {note && (
          <p role={note.bad ? 'alert' : 'status'} className={note.bad ? 'error' : 'muted'}>
            {note.text}
          </p>
        )}
      </>
    );
  return (
    <section className="card" aria-labelledby="assign-title">
      <h2 id="assign-title">{t('assign_title')}</h2>
      <p className="muted">{t('assign_help')}</p>
      {body}
    </section>
  );
}
