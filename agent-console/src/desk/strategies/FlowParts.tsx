import { useT } from '../../store/selectors.js';
import { Field } from '../Field.js';
import { SAY_KINDS, type Json } from './flowModel.js';

type Part = Json;
const kindOf = (p: Part) => (['prompt', 'text', 'say', 'sound'] as const).find((k) => k in p) ?? 'prompt';

interface Props {
  base: string;
  /** pointer of the list: /ivrFlow/outbound/nodes/main/prompts */
  pointer: string;
  parts: Part[];
  promptIds: string[];
  errors: Record<string, string>;
  onChange(parts: Part[]): void;
}

/** What a step says: messages of the flow, free text, a value read aloud, or a sound, in order. */
export function FlowParts({ base, pointer, parts, promptIds, errors, onChange }: Props) {
  const t = useT();
  const set = (i: number, p: Part) => onChange(parts.map((x, j) => (j === i ? p : x)));
  const err = (i: number, k = '') => errors[`${pointer}/${i}${k}`];
  const blank = (kind: string): Part =>
    kind === 'text' ? { text: { es: '' } } : kind === 'say' ? { say: 'number', value: '' } : kind === 'sound' ? { sound: '' } : { prompt: promptIds[0] ?? '' };
  return (
    <fieldset className="flow-parts">
      <legend>{t('flow_parts')}</legend>
      {errors[pointer] && (
        <p className="field-error" role="alert">
          {errors[pointer]}
        </p>
      )}
      {parts.map((p, i) => {
        const kind = kindOf(p);
        const id = `${base}-part${i}`;
        const text = (p.text ?? {}) as Record<string, string>;
        return (
          <div key={i} className="flow-part" role="group" aria-label={t('flow_part', { n: i + 1 })}>
            <Field id={`${id}-kind`} label={t('flow_part', { n: i + 1 })} error={err(i)}>
              {(f) => (
                <select {...f} value={kind} onChange={(e) => set(i, blank(e.target.value))}>
                  <option value="prompt">{t('flow_part_prompt')}</option>
                  <option value="text">{t('flow_part_text')}</option>
                  <option value="say">{t('flow_part_say')}</option>
                  <option value="sound">{t('flow_part_sound')}</option>
                </select>
              )}
            </Field>
            {kind === 'prompt' && (
              <Field id={`${id}-prompt`} label={t('flow_part_prompt')} error={err(i, '/prompt')}>
                {(f) => (
                  <select {...f} value={String(p.prompt ?? '')} onChange={(e) => set(i, { prompt: e.target.value })}>
                    {!promptIds.includes(String(p.prompt)) && <option value={String(p.prompt ?? '')}>{String(p.prompt ?? '')}</option>}
                    {promptIds.map((x) => (
                      <option key={x} value={x}>
                        {x}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            )}
            {kind === 'text' &&
              (['es', 'en'] as const).map((lang) => (
                <Field key={lang} id={`${id}-text-${lang}`} label={t(lang === 'es' ? 'flow_text_es' : 'flow_text_en')} error={err(i, `/text/${lang}`)}>
                  {(f) => <input {...f} value={text[lang] ?? ''} onChange={(e) => set(i, { text: { ...text, [lang]: e.target.value } })} />}
                </Field>
              ))}
            {kind === 'say' && (
              <>
                <Field id={`${id}-say`} label={t('flow_say_kind')} error={err(i, '/say')}>
                  {(f) => (
                    <select {...f} value={String(p.say)} onChange={(e) => set(i, { ...p, say: e.target.value })}>
                      {SAY_KINDS.map((k) => (
                        <option key={k} value={k}>
                          {k}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field id={`${id}-value`} label={t('flow_value')} error={err(i, '/value')}>
                  {(f) => <input {...f} value={String(p.value ?? '')} onChange={(e) => set(i, { ...p, value: e.target.value })} />}
                </Field>
              </>
            )}
            {kind === 'sound' && (
              <Field id={`${id}-sound`} label={t('flow_part_sound')} error={err(i, '/sound')}>
                {(f) => <input {...f} value={String(p.sound ?? '')} onChange={(e) => set(i, { sound: e.target.value })} />}
              </Field>
            )}
            <button type="button" className="flow-remove" onClick={() => onChange(parts.filter((_, j) => j !== i))} aria-label={`${t('ed_remove')}: ${t('flow_part', { n: i + 1 })}`}>
              ✕
            </button>
          </div>
        );
      })}
      <button type="button" onClick={() => onChange([...parts, blank('prompt')])}>
        {t('flow_add_part')}
      </button>
    </fieldset>
  );
}
