import { useEffect } from 'react';
import type { AppStore } from '../../store/createAppStore.js';
import { QUICK_OUTCOMES } from '../disposition/DispositionPanel.js';

/** Alt+letter works even while typing in a field; "?" only outside fields. */
export const SHORTCUTS = [
  { keys: 'Alt+R', action: 'sc_ready_pause' },
  { keys: 'Alt+H', action: 'sc_hangup' },
  { keys: 'Alt+M', action: 'sc_mute' },
  { keys: 'Alt+S', action: 'sc_save' },
  { keys: 'Alt+K / ?', action: 'sc_help' },
] as const;

export function useShortcuts(store: AppStore, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      const s = store.getState();
      const typing = e.target instanceof HTMLElement && /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName);
      if (e.key === 'Escape' && s.ui.helpOpen) {
        s.setHelpOpen(false);
        return;
      }
      if (!typing && e.key === '?') {
        e.preventDefault();
        s.setHelpOpen(!s.ui.helpOpen);
        return;
      }
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      // e.code, not e.key: Alt+letter produces other characters on some layouts (macOS, es-ES).
      const code = e.code;
      const digit = /^Digit([1-9])$/.exec(code)?.[1];
      if (code === 'KeyR') void s.toggleReadyPause();
      else if (code === 'KeyH') void s.hangup();
      else if (code === 'KeyM') s.phoneControl()?.setMuted(!s.phone.muted);
      else if (code === 'KeyK') s.setHelpOpen(!s.ui.helpOpen);
      else if (code === 'KeyS') (document.getElementById('disposition-form') as HTMLFormElement | null)?.requestSubmit();
      else if (digit && QUICK_OUTCOMES[Number(digit) - 1]) s.setQuickOutcome(QUICK_OUTCOMES[Number(digit) - 1] ?? null);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, enabled]);
}
