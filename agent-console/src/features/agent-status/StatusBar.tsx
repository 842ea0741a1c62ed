import { useState } from 'react';
import { PAUSE_REASONS, type PauseReason } from '@cobranza/contracts';
import { formatDuration } from '@cobranza/domain/format/index';
import { label } from '../../i18n/index.js';
import { dispositionPending } from '../../store/createAppStore.js';
import { useAppStore } from '../../store/provider.js';
import { useAgent, useLang, useNow, useT } from '../../store/selectors.js';

/** State, time in state (always visible), campaign choice, ready and pause with a reason. */
export function StatusBar() {
  const t = useT();
  const lang = useLang();
  const agent = useAgent();
  const now = useNow(1000);
  const campaigns = useAppStore((s) => s.campaigns);
  const selected = useAppStore((s) => s.selectedCampaignId);
  const selectCampaign = useAppStore((s) => s.selectCampaign);
  const goReady = useAppStore((s) => s.goReady);
  const pause = useAppStore((s) => s.pause);
  const [reason, setReason] = useState<PauseReason>('break');
  const seconds = (now - new Date(agent.since).getTime()) / 1000;
  const onCall = agent.state === 'talking' || agent.state === 'reserved';
  const mustDispose = useAppStore((s) => dispositionPending(s.call));
  // Ready travels over the live connection: until it is up a click would only be refused, so wait and say why
  const online = useAppStore((s) => s.realtimeConnected);
  return (
    <section className={`status-bar state-${agent.state}`} aria-label={t('state')}>
      <div className="state-badge" data-testid="agent-state">
        <span className="dot" aria-hidden />
        <strong>{t(`state_${agent.state}`)}</strong>
        {agent.state === 'paused' && agent.pauseReason && <span> · {label(agent.pauseReason, lang)}</span>}
        <span className="timer" title={t('time_in_state')} data-testid="time-in-state">
          {formatDuration(seconds)}
        </span>
      </div>
      <label>
        {t('campaign')}
        <select value={selected ?? ''} onChange={(e) => selectCampaign(e.target.value || null)} disabled={onCall} name="campaign">
          <option value="">{t('choose_campaign')}</option>
          {campaigns.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      {/* agents see only the campaigns assigned to them: an empty list says why, not just an empty choice */}
      {campaigns.length === 0 && (
        <p role="status" className="muted" data-testid="no-campaigns">
          {t('no_assigned_campaigns')}
        </p>
      )}
      <button type="button" className="primary" onClick={() => void goReady()} disabled={!selected || agent.state === 'ready' || onCall || mustDispose || !online} title="Alt+R">
        {t('ready')}
      </button>
      {!online && (
        <span className="muted" role="status" data-testid="connecting">
          {t('connecting_to_server')}
        </span>
      )}
      {mustDispose && !onCall && (
        <span className="muted" data-testid="disposition-first">
          {t('disposition_first')}
        </span>
      )}
      <label>
        {t('pause_reason')}
        <select value={reason} onChange={(e) => setReason(e.target.value as PauseReason)} name="pause-reason">
          {PAUSE_REASONS.filter((r) => r !== 'meeting' && r !== 'technical' && r !== 'console_lost').map((r) => (
            <option key={r} value={r}>
              {label(r, lang)}
            </option>
          ))}
          <option value="meeting">{label('meeting', lang)}</option>
          <option value="technical">{label('technical', lang)}</option>
        </select>
      </label>
      <button type="button" onClick={() => void pause(reason)} disabled={onCall || agent.state === 'offline'}>
        {t('pause')}
      </button>
    </section>
  );
}
