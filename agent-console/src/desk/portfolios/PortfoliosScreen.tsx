import { useState } from 'react';
import type { Portfolio } from '@cobranza/contracts/api/catalog';
import type { ImportSummary } from '@cobranza/contracts/api/imports';
import { API_BASE } from '../../api/client.js';
import { useAppStore } from '../../store/provider.js';
import { useLang, useT } from '../../store/selectors.js';
import { localTime, userZone } from '../time.js';
import { useLoad } from '../useLoad.js';
import { ImportWizard } from './ImportWizard.js';

/** Admins: a portfolio's import wizards (the portfolio file, the creditor's payments file) and its history of imports of both. */
export function PortfoliosScreen() {
  const t = useT();
  const lang = useLang();
  const request = useAppStore((s) => s.request);
  const portfolios = useLoad(() => request<{ items: Portfolio[] }>('GET', '/portfolios').then((r) => r.items), 'portfolios');
  const [picked, setPicked] = useState('');
  const id = picked || portfolios.data?.[0]?.id || '';
  const history = useLoad(() => (id ? request<{ items: ImportSummary[] }>('GET', `/portfolios/${id}/imports`).then((r) => r.items) : Promise.resolve([])), id);

  if (portfolios.error) return <p role="alert" className="error">{portfolios.error}</p>;
  if (!portfolios.data) return <p className="muted">{t('imp_loading')}</p>;
  return (
    <div className="desk-page portfolios-screen">
      <h1>{t('nav_portfolios')}</h1>
      {portfolios.data.length === 0 ? (
        <p className="card muted">{t('imp_no_portfolios')}</p>
      ) : (
        <>
          <label className="inline">
            {t('imp_portfolio')}
            <select name="portfolio" value={id} onChange={(e) => setPicked(e.target.value)}>
              {portfolios.data.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} · {p.country} · {p.currency}
                </option>
              ))}
            </select>
          </label>
          <div className="stacked">
            <ImportWizard key={id} portfolioId={id} onImported={history.reload} />
            <ImportWizard key={`${id}-payments`} kind="payments" portfolioId={id} onImported={history.reload} />
            <section className="card" aria-labelledby="history-title">
              <h2 id="history-title">{t('imp_history')}</h2>
              {history.error ? (
                <p role="alert" className="error">
                  {history.error}
                </p>
              ) : !history.data ? (
                <p className="muted">{t('imp_loading')}</p>
              ) : history.data.length === 0 ? (
                <p className="muted">{t('imp_no_history')}</p>
              ) : (
                <table className="import-history">
                  <thead>
                    <tr>
                      <th scope="col">{t('audit_when', { zone: userZone() })}</th>
                      <th scope="col">{t('imp_kind')}</th>
                      <th scope="col">{t('imp_file')}</th>
                      <th scope="col">{t('audit_who')}</th>
                      <th scope="col">{t('state')}</th>
                      <th scope="col" className="num">{t('imp_accepted')}</th>
                      <th scope="col" className="num">{t('imp_rejected')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {history.data.map((i) => (
                      <tr key={i.id}>
                        <td className="nowrap">{localTime(i.startedAt, lang)}</td>
                        <td>{i.kind === 'payments' ? t('imp_kind_payments') : t('imp_kind_portfolio')}</td>
                        <td>{i.filename}</td>
                        <td>{i.createdByEmail ?? t('audit_system')}</td>
                        <td>
                          {i.status === 'completed' ? t('imp_status_completed') : i.status === 'running' ? t('imp_status_running') : <span className="bad" title={i.error ?? ''}>{t('imp_status_failed')}</span>}
                        </td>
                        <td className="num">{i.accepted}</td>
                        <td className="num">
                          {i.rejected > 0 ? (
                            <a href={`${API_BASE}/imports/${i.id}/rejects.csv`} download title={t('imp_rejects_csv')}>
                              {i.rejected}
                            </a>
                          ) : (
                            0
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </div>
        </>
      )}
    </div>
  );
}
