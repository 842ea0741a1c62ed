// Create a campaign from a portfolio, its segments and a strategy. Mistakes are shown at their field in the
// reader's language: the obvious ones before sending, the server's refusals at the field it names.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { DIAL_MODES, type DialMode } from '@cobranza/contracts';
import type { Campaign, CampaignCreate, Portfolio, Segment, Strategy } from '@cobranza/contracts/api/index';
import { toFieldErrors } from '../../desk/fieldErrors.js';
import { problemText } from '../../i18n/index.js';
import { useAppStore } from '../../store/provider.js';
import { useLang, useT } from '../../store/selectors.js';
import { useCampaignText } from './text.js';

/** The body's fields, as the API names them in its errors; '' is the form's own message. */
const FIELDS = ['name', 'portfolioId', 'segmentIds', 'strategyId', 'settings'] as const;
type Field = (typeof FIELDS)[number] | '';

interface Catalog {
  portfolios: Portfolio[];
  segments: Segment[];
  strategies: Strategy[];
}

export function CreateCampaignForm({ onCreated, onClose }: { onCreated: (c: Campaign) => void; onClose: () => void }) {
  const t = useT();
  const ct = useCampaignText();
  const lang = useLang();
  const request = useAppStore((s) => s.request);
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [catalogError, setCatalogError] = useState<unknown>(null);
  const [name, setName] = useState('');
  const [portfolioId, setPortfolioId] = useState('');
  const [segmentIds, setSegmentIds] = useState<string[]>([]);
  const [strategyId, setStrategyId] = useState('');
  const [mode, setMode] = useState<DialMode>('predictive');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [busy, setBusy] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    nameRef.current?.focus();
    let live = true;
    Promise.all([
      request<{ items: Portfolio[] }>('GET', '/portfolios'),
      request<{ items: Segment[] }>('GET', '/segments'),
      request<{ items: Strategy[] }>('GET', '/strategies'),
    ])
      .then(([p, s, st]) => live && setCatalog({ portfolios: p.items, segments: s.items.filter((x) => x.active), strategies: st.items }))
      .catch((e: unknown) => live && setCatalogError(e));
    return () => {
      live = false;
    };
  }, [request]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    if (!name.trim()) found.name = ct('err_name');
    if (!portfolioId) found.portfolioId = ct('err_portfolio');
    setErrors(found);
    if (Object.keys(found).length) return;
    const body: CampaignCreate = { name: name.trim(), portfolioId, segmentIds, ...(strategyId ? { strategyId } : {}), settings: { mode } };
    setBusy(true);
    try {
      const created = await request<Campaign>('POST', '/campaigns', body);
      onCreated(created);
    } catch (err) {
      setErrors(toFieldErrors(err, FIELDS, lang));
    } finally {
      setBusy(false);
    }
  }

  // an edited field's message goes: it spoke of the value that was there
  const fixed = (f: Field) => setErrors((e) => (e[f] ? { ...e, [f]: undefined } : e));
  const err = (f: Field) =>
    errors[f] ? (
      <span className="field-error" role="alert" id={`campaign-${f || 'form'}-error`}>
        {errors[f]}
      </span>
    ) : null;
  const described = (f: Field) => (errors[f] ? { 'aria-invalid': true, 'aria-describedby': `campaign-${f || 'form'}-error` } : {});

  return (
    <form className="card campaign-form" aria-label={ct('form_title')} onSubmit={(e) => void submit(e)} onKeyDown={(e) => e.key === 'Escape' && onClose()} noValidate>
      <h2>{ct('form_title')}</h2>
      {catalogError ? (
        <p role="alert" className="error">
          {ct('catalog_failed')}: {problemText(catalogError, lang)}
        </p>
      ) : null}
      <div className="form-grid">
        <div className="field">
          <label>
            {ct('field_name')}
            <input ref={nameRef} name="name" value={name} maxLength={200} onChange={(e) => (setName(e.target.value), fixed('name'))} {...described('name')} />
          </label>
          {err('name')}
        </div>
        <div className="field">
          <label>
            {ct('field_portfolio')}
            <select name="portfolio" value={portfolioId} onChange={(e) => (setPortfolioId(e.target.value), fixed('portfolioId'))} {...described('portfolioId')}>
              <option value="">{ct('choose')}</option>
              {catalog?.portfolios.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          {catalog && catalog.portfolios.length === 0 && <span className="muted">{ct('no_portfolios')}</span>}
          {err('portfolioId')}
        </div>
        <div className="field">
          <label>
            {ct('field_strategy')}
            <select name="strategy" value={strategyId} onChange={(e) => (setStrategyId(e.target.value), fixed('strategyId'))} {...described('strategyId')}>
              <option value="">{ct('none')}</option>
              {catalog?.strategies.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          {err('strategyId')}
        </div>
        <div className="field">
          <label>
            {ct('field_mode')}
            <select name="mode" value={mode} onChange={(e) => (setMode(e.target.value as DialMode), fixed('settings'))} {...described('settings')}>
              {DIAL_MODES.map((m) => (
                <option key={m} value={m}>
                  {t(`mode_${m}`)}
                </option>
              ))}
            </select>
          </label>
          {err('settings')}
        </div>
      </div>
      <fieldset className="segments" {...described('segmentIds')}>
        <legend>{ct('field_segments')}</legend>
        <span className="muted">{catalog && catalog.segments.length === 0 ? ct('no_segments') : ct('field_segments_hint')}</span>
        {catalog?.segments.map((s) => (
          <label key={s.id} className="inline">
            <input
              type="checkbox"
              name="segment"
              value={s.id}
              checked={segmentIds.includes(s.id)}
              onChange={(e) => (setSegmentIds((ids) => (e.target.checked ? [...ids, s.id] : ids.filter((x) => x !== s.id))), fixed('segmentIds'))}
            />
            {s.name}
          </label>
        ))}
        {err('segmentIds')}
      </fieldset>
      {err('')}
      <p className="form-actions">
        <button type="submit" disabled={busy}>
          {busy ? ct('creating') : ct('create')}
        </button>
        <button type="button" onClick={onClose}>
          {ct('close_form')}
        </button>
      </p>
    </form>
  );
}
