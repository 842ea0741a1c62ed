import type { AgentStatus, CampaignLiveStats } from '@cobranza/contracts';
import { DEFAULT_PACING } from '@cobranza/contracts/api/campaigns';
import { formatDuration } from '@cobranza/domain/format/index';
import { label, uiLocale, type Lang } from '../../i18n/index.js';
import { useAppStore } from '../../store/provider.js';
import { useCampaignStats, useLang, useNow, usePhone, useSortedAgents, useT, useUser } from '../../store/selectors.js';
import { PacingControls } from '../pacing/PacingControls.js';
import { BarChart, RateVsCap, Ring } from './charts.js';
import type { DialingStatus } from '@cobranza/contracts/api/campaign-status';
import { useCampaignOverview } from '../campaigns/useCampaignOverview.js';
import { CallbacksPanel } from '../supervisor/CallbacksPanel.js';
import { AgentDayPanel } from '../supervisor/AgentDayPanel.js';

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

export function occupancy(agents: AgentStatus[]): number {
  const logged = agents.filter((a) => a.state !== 'offline');
  if (logged.length === 0) return 0;
  return logged.filter((a) => a.state === 'talking' || a.state === 'wrapping' || a.state === 'reserved').length / logged.length;
}

function promised(amounts: Record<string, number>, lang: Lang): string {
  const entries = Object.entries(amounts);
  if (entries.length === 0) return '—';
  return entries.map(([cur, v]) => new Intl.NumberFormat(uiLocale(lang), { style: 'currency', currency: cur }).format(v)).join(' · ');
}

/** An agent in wrap-up longer than the campaign's wrap-up time (the next call waits for the disposition). */
export function wrapUpOverrun(a: AgentStatus, campaigns: CampaignLiveStats[], now: number): boolean {
  if (a.state !== 'wrapping') return false;
  const limit = campaigns.find((c) => c.campaignId === a.campaignId)?.settings.wrapUpSeconds ?? DEFAULT_PACING.wrapUpSeconds;
  return limit > 0 && now - new Date(a.since).getTime() > limit * 1000;
}

