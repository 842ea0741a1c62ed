// The supervisor's and admin's Campaigns screen: every campaign with its status, mode, why-not-dialing line
// and hopper; start, pause, stop and load leads from the row; create a new one from a portfolio.
import { useState } from 'react';
import type { Campaign, CampaignCommandBody } from '@cobranza/contracts/api/index';
import type { CampaignOverviewItem } from '@cobranza/contracts/api/campaign-status';
import { problemText } from '../../i18n/index.js';
import { useAppStore } from '../../store/provider.js';
import { useLang, useT } from '../../store/selectors.js';
import { AssignAgents } from './AssignAgents.js';
import { CreateCampaignForm } from './CreateCampaignForm.js';
import { PacingForm } from './PacingForm.js';
import { HopperCell } from './HopperCell.js';
import { useCampaignText } from './text.js';
import { useCampaignOverview } from './useCampaignOverview.js';

type Command = CampaignCommandBody['command'];

/** What each status can be told to do (the API's own transitions). */
const COMMANDS: Record<Campaign['status'], Command[]> = {
  draft: ['start', 'stop'],
  running: ['pause', 'stop'],
  paused: ['start', 'stop'],
  stopped: ['start'],
};

export function CampaignsScreen() {
  const t = useT();
  const ct = useCampaignText();
  const lang = useLang();
  const request = useAppStore((s) => s.request);
  const overview = useCampaignOverview();
  const [creating, setCreating] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [rowError, setRowError] = useState<{ id: string; text: string } | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const [assigning, setAssigning] = useState<{ id: string; name: string } | null>(null);
  const [pacing, setPacing] = useState<Campaign | null>(null);

  async function act(item: CampaignOverviewItem, what: Command | 'leads') {
    const c = item.campaign;
    setPending(c.id);
    setRowError(null);
    try {
      if (what === 'leads') {
        const r = await request<{ added: number; total: number }>('POST', `/campaigns/${c.id}/leads`);
        setMessage(ct('leads_loaded', { name: c.name, added: r.added, total: r.total }));
      } else {
        const r = await request<Campaign>('POST', `/campaigns/${c.id}/commands`, { command: what });
        setMessage(ct('command_done', { name: r.name, status: t(`status_${r.status}`) }));
      }
      await overview.reload();
    } catch (e) {
      setRowError({ id: c.id, text: problemText(e, lang) });
    } finally {
      setPending(null);
    }
  }

  const items = overview.items;
  return (
    <div className="campaigns-screen" data-testid="campaigns-screen">
      <header className="screen-head">
        <h1>{ct('title')}</h1>
        <span className="muted">{ct('intro')}</span>
        <span className="spacer" />
        {!creating && (
          <button type="button" onClick={() => setCreating(true)}>
            {ct('new_campaign')}
          </button>
        )}
      </header>
      {creating && (
        <CreateCampaignForm
          onClose={() => setCreating(false)}
          onCreated={(c) => {
            setCreating(false);
            setMessage(ct('created', { name: c.name }));
            void overview.reload();
          }}
        />
      )}
      {message && (
        <p role="status" className="notice-line" data-testid="campaigns-message">
          {message}
        </p>
      )}
      {assigning && (
        <AssignAgents
          key={assigning.id}
          campaign={assigning}
          onClose={() => setAssigning(null)}
          onSaved={(n) => {
            setMessage(ct('assign_saved', { name: assigning.name, n }));
            setAssigning(null);
            void overview.reload();
          }}
        />
      )}
      {pacing && (
        <PacingForm
          key={pacing.id}
          campaign={pacing}
          onClose={() => setPacing(null)}
          onSaved={(c) => {
            setMessage(ct('pacing_saved', { name: c.name, mode: t(`mode_${c.settings.mode}`), target: (c.settings.abandonTarget * 100).toLocaleString(lang === 'es' ? 'es-CO' : 'en-US', { maximumFractionDigits: 2 }), lines: c.settings.maxLinesPerAgent }));
            setPacing(null);
            void overview.reload();
          }}
        />
      )}
      {overview.error ? (
        <p role="alert" className="error">
          {ct('load_failed')}: {problemText(overview.error, lang)}
        </p>
      ) : null}
      {items === null && !overview.error && <p className="muted">{ct('loading')}</p>}
      {items !== null && items.length === 0 && (
        <p className="card muted" data-testid="campaigns-empty">
          {ct('empty')}
        </p>
      )}
      {items !== null && items.length > 0 && (
        <table className="campaigns-table" data-testid="campaigns-table">
          <thead>
            <tr>
              <th>{ct('col_name')}</th>
              <th>{ct('col_status')}</th>
              <th>{ct('col_mode')}</th>
              <th>{ct('col_why')}</th>
              <th>{ct('col_hopper')}</th>
              <th>{ct('col_actions')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => {
              const c = item.campaign;
              return (
                <tr key={c.id} data-testid={`campaign-row-${c.id}`} aria-label={c.name}>
                  <th scope="row">{c.name}</th>
                  <td>
                    <span className={`chip status-${c.status}`}>{t(`status_${c.status}`)}</span>
                  </td>
                  <td>
                    {t(`mode_${c.settings.mode}`)}
                    <br />
                    <span className="muted" data-testid="agents-assigned">
                      {ct('agents_assigned', { n: item.agentsAssigned })}
                    </span>
                  </td>
                  <td className={`why why-${item.dialing.reason}`} data-testid="dialing-line" data-reason={item.dialing.reason}>
                    {item.dialing[lang]}
                  </td>
                  <td>
                    <HopperCell h={item.hopper} lang={lang} ct={ct} />
                  </td>
                  <td className="actions">
                    {COMMANDS[c.status].map((cmd) => (
                      <button key={cmd} type="button" disabled={pending === c.id} onClick={() => void act(item, cmd)}>
                        {ct(cmd)}
                      </button>
                    ))}
                    {c.status !== 'stopped' && (
                      <button type="button" disabled={pending === c.id || !c.portfolioId} onClick={() => void act(item, 'leads')}>
                        {ct('load_leads')}
                      </button>
                    )}
                    {c.status !== 'stopped' && (
                      <button type="button" aria-expanded={pacing?.id === c.id} onClick={() => setPacing(c)}>
                        {ct('pacing_button')}
                      </button>
                    )}
                    <button type="button" aria-expanded={assigning?.id === c.id} onClick={() => setAssigning({ id: c.id, name: c.name })}>
                      {ct('assign_agents')}
                    </button>
                    {rowError?.id === c.id && (
                      <span role="alert" className="field-error">
                        {rowError.text}
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
