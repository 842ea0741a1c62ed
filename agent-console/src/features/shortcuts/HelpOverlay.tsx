import { label } from '../../i18n/index.js';
import { useAppStore } from '../../store/provider.js';
import { useLang, useT } from '../../store/selectors.js';
import { QUICK_OUTCOMES } from '../disposition/DispositionPanel.js';
import { SHORTCUTS } from './useShortcuts.js';

export function HelpOverlay() {
  const t = useT();
  const lang = useLang();
  const open = useAppStore((s) => s.ui.helpOpen);
  const setOpen = useAppStore((s) => s.setHelpOpen);
  if (!open) return null;
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="help-title">
      <div className="card">
        <h2 id="help-title">{t('shortcuts')}</h2>
        <table>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys}>
                <td>
                  <kbd>{s.keys}</kbd>
                </td>
                <td>{t(s.action)}</td>
              </tr>
            ))}
            {QUICK_OUTCOMES.map((o, i) => (
              <tr key={o}>
                <td>
                  <kbd>Alt+{i + 1}</kbd>
                </td>
                <td>{t('sc_outcome', { label: label(o, lang) })}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" onClick={() => setOpen(false)} autoFocus>
          {t('close')}
        </button>
      </div>
    </div>
  );
}