export function Wallboard() {
  const t = useT();
  const lang = useLang();
  const agents = useSortedAgents();
  const campaigns = useCampaignStats();
  const now = useNow(1000);
  const supervise = useAppStore((s) => s.supervisorCommand);
  const phone = usePhone();
  const user = useUser();
  // the why-not-dialing line of each card; a failed read leaves the cards as they are
  const overview = useCampaignOverview();
  const dialing = new Map((overview.items ?? []).map((i) => [i.campaign.id, i.dialing]));
  const byState = agents.reduce<Record<string, number>>((acc, a) => ({ ...acc, [a.state]: (acc[a.state] ?? 0) + 1 }), {});
  return (
    <div className="wallboard" data-testid="wallboard">
      <section className="card" aria-label={t('agents')}>
        <h2>
          {t('agents')} <span className="muted">({agents.length})</span>
        </h2>
        {user?.sipEndpoint && (
          <p className="muted" data-testid="supervisor-phone">
            {t('softphone')}: {t(`conn_${phone.registration === 'lost' ? 'connecting' : phone.registration}`)} · {t(`channel_${phone.channel}`)}
            {phone.error && <span className="error"> · {t(phone.error)}</span>}
          </p>
        )}
        <p className="state-counts">
          {(['talking', 'ready', 'wrapping', 'paused', 'reserved', 'offline'] as const).map((s) => (
            <span key={s} className={`chip state-${s}`}>
              {t(`state_${s}`)}: <strong data-testid={`count-${s}`}>{byState[s] ?? 0}</strong>
            </span>
          ))}
        </p>
        <div className="ring-wrap">
          <Ring value={occupancy(agents)} title={t('occupancy')} />
          <span>{t('occupancy')}</span>
        </div>
        <table data-testid="agents-table">
          <thead>
            <tr>
              <th>{t('agent')}</th>
              <th>{t('state')}</th>
              <th>{t('time_in_state')}</th>
              <th>{t('campaign')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {agents.map((a) => (
              <tr key={a.agentId} className={`state-${a.state}${wrapUpOverrun(a, campaigns, now) ? ' overrun' : ''}`}>
                <td>{a.name}</td>
                <td>
                  {t(`state_${a.state}`)}
                  {a.pauseReason ? ` · ${label(a.pauseReason, lang)}` : ''}
                  {wrapUpOverrun(a, campaigns, now) && (
                    <span className="chip bad" data-testid="wrapup-overrun">
                      {t('wrapup_overrun')}
                    </span>
                  )}
                </td>
                <td className="num">{formatDuration((now - new Date(a.since).getTime()) / 1000)}</td>
                <td>{campaigns.find((c) => c.campaignId === a.campaignId)?.name ?? '—'}</td>
                <td className="actions">
                  {(['listen', 'whisper', 'barge'] as const).map((cmd) => (
                    <button key={cmd} type="button" disabled={a.state !== 'talking'} onClick={() => void supervise({ agentId: a.agentId, command: cmd })}>
                      {t(cmd)}
                    </button>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <div className="wallboard-side">
        {campaigns.length === 0 && <p className="muted">{t('no_campaigns')}</p>}
        {campaigns.map((c) => (
          <CampaignCard key={c.campaignId} c={c} lang={lang} dialing={dialing.get(c.campaignId) ?? null} />
        ))}
        <CallbacksPanel />
        <AgentDayPanel />
      </div>
    </div>
  );
}

function CampaignCard({ c, lang, dialing }: { c: CampaignLiveStats; lang: Lang; dialing: DialingStatus | null }) {
  const t = useT();
  const hours = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));
  // the cap pacing holds to (its debtors' jurisdictions' when lower than the campaign's target)
  const cap = c.abandonCap ?? c.settings.abandonTarget;
  const rollingLabel = c.abandonWindowHours ? t('abandon_rolling_hours', { n: windowText(c.abandonWindowHours) }) : t('abandon_rolling');
  return (
    <section className="card campaign" aria-label={c.name} data-testid={`campaign-${c.campaignId}`}>
      <h2>
        {c.name} <span className={`chip status-${c.status}`}>{t(`status_${c.status}`)}</span>
      </h2>
      {dialing && (
        <p className={`why why-${dialing.reason}`} data-testid="dialing-line" data-reason={dialing.reason}>
          {dialing[lang]}
        </p>
      )}
      <dl className="stats">
        <div>
          <dt>{t('dial_mode')}</dt>
          <dd data-testid="dial-mode">
            {t(`mode_${c.effectiveMode}`)}
            {c.effectiveMode !== c.settings.mode && <span className="muted"> ({t(`mode_${c.settings.mode}`)})</span>}
          </dd>
        </div>
        <div>
          <dt>{t('lines_per_agent')}</dt>
          <dd>{c.linesPerAgent.toFixed(2)}</dd>
        </div>
        <div>
          <dt>{t('agents')}</dt>
          <dd>{c.agentsLoggedIn}</dd>
        </div>
        <div>
          <dt>{t('calls_ringing')}</dt>
          <dd data-testid="calls-ringing">{c.callsRinging}</dd>
        </div>
        <div>
          <dt>{t('calls_waiting')}</dt>
          <dd data-testid="calls-waiting">{c.callsWaiting}</dd>
        </div>
        <div>
          <dt>{t('abandon_today')}</dt>
          <dd className={c.abandonRateToday > cap ? 'bad' : ''} data-testid="abandon-today">
            {pct(c.abandonRateToday)}
          </dd>
        </div>
        <div>
          <dt title={t('abandon_rolling_help')}>{rollingLabel}</dt>
          <dd className={c.abandonRateRolling > cap ? 'bad' : ''} title={t('abandon_rolling_help')} data-testid="abandon-rolling">
            {pct(c.abandonRateRolling)}
          </dd>
        </div>
        <div>
          <dt>{t('abandon_cap')}</dt>
          <dd>{pct(cap)}</dd>
        </div>
        <div>
          <dt>{t('contact_rate')}</dt>
          <dd>{pct(c.contactRate)}</dd>
        </div>
        <div>
          <dt>{t('rpc')}</dt>
          <dd data-testid="rpc">{c.today.rightPartyContacts}</dd>
        </div>
        <div>
          <dt>{t('promises')}</dt>
          <dd data-testid="promises">{c.today.promises}</dd>
        </div>
        <div>
          <dt>{t('promised_amount')}</dt>
          <dd>{promised(c.today.promisedAmount, lang)}</dd>
        </div>
      </dl>
      <div className="charts">
        <figure>
          <figcaption>{t('contacts_by_hour')}</figcaption>
          <BarChart values={c.today.contactsByHour} labels={hours} title={t('contacts_by_hour')} />
        </figure>
        <figure>
          <figcaption>
            {t('abandon_today')} / {t('abandon_cap')}
          </figcaption>
          <RateVsCap
            cap={cap}
            title={`${t('abandon_today')} / ${t('abandon_cap')}`}
            rows={[
              { label: t('abandon_today'), value: c.abandonRateToday },
              { label: rollingLabel, value: c.abandonRateRolling },
            ]}
          />
        </figure>
      </div>
      <PacingControls stats={c} />
    </section>
  );
}

/** The abandon window as the regulator states it: "24 h", "30 d". */
function windowText(hours: number): string {
  return hours % 24 === 0 && hours > 24 ? `${hours / 24} d` : `${hours} h`;
}
