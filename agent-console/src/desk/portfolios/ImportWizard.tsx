import { useState } from 'react';
import type { ImportPreview } from '@cobranza/contracts/api/imports';
import { API_BASE } from '../../api/client.js';
import { problemText } from '../../i18n/index.js';
import { useAppStore } from '../../store/provider.js';
import { useLang, useT } from '../../store/selectors.js';

export interface ImportResult {
  importId: string;
  totalRows: number;
  accepted: number;
  rejected: number;
  rejects: { line: number; column: string; value: string | null; reason: string }[];
  warnings?: string[];
}

const PREVIEW_SHOWN = 3;

/** Choose a file, check how its columns map and its first rows read, then import and see the result. */
export function ImportWizard({ portfolioId, onImported }: { portfolioId: string; onImported(): void }) {
  const t = useT();
  const lang = useLang();
  const request = useAppStore((s) => s.request);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState<'preview' | 'import' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const q = (f: File) => `filename=${encodeURIComponent(f.name)}`;

  const choose = async (f: File | null) => {
    setFile(f);
    setPreview(null);
    setResult(null);
    setError(null);
    if (!f) return;
    setBusy('preview');
    try {
      setPreview(await request<ImportPreview>('POST', `/portfolios/${portfolioId}/imports/preview?${q(f)}`, f));
    } catch (e) {
      setError(problemText(e, lang));
    } finally {
      setBusy(null);
    }
  };
  const runImport = async () => {
    if (!file) return;
    setBusy('import');
    setError(null);
    try {
      setResult(await request<ImportResult>('POST', `/portfolios/${portfolioId}/imports?${q(file)}`, file));
      onImported();
    } catch (e) {
      setError(problemText(e, lang));
    } finally {
      setBusy(null);
    }
  };
  const badRows = preview?.rows.filter((r) => r.errors.length) ?? [];

  return (
    <section className="card" aria-labelledby="wizard-title">
      <h2 id="wizard-title">{t('imp_wizard')}</h2>
      <div className="field">
        <label htmlFor="imp-file">{t('imp_step_file')}</label>
        <input id="imp-file" name="imp-file" type="file" accept=".csv,text/csv" aria-describedby="imp-file-help" onChange={(e) => void choose(e.target.files?.[0] ?? null)} />
        <span id="imp-file-help" className="help muted">
          {t('imp_file_help')}
        </span>
      </div>
      {busy === 'preview' && <p role="status">{t('imp_reading')}</p>}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {preview && !result && (
        <div data-testid="import-preview">
          <h3>{t('imp_step_mapping')}</h3>
          {preview.headerError && (
            <p role="alert" className="error">
              {t('imp_header_refused')} {preview.headerError}
            </p>
          )}
          <table className="mapping">
            <thead>
              <tr>
                <th scope="col">{t('imp_file_column')}</th>
                <th scope="col">{t('imp_platform_field')}</th>
                {preview.rows.slice(0, PREVIEW_SHOWN).map((r) => (
                  <th scope="col" key={r.line}>
                    {t('imp_line', { n: r.line })}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.columns.map((c, i) => (
                <tr key={i} className={c.column ? '' : 'unmapped'}>
                  <th scope="row">{c.header}</th>
                  <td>{c.column ?? <span className="chip bad">{t('imp_unknown_column')}</span>}</td>
                  {preview.rows.slice(0, PREVIEW_SHOWN).map((r) => (
                    <td key={r.line}>{r.values[i] ?? ''}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">{badRows.length ? t('imp_preview_bad', { n: badRows.length, of: preview.rows.length }) : t('imp_preview_ok', { n: preview.rows.length })}</p>
          {badRows.length > 0 && (
            <ul className="preview-errors">
              {badRows.flatMap((r) =>
                r.errors.map((e, j) => (
                  <li key={`${r.line}-${j}`}>
                    {t('imp_line', { n: r.line })} · {e.column}: {e.reason}
                  </li>
                )),
              )}
            </ul>
          )}
          <button type="button" className="primary" disabled={!!preview.headerError || busy !== null} onClick={() => void runImport()}>
            {t('imp_run')}
          </button>
          {busy === 'import' && <span role="status"> {t('imp_importing')}</span>}
        </div>
      )}
      {result && (
        <div data-testid="import-result">
          <h3>{t('imp_result')}</h3>
          <dl className="stats">
            <div>
              <dt>{t('imp_total')}</dt>
              <dd>{result.totalRows}</dd>
            </div>
            <div>
              <dt>{t('imp_accepted')}</dt>
              <dd>{result.accepted}</dd>
            </div>
            <div>
              <dt>{t('imp_rejected')}</dt>
              <dd className={result.rejected ? 'bad' : ''}>{result.rejected}</dd>
            </div>
          </dl>
          {result.rejected > 0 && (
            <>
              <a href={`${API_BASE}/imports/${result.importId}/rejects.csv`} download>
                {t('imp_rejects_csv')}
              </a>
              <table className="rejects">
                <thead>
                  <tr>
                    <th scope="col">{t('imp_line_col')}</th>
                    <th scope="col">{t('imp_column')}</th>
                    <th scope="col">{t('imp_value')}</th>
                    <th scope="col">{t('imp_reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.rejects.map((r, i) => (
                    <tr key={i}>
                      <td className="num">{r.line}</td>
                      <td>{r.column === '*' ? t('imp_whole_row') : r.column}</td>
                      <td>{r.value ?? '—'}</td>
                      <td>{r.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {result.warnings?.map((w, i) => (
            <p key={i} className="muted">
              {w}
            </p>
          ))}
        </div>
      )}
    </section>
  );
}
