// Create a campaign from a portfolio, its segments and a strategy. Mistakes are shown at their field in the
// reader's language: the obvious ones before sending, the server's refusals at the field it names.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { DIAL_MODES, type DialMode } from '@cobranza/contracts';
import type { Campaign, CampaignCreate, Portfolio, Segment, Strategy } from '@cobranza/contracts/api/index';
import { ApiError } from '../../api/client.js';
import { problemText } from '../../i18n/index.js';
import { useAppStore } from '../../store/provider.js';
import { useLang, useT } from '../../store/selectors.js';
import { useCampaignText } from './text.js';

type Field = 'name' | 'portfolio' | 'segments' | 'strategy' | 'mode' | 'form';

/** The body field the server named (a JSON pointer) → the form's field. */
function fieldOf(pointer: string | undefined): Field {
  if (!pointer) return 'form';
  if (pointer.startsWith('/name')) return 'name';
  if (pointer.startsWith('/portfolioId')) return 'portfolio';
  if (pointer.startsWith('/segmentIds')) return 'segments';
  if (pointer.startsWith('/strategyId')) return 'strategy';
  if (pointer.startsWith('/settings')) return 'mode';
  return 'form';
}

/** The server's reason without the "where" that the field's position already says ("/name en el cuerpo: …"). */
function reasonAtField(text: string): string {
  const i = text.indexOf(': ');
  return i >= 0 && text.startsWith('/') ? text.slice(i + 2) : text;
}

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
    if (!portfolioId) found.portfolio = ct('err_portfolio');
    setErrors(found);
    if (Object.keys(found).length) return;
    const body: CampaignCreate = { name: name.trim(), portfolioId, segmentIds, ...(strategyId ? { strategyId } : {}), settings: { mode } };
    setBusy(true);
    try {
      const created = await request<Campaign>('POST', '/campaigns', body);
      onCreated(created);
    } catch (err) {
      const field = err instanceof ApiError ? fieldOf(err.field) : 'form';
      const text = problemText(err, lang);
      setErrors({ [field]: field === 'form' ? text : reasonAtField(text) });
    } finally {
      setBusy(false);
    }
  }

  const err = (f: Field) =>
    errors[f] ? (
      <span className="field-error" role="alert" id={`campaign-${f}-error`}>
        {errors[f]}
      </span>
    ) : null;
  const described = (f: Field) => (errors[f] ? { 'aria-invalid': true, 'aria-describedby': `campaign-${f}-error` } : {});

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
            <input ref={nameRef} name="name" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} {...described('name')} />
          </label>
          {err('name')}
        </div>
        <div className="field">
          <label>
            {ct('field_portfolio')}
            <select name="portfolio" value={portfolioId} onChange={(e) => setPortfolioId(e.target.value)} {...described('portfolio')}>
              <option value="">{ct('choose')}</option>
              {catalog?.portfolios.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          {catalog && catalog.portfolios.length === 0 && <span className="muted">{ct('no_portfolios')}</span>}
          {err('portfolio')}
        </div>
        <div className="field">
          <label>
            {ct('field_strategy')}
            <select name="strategy" value={strategyId} onChange={(e) => setStrategyId(e.target.value)} {...described('strategy')}>
              <option value="">{ct('none')}</option>
              {catalog?.strategies.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          {err('strategy')}
        </div>
        <div className="field">
          <label>
            {ct('field_mode')}
            <select name="mode" value={mode} onChange={(e) => setMode(e.target.value as DialMode)} {...described('mode')}>
              {DIAL_MODES.map((m) => (
                <option key={m} value={m}>
                  {t(`mode_${m}`)}
                </option>
              ))}
            </select>
          </label>
          {err('mode')}
        </div>
      </div>
      <fieldset className="segments" {...described('segments')}>
        <legend>{ct('field_segments')}</legend>
        <span className="muted">{catalog && catalog.segments.length === 0 ? ct('no_segments') : ct('field_segments_hint')}</span>
        {catalog?.segments.map((s) => (
          <label key={s.id} className="inline">
            <input
              type="checkbox"
              name="segment"
              value={s.id}
              checked={segmentIds.includes(s.id)}
              onChange={(e) => setSegmentIds((ids) => (e.target.checked ? [...ids, s.id] : ids.filter((x) => x !== s.id)))}
            />
            {s.name}
          </label>
        ))}
        {err('segments')}
      </fieldset>
      {err('form')}
      <p className="actions">
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
