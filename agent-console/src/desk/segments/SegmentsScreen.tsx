import { useEffect, useRef, useState } from 'react';
import type { Portfolio, Segment, SegmentPreview, Strategy } from '@cobranza/contracts/api';
import { uiLocale } from '../../i18n/index.js';
import { useAppStore } from '../../store/provider.js';
import { useLang, useT } from '../../store/selectors.js';
import { toProblems, type Problems } from '../problems.js';
import { useLoad } from '../useLoad.js';
import { blankSegment, fromSegment, locateSegmentField, toDrafts, type SegmentForm } from './draft.js';
import { SegmentFieldset } from './SegmentFieldset.js';
import '../editors.css';

/**
 * Admins: the segment set as an ordered list of rules. The accounts each segment would get are counted by
 * the server (the same assignment imports make) before the set can be saved; the set is saved whole.
 */
export function SegmentsScreen() {
  const t = useT();
  const request = useAppStore((s) => s.request);
  const loaded = useLoad(
    () =>
      Promise.all([
        request<{ items: Segment[] }>('GET', '/segments'),
        request<{ items: Strategy[] }>('GET', '/strategies'),
        request<{ items: Portfolio[] }>('GET', '/portfolios'),
      ]).then(([s, st, p]) => ({ segments: s.items.filter((x) => x.active), strategies: st.items, portfolios: p.items })),
    'segments',
  );
  if (loaded.error) return <p role="alert" className="error">{loaded.error}</p>;
  if (!loaded.data) return <p className="muted">{t('ed_loading')}</p>;
  return <SegmentEditor {...loaded.data} onSaved={loaded.reload} />;
}

function SegmentEditor({ segments, strategies, portfolios, onSaved }: { segments: Segment[]; strategies: Strategy[]; portfolios: Portfolio[]; onSaved(): void }) {
  const t = useT();
  const lang = useLang();
  const request = useAppStore((s) => s.request);
  const [forms, setForms] = useState<SegmentForm[]>(() => segments.map(fromSegment));
  const [portfolioId, setPortfolioId] = useState(portfolios[0]?.id ?? '');
  const [errors, setErrors] = useState<Problems>({});
  const [preview, setPreview] = useState<SegmentPreview | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  // a reload after saving brings new segments: start from them. Not on mount: the forms already hold them, and
  // an effect run after the first frame would wipe what the user typed into it
  const shown = useRef(segments);
  useEffect(() => {
    if (segments === shown.current) return;
    shown.current = segments;
    setForms(segments.map(fromSegment));
  }, [segments]);

  const num = (n: number) => new Intl.NumberFormat(uiLocale(lang)).format(n);
  // a calendar day, not an instant: formatted at UTC so no zone can shift it
  const dayText = (day: string) => new Intl.DateTimeFormat(uiLocale(lang), { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
  const changed = () => {
    setPreview(null);
    setDone(null);
  };
  const edit = (i: number, field: keyof SegmentForm, value: string) => {
    setForms((fs) => fs.map((f, j) => (j === i ? { ...f, [field]: value } : f)));
    setErrors(({ [`${i}.${field}`]: _gone, '': _form, ...rest }) => rest);
    changed();
  };
  const move = (i: number, d: -1 | 1) => {
    setForms((fs) => {
      const next = [...fs];
      [next[i], next[i + d]] = [next[i + d]!, next[i]!];
      return next;
    });
    setErrors({});
    changed();
  };
  const remove = (i: number) => {
    setForms((fs) => fs.filter((_, j) => j !== i));
    setErrors({});
    changed();
  };
  const add = (catchAll: boolean) => {
    const f = blankSegment();
    if (catchAll) Object.assign(f, { code: 'resto', name: lang === 'es' ? 'Resto' : 'Rest' });
    setForms((fs) => (catchAll ? [...fs, f] : [...fs.slice(0, Math.max(fs.length - 1, 0)), f, ...fs.slice(Math.max(fs.length - 1, 0))]));
    changed();
  };

  /** The drafts, or null with the typing mistakes shown at their fields. */
  const drafts = () => {
    const { drafts, invalid } = toDrafts(forms);
    const keys = Object.keys(invalid);
    if (keys.length === 0) return drafts;
    setErrors({ ...Object.fromEntries(keys.map((k) => [k, t(invalid[k] === 'required' ? 'ed_required' : 'ed_not_number')])), '': t('ed_fix_first') });
    return null;
  };

  const run = async (what: 'preview' | 'save') => {
    const d = drafts();
    if (!d) return;
    setBusy(true);
    setDone(null);
    try {
      if (what === 'preview') {
        setPreview(await request<SegmentPreview>('POST', '/segments/preview', { segments: d, ...(portfolioId ? { portfolioId } : {}) }));
      } else {
        const r = await request<{ moved: number }>('PUT', '/segments', { segments: d });
        setDone(t('seg_saved', { n: num(r.moved) }));
        onSaved();
      }
      setErrors({});
    } catch (e) {
      setPreview(null);
      setErrors(toProblems(e, lang, locateSegmentField));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="desk-page editor-page segments-screen">
      <h1>{t('nav_segments')}</h1>
      <p className="muted intro">{t('seg_intro')}</p>
      <form onSubmit={(e) => (e.preventDefault(), void run('save'))} aria-label={t('nav_segments')} noValidate>
        {forms.length === 0 && <p className="card muted">{t('seg_none')}</p>}
        {forms.map((f, i) => (
          <SegmentFieldset
            key={f.key}
            index={i}
            count={forms.length}
            form={f}
            strategies={strategies}
            errors={errors}
            accounts={preview ? t('seg_accounts', { n: num(preview.counts[i]?.accounts ?? 0) }) : null}
            onChange={(k, v) => edit(i, k, v)}
            onMove={(d) => move(i, d)}
            onRemove={() => remove(i)}
          />
        ))}
        <div className="editor-bar">
          <button type="button" onClick={() => add(false)}>
            {t('seg_add')}
          </button>
          <button type="button" onClick={() => add(true)}>
            {t('seg_add_catch_all')}
          </button>
          <span className="spacer" />
          <label className="inline">
            {t('seg_portfolio')}
            <select name="portfolio" value={portfolioId} onChange={(e) => (setPortfolioId(e.target.value), setPreview(null))}>
              <option value="">{t('seg_all_portfolios')}</option>
              {portfolios.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => void run('preview')} disabled={busy}>
            {t('seg_preview')}
          </button>
          <button type="submit" className="primary" disabled={busy || !preview} aria-describedby="seg-save-help">
            {t('ed_save')}
          </button>
        </div>
        <p id="seg-save-help" className="muted" role="status">
          {done ?? (preview ? `${t('seg_counts_title', { today: dayText(preview.today) })} · ${t('seg_total', { n: num(preview.total) })}` : t('seg_preview_first'))}
        </p>
        {errors[''] && (
          <p role="alert" className="error" data-testid="segments-error">
            {errors['']}
          </p>
        )}
      </form>
    </div>
  );
}
