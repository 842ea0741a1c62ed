import { useState } from 'react';
import { API_BASE } from '../../api/client.js';
import type { MessageKey } from '../../i18n/index.js';
import { useAppStore } from '../../store/provider.js';
import { useLang, useT } from '../../store/selectors.js';
import { toProblems } from '../problems.js';
import { useLoad } from '../useLoad.js';

interface PromptItem {
  flow: string;
  owner: string;
  ownFlow: boolean;
  promptId: string;
  lang: string;
  text: string;
  source: 'recording' | 'tts' | 'tts_per_call';
}

/** The fixed messages of a saved strategy's flows: listen to each (recording or synthetic voice), upload a recording. */
export function PromptRecordings({ strategyId, version }: { strategyId: string | null; version: string }) {
  const t = useT();
  const lang = useLang();
  const request = useAppStore((s) => s.request);
  const items = useLoad(
    () => (strategyId ? request<{ items: PromptItem[] }>('GET', `/ivr/prompts?strategyId=${strategyId}`).then((r) => r.items.filter((i) => i.source !== 'tts_per_call' && i.flow !== 'system')) : Promise.resolve([])),
    `${strategyId}:${version}`,
  );
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [bust, setBust] = useState(0);
  const upload = async (i: PromptItem, file: File | undefined) => {
    if (!file) return;
    const key = `${i.owner}/${i.promptId}/${i.lang}`;
    try {
      await request('POST', `/ivr/prompts/${key}`, new Blob([await file.arrayBuffer()], { type: 'audio/wav' }));
      setNotes((n) => ({ ...n, [key]: t('pr_uploaded') }));
      setBust((b) => b + 1);
      items.reload();
    } catch (e) {
      setNotes((n) => ({ ...n, [key]: Object.values(toProblems(e, lang, () => '')).join(' ') }));
    }
  };
  return (
    <section className="card" aria-labelledby="st-prompts-title">
      <h2 id="st-prompts-title">{t('st_prompts')}</h2>
      {!strategyId ? (
        <p className="muted">{t('pr_save_first')}</p>
      ) : items.error ? (
        <p role="alert" className="error">
          {items.error}
        </p>
      ) : !items.data ? (
        <p className="muted">{t('ed_loading')}</p>
      ) : items.data.length === 0 ? (
        <p className="muted">{t('pr_none')}</p>
      ) : (
        <table className="prompt-table">
          <tbody>
            {items.data.map((i) => {
              const key = `${i.owner}/${i.promptId}/${i.lang}`;
              const label = { id: i.promptId, lang: i.lang === 'es' ? t('path_es') : t('path_en') };
              return (
                <tr key={`${i.flow}/${key}`}>
                  <td className="nowrap">
                    {t(`flow_${i.flow}` as MessageKey)} · «{i.promptId}» · {label.lang}
                    <div className="muted">
                      {i.source === 'recording' ? t('pr_source_recording') : t('pr_source_tts')}
                      {!i.ownFlow && ` · ${t('pr_flow_uses_default')}`}
                    </div>
                  </td>
                  <td className="prompt-text">{i.text}</td>
                  <td>
                    <audio controls preload="none" aria-label={t('pr_listen', label)} src={`${API_BASE}/ivr/prompts/${key}/audio?v=${bust}`} />
                  </td>
                  <td>
                    {i.ownFlow && (
                      <label className="upload">
                        <span className="sr-only">{t('pr_upload', label)}</span>
                        <input type="file" accept="audio/wav,.wav" aria-label={t('pr_upload', label)} onChange={(e) => void upload(i, e.target.files?.[0])} />
                      </label>
                    )}
                    {notes[key] && <span role="status">{notes[key]}</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
