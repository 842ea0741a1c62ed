import { useAppStore } from '../../store/provider.js';
import { useAgent, usePhone, useT } from '../../store/selectors.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/** Microphone and connection state, the permanent channel, call controls and the DTMF keypad. */
export function SoftphonePanel() {
  const t = useT();
  const phone = usePhone();
  const agent = useAgent();
  const control = useAppStore((s) => s.phoneControl);
  const hangup = useAppStore((s) => s.hangup);
  const transfer = useAppStore((s) => s.transfer);
  const onCall = agent.state === 'talking';
  const up = phone.channel === 'up';
  return (
    <section className="card softphone" aria-label={t('softphone')}>
      <h2>{t('softphone')}</h2>
      <dl className="phone-state">
        <dt>{t('mic')}</dt>
        <dd data-testid="mic-state" className={`mic-${phone.mic}`}>
          {t(`mic_${phone.mic}`)}
        </dd>
        <dt>{t('connection')}</dt>
        <dd data-testid="sip-state" className={`reg-${phone.registration}`}>
          {phone.registration === 'lost' ? t('conn_connecting') : t(`conn_${phone.registration}`)}
        </dd>
        <dt>{t('channel')}</dt>
        <dd data-testid="channel-state">{t(`channel_${phone.channel}`)}</dd>
      </dl>
      {phone.error && (
        <div role="alert" className="error">
          <p>{t(phone.error)}</p>
          {phone.error === 'mic_denied_help' && (
            <button type="button" onClick={() => control()?.retry()}>
              {t('retry')}
            </button>
          )}
        </div>
      )}
      <div className="controls">
        <button type="button" onClick={() => control()?.setMuted(!phone.muted)} disabled={!up} aria-pressed={phone.muted} title="Alt+M">
          {phone.muted ? t('unmute') : t('mute')}
        </button>
        <button type="button" onClick={() => control()?.setHeld(!phone.held)} disabled={!up || !onCall} aria-pressed={phone.held}>
          {phone.held ? t('unhold') : t('hold')}
        </button>
        <button type="button" className="danger" onClick={() => void hangup()} disabled={!onCall} title="Alt+H">
          {t('hangup')}
        </button>
        {/* Not a SIP REFER (that would move the agent's permanent channel): the dialer moves the debtor
            to a free supervisor's channel and sends the agent to wrap-up. */}
        <button type="button" onClick={() => void transfer()} disabled={!onCall} title={t('transfer_help')}>
          {t('transfer')}
        </button>
      </div>
      <div className="keypad" role="group" aria-label={t('keypad')}>
        {KEYS.map((k) => (
          <button key={k} type="button" onClick={() => control()?.sendDtmf(k)} disabled={!up}>
            {k}
          </button>
        ))}
      </div>
    </section>
  );
}
