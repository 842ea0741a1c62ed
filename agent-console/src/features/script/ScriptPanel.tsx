import { useMemo } from 'react';
import { parseScriptTemplate, renderScript, type RenderedScript } from '@cobranza/domain/scripts/index';
import { todayIn } from '@cobranza/domain/format/index';
import type { DebtorRecord } from '../../api/types.js';
import { label } from '../../i18n/index.js';
import { useAppStore } from '../../store/provider.js';
import { useCall, useLang, useT } from '../../store/selectors.js';
import { debtorLocale } from '../screen-pop/ScreenPop.js';

export function primaryAccount(d: DebtorRecord) {
  return d.accounts.find((a) => a.id === d.primaryAccountId) ?? d.accounts[0] ?? null;
}

/** Renders the segment's script for this debtor; a broken script shows its error, not a blank. */
export function useRenderedScript(d: DebtorRecord | null, agentName: string | undefined, lang: 'es' | 'en'): { script: RenderedScript | null; error: string | null } {
  return useMemo(() => {
    if (!d || !d.script) return { script: null, error: null };
    const account = primaryAccount(d);
    if (!account) return { script: null, error: null };
    try {
      const template = parseScriptTemplate(d.script.body, `script ${d.script.code}`);
      const script = renderScript(template, {
        debtor: { firstName: d.firstName, lastName: d.lastName },
        account: {
          balance: account.balance,
          currency: account.currency,
          minimumPayment: account.minimumPayment,
          dueDate: account.oldestDueDate,
          product: account.product,
        },
        creditorName: account.creditorName,
        agentName,
        today: todayIn(d.timeZone),
        locale: debtorLocale(d, lang),
      });
      return { script, error: null };
    } catch (e) {
      return { script: null, error: e instanceof Error ? e.message : String(e) };
    }
  }, [d, agentName, lang]);
}

/**
 * A debtor's script as the agent reads it. The agent's panel and the script editor's preview both
 * render through this, so the preview shows exactly what an agent will see.
 */
export function ScriptView({
  debtor,
  agentName,
  label: ariaLabel,
  testId = 'script',
  openReason,
}: {
  debtor: DebtorRecord;
  agentName: string | undefined;
  label?: string;
  testId?: string;
  /** A branch shown open (the one the script editor is editing); the agent opens them as the debtor speaks. */
  openReason?: string | undefined;
}) {
  const t = useT();
  const lang = useLang();
  const { script, error } = useRenderedScript(debtor, agentName, lang);
  return (
    <section className="card script" aria-label={ariaLabel ?? t('script')} data-testid={testId}>
      <h2>
        {t('script')} {debtor.script && <span className="muted">· {debtor.script.name}</span>}
      </h2>
      {error && (
        <p role="alert" className="error">
          {t('script_error')}: {error}
        </p>
      )}
      {script && (
        <>
          {(['opening', 'verification', 'body', 'closing'] as const)
            .filter((k) => script[k])
            .map((k) => (
              <div key={k} className={`script-${k}`}>
                <h3>{t(k)}</h3>
                <p>{script[k]}</p>
              </div>
            ))}
          {script.branches.length > 0 && (
            <div className="branches">
              <h3>{t('objections')}</h3>
              {script.branches.map((b) => (
                <details key={b.reason} data-reason={b.reason} open={b.reason === openReason || undefined}>
                  <summary>{label(b.reason, lang)}</summary>
                  <p>{b.text}</p>
                </details>
              ))}
            </div>
          )}
        </>
      )}
    </section>
  );
}

export function ScriptPanel() {
  const call = useCall();
  const user = useAppStore((s) => s.session.user);
  if (!call.debtor) return null;
  return <ScriptView debtor={call.debtor} agentName={user?.name} />;
}
