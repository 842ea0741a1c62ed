import { uiLocale } from '../../i18n/index.js';
import { useAppStore } from '../../store/provider.js';
import { useLang, useT } from '../../store/selectors.js';

/** A new id for one upload: its progress events carry it (crypto.randomUUID is missing on plain-http hosts other than localhost). */
export function newUploadRef(): string {
  return typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `up-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** The bar of the import started with `uploadRef`, as the server pushes it (import:progress). */
export function ImportProgressBar({ uploadRef }: { uploadRef: string }) {
  const t = useT();
  const lang = useLang();
  const p = useAppStore((s) => s.imports[uploadRef]);
  const n = (x: number) => new Intl.NumberFormat(uiLocale(lang)).format(x);
  // reading is measured in bytes of the file; saving and segmenting are one statement each, shown as under way
  const pct = p?.phase === 'reading' && p.totalBytes ? Math.min(100, Math.floor((p.bytes / p.totalBytes) * 100)) : null;
  const text = !p
    ? t('imp_progress_sending')
    : p.phase === 'reading'
      ? pct !== null
        ? t('imp_progress_reading', { pct, rows: n(p.rows) })
        : t('imp_progress_reading_rows', { rows: n(p.rows) })
      : p.phase === 'merging'
        ? t('imp_progress_merging', { rows: n(p.rows) })
        : p.phase === 'segmenting'
          ? t('imp_progress_segmenting')
          : p.phase === 'done'
            ? t('imp_progress_done', { rows: n(p.rows) })
            : t('imp_progress_failed');
  const value = p?.phase === 'done' ? 100 : pct;
  return (
    <div className="import-progress" data-testid="import-progress" data-phase={p?.phase ?? 'sending'}>
      {value === null ? <progress aria-label={t('imp_progress')} /> : <progress aria-label={t('imp_progress')} max={100} value={value} />}
      <span role="status" className={p?.phase === 'failed' ? 'error' : 'muted'}>
        {text}
      </span>
    </div>
  );
}
