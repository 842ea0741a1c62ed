import { forwardRef } from 'react';
import { SCRIPT_VARIABLES, type ScriptVariable } from '@cobranza/domain/scripts/index';
import { useT } from '../../store/selectors.js';

/**
 * The variables the renderer knows (SCRIPT_VARIABLES, the list the API checks against), each a button:
 * a click or Enter puts {{variable}} at the cursor of the field named by `target`.
 */
export const VariablePalette = forwardRef<HTMLDivElement, { target: string; values: Record<ScriptVariable, string>; onInsert(v: ScriptVariable): void }>(function VariablePalette(
  { target, values, onInsert },
  ref,
) {
  const t = useT();
  return (
    <section className="card palette" aria-labelledby="palette-title" data-testid="variable-palette">
      <h2 id="palette-title">{t('scr_palette')}</h2>
      <p className="muted help">{t('scr_palette_help')}</p>
      <p className="palette-target" aria-live="polite">
        {t('scr_palette_target', { field: target })}
      </p>
      <div className="palette-vars" ref={ref} role="group" aria-labelledby="palette-title">
        {SCRIPT_VARIABLES.map((v) => (
          <button
            key={v}
            type="button"
            data-variable={v}
            aria-label={`{{${v}}}: ${t(`scr_var_${v}`)} (${values[v]})`}
            title={`${t(`scr_var_${v}`)} · ${values[v]}`}
            onClick={() => onInsert(v)}
          >
            <code>{`{{${v}}}`}</code>
            <span className="muted">{t(`scr_var_${v}`)}</span>
          </button>
        ))}
      </div>
    </section>
  );
});
