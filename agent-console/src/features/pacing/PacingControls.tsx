import { useEffect, useState, type FormEvent } from 'react';
import { DIAL_MODES, type CampaignLiveStats, type DialMode } from '@cobranza/contracts';
import { PACING_LIMITS } from '@cobranza/contracts/api/campaigns';
import { useAppStore } from '../../store/provider.js';
import { problemText } from '../../i18n/index.js';
import { useLang, useT } from '../../store/selectors.js';

/** Mode, abandon target, max lines per agent, start/pause/stop: each sent as campaign:command. */
export function PacingControls({ stats }: { stats: CampaignLiveStats }) {
  const t = useT();
  const lang = useLang();
  const send = useAppStore((s) => s.campaignCommand);
  const [mode, setMode] = useState<DialMode>(stats.settings.mode);
  const [target, setTarget] = useState(String(+(stats.settings.abandonTarget * 100).toFixed(2)));
  const [lines, setLines] = useState(String(stats.settings.maxLinesPerAgent));
  const [result, setResult] = useState<string | null>(null);
  // Follow changes made elsewhere (another supervisor) while this form is untouched.
  useEffect(() => {
    setMode(stats.settings.mode);
    setTarget(String(+(stats.settings.abandonTarget * 100).toFixed(2)));
    setLines(String(stats.settings.maxLinesPerAgent));
  }, [stats.settings.mode, stats.settings.abandonTarget, stats.settings.maxLinesPerAgent]);

  const targetN = Number(target) / 100;
  const linesN = Number(lines);
  const targetOk = Number.isFinite(targetN) && targetN >= PACING_LIMITS.abandonTarget.minimum && targetN <= PACING_LIMITS.abandonTarget.maximum;
  const linesOk = Number.isFinite(linesN) && linesN >= PACING_LIMITS.maxLinesPerAgent.minimum && linesN <= PACING_LIMITS.maxLinesPerAgent.maximum;
  const apply = async (e: FormEvent) => {
    e.preventDefault();
    if (!targetOk || !linesOk) return;
    const r = await send({ campaignId: stats.campaignId, command: 'settings', settings: { mode, abandonTarget: targetN, maxLinesPerAgent: linesN } });
    setResult(r.ok ? '✓' : problemText(r, lang));
  };
  const command = async (command: 'start' | 'pause' | 'stop') => {
    const r = await send({ campaignId: stats.campaignId, command });
    setResult(r.ok ? '✓' : problemText(r, lang));
  };
  return (
    <form className="pacing" onSubmit={apply} aria-label={t('pacing')}>
      <h3>{t('pacing')}</h3>
      <label>
        {t('dial_mode')}
        <select name="mode" value={mode} onChange={(e) => setMode(e.target.value as DialMode)}>
          {DIAL_MODES.map((m) => (
            <option key={m} value={m}>
              {t(`mode_${m}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('abandon_target')}
        <input name="abandonTarget" inputMode="decimal" value={target} onChange={(e) => setTarget(e.target.value)} aria-invalid={!targetOk} />
      </label>
      <label>
        {t('max_lines')}
        <input name="maxLinesPerAgent" type="number" step="0.5" min={1} max={10} value={lines} onChange={(e) => setLines(e.target.value)} aria-invalid={!linesOk} />
      </label>
      <button type="submit" className="primary" disabled={!targetOk || !linesOk}>
        {t('apply')}
      </button>
      <span className="buttons">
        <button type="button" onClick={() => void command('start')} disabled={stats.status === 'running'}>
          {t('start')}
        </button>
        <button type="button" onClick={() => void command('pause')} disabled={stats.status !== 'running'}>
          {t('pause')}
        </button>
        <button type="button" onClick={() => void command('stop')} disabled={stats.status === 'stopped'}>
          {t('stop')}
        </button>
      </span>
      {result && (
        <span role="status" data-testid="pacing-result">
          {result}
        </span>
      )}
    </form>
  );
}
