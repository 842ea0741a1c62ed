import { useState, type ReactNode } from 'react';
import type { ImportPreview } from '@cobranza/contracts/api/imports';
import { problemText, type MessageKey } from '../../i18n/index.js';
import { useAppStore } from '../../store/provider.js';
import { useLang, useT } from '../../store/selectors.js';
import { ImportProgressBar, newUploadRef } from './ImportProgressBar.js';
import { RejectsTable } from './RejectsTable.js';

export interface ImportResult {
  importId: string;
  totalRows: number;
  accepted: number;
  rejected: number;
  rejects: { line: number; column: string; value: string | null; reason: string }[];
  warnings?: string[];
  /** payments imports only */
  inserted?: number;
  alreadyRecorded?: number;
  promises?: { checked: number; kept: number; broken: number } | null;
}

const PREVIEW_SHOWN = 3;

export type ImportKind = 'portfolio' | 'payments';
const KINDS: Record<ImportKind, { route: string; title: MessageKey; step: MessageKey; help: MessageKey; run: MessageKey; testId: string }> = {
  portfolio: { route: 'imports', title: 'imp_wizard', step: 'imp_step_file', help: 'imp_file_help', run: 'imp_run', testId: 'import' },
  payments: { route: 'payment-imports', title: 'pay_wizard', step: 'pay_step_file', help: 'pay_file_help', run: 'pay_run', testId: 'payments' },
};

/** Choose a file, check how its columns map and its first rows read, then import (with the server's progress bar) and see the result. */
export function ImportWizard({ portfolioId, onImported, kind = 'portfolio' }: { portfolioId: string; onImported(): void; kind?: ImportKind }) {
  const k = KINDS[kind];
  const t = useT();
  const lang = useLang();
  const request = useAppStore((s) => s.request);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState<'preview' | 'import' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [uploadRef, setUploadRef] = useState<string | null>(null);
  const q = (f: File) => `filename=${encodeURIComponent(f.name)}`;

  const choose = async (f: File | null) => {
    setFile(f);
    setPreview(null);
    setResult(null);
    setError(null);
    if (!f) return;
    setBusy('preview');
    try {
      setPreview(await request<ImportPreview>('POST', `/portfolios/${portfolioId}/${k.route}/preview?${q(f)}`, f));
    } catch (e) {
      setError(problemText(e, lang));
    } finally {
      setBusy(null);
    }
  };
  const runImport = async () => {
    if (!file) return;
    const ref = newUploadRef();
    setUploadRef(ref);
    setBusy('import');
    setError(null);
    try {
      setResult(await request<ImportResult>('POST', `/portfolios/${portfolioId}/${k.route}?${q(file)}&ref=${ref}`, file));
      onImported();
    } catch (e) {
      setError(problemText(e, lang));
    } finally {
      setBusy(null);
    }
  };
  const badRows = preview?.rows.filter((r) => r.errors.length) ?? [];

  return (
    <section className="card" aria-labelledby={`${kind}-wizard-title`}>
      <h2 id={`${kind}-wizard-title`}>{t(k.title)}</h2>
      <div className="field">
        <label htmlFor={`${kind}-file`}>{t(k.step)}</label>
        <input id={`${kind}-file`} name={`${kind}-file`} type="file" accept=".csv,text/csv" aria-describedby={`${kind}-file-help`} onChange={(e) => void choose(e.target.files?.[0] ?? null)} />
        <span id={`${kind}-file-help`} className="help muted">
          {withColumnNames(t(k.help))}
        </span>
      </div>
      {busy === 'preview' && <p role="status">{t('imp_reading')}</p>}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {preview && !result && (
        <div data-testid={`${k.testId}-preview`}>
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
            {t(k.run)}
          </button>
          {busy === 'import' && uploadRef && <ImportProgressBar uploadRef={uploadRef} />}
        </div>
      )}
      {result && (
        <div data-testid={`${k.testId}-result`}>
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
            {result.inserted !== undefined && (
              <div>
                <dt>{t('pay_inserted')}</dt>
                <dd>{result.inserted}</dd>
              </div>
            )}
            {result.alreadyRecorded !== undefined && (
              <div>
                <dt>{t('pay_already')}</dt>
                <dd>{result.alreadyRecorded}</dd>
              </div>
            )}
          </dl>
          {result.promises && <p className="muted">{t('pay_promises', result.promises)}</p>}
          {result.rejected > 0 && <RejectsTable importId={result.importId} rejects={result.rejects} />}
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

/** A help text names the file's columns between backticks; they are shown as code, as the file spells them. */
function withColumnNames(text: string): ReactNode[] {
  return text.split(/`([^`]+)`/).map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part));
}
