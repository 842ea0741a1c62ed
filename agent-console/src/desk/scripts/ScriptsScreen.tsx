import { useState } from 'react';
import type { Script } from '@cobranza/contracts/api/catalog';
import { useAppStore } from '../../store/provider.js';
import { useT } from '../../store/selectors.js';
import { useLoad } from '../useLoad.js';
import { ScriptEditor } from './ScriptEditor.js';
import './scripts.css';

const NEW = 'new';

/** Admins: the call scripts agents read, edited with a palette of variables and previewed as the agent sees them. */
export function ScriptsScreen() {
  const t = useT();
  const request = useAppStore((s) => s.request);
  const scripts = useLoad(() => request<{ items: Script[] }>('GET', '/scripts').then((r) => r.items), 'scripts');
  const [picked, setPicked] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  // the script as the last save answered, until the reloaded list has it
  const [last, setLast] = useState<Script | null>(null);
  const items = scripts.data ?? [];
  const id = picked || items[0]?.id || '';
  const listed = items.find((s) => s.id === id) ?? null;
  const current = last && last.id === id && (!listed || listed.version < last.version) ? last : listed;

  const saved = (s: Script, created: boolean) => {
    setNotice(t(created ? 'scr_created' : 'scr_saved', { v: s.version }));
    setLast(s);
    setPicked(s.id);
    scripts.reload();
  };
  const choose = (v: string) => {
    setPicked(v);
    setNotice(null);
  };

  if (scripts.error) return <p role="alert" className="error">{scripts.error}</p>;
  if (!scripts.data) return <p className="muted">{t('scr_loading')}</p>;
  return (
    <div className="desk-page scripts-screen">
      <div className="scripts-head">
        <h1>{t('nav_scripts')}</h1>
        {(items.length > 0 || current) && (
          <label className="inline">
            {t('scr_pick')}
            <select name="script" value={id === NEW ? '' : id} onChange={(e) => choose(e.target.value)}>
              {id === NEW && <option value="">{t('scr_new_title')}</option>}
              {(current && !listed ? [current, ...items] : items).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} · v{s.version}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="button" onClick={() => choose(NEW)} disabled={id === NEW}>
          {t('scr_new')}
        </button>
        {notice && (
          <p role="status" className="ok-notice">
            {notice}
          </p>
        )}
      </div>
      {!current && id !== NEW ? (
        <p className="card muted" data-testid="scripts-empty">
          {t('scr_none')}
        </p>
      ) : (
        // a saved script comes back as a new object: the editor starts again from what the API stored
        <ScriptEditor key={id === NEW ? NEW : `${id}-${current?.version ?? 0}`} script={id === NEW ? null : current} onSaved={saved} />
      )}
    </div>
  );
}
