import { useEffect } from 'react';
import { LANGS, problemText, translator } from './i18n/index.js';
import { connectRealtime } from './realtime/connect.js';
import type { AppStore } from './store/createAppStore.js';
import { useAppStore, useAppStoreApi } from './store/provider.js';
import { useT, useUser } from './store/selectors.js';
import { LoginForm } from './features/login/LoginForm.js';
import { startJssipPhone } from './features/softphone/jssipPhone.js';
import { sipConfigFor } from './features/softphone/sipConfig.js';
import { startSimulatedPhone } from './features/softphone/simulatedPhone.js';
import { HelpOverlay } from './features/shortcuts/HelpOverlay.js';
import { useShortcuts } from './features/shortcuts/useShortcuts.js';
import { DeskShell } from './desk/DeskShell.js';

export interface AppServices {
  realtime: typeof connectRealtime;
  phone: typeof startJssipPhone | null; // null: no softphone (component tests)
}

const defaultServices: AppServices = { realtime: connectRealtime, phone: startJssipPhone };

/** Realtime for everyone; the softphone for agents. Started at login, stopped at logout. */
function useShiftServices(store: AppStore, services: AppServices) {
  const user = useUser();
  const token = useAppStore((s) => s.session.token);
  useEffect(() => {
    if (!user) return;
    const stopRealtime = services.realtime(store, { token, wallboard: user.role !== 'agent' });
    let stopPhone: (() => void) | null = null;
    let ended = false;
    // Agents always; supervisors with a SIP endpoint too: listen/whisper/barge reach them on their own channel.
    const phone = services.phone;
    if (phone && user.sipEndpoint) {
      store
        .getState()
        .sipCredentials()
        .then((creds) => {
          if (ended) return; // logged out while the credentials were on their way
          const control = creds.telephony === 'simulated' ? startSimulatedPhone(store) : phone(store, sipConfigFor(user, creds, window.__COBRANZA_SIP__));
          store.getState().attachPhone(control);
          stopPhone = () => control.stop();
        })
        .catch((e: unknown) => {
          if (!ended) {
            const lang = store.getState().lang;
            store.getState().notify(`${translator(lang)('softphone_no_credentials')}: ${problemText(e, lang)}`);
          }
        });
    }
    return () => {
      ended = true;
      stopPhone?.();
      store.getState().attachPhone(null);
      stopRealtime();
    };
  }, [user, token, store, services]);
}

function Header() {
  const t = useT();
  const user = useUser();
  const lang = useAppStore((s) => s.lang);
  const setLang = useAppStore((s) => s.setLang);
  const logout = useAppStore((s) => s.logout);
  const online = useAppStore((s) => s.realtimeConnected);
  const notice = useAppStore((s) => s.ui.notice);
  const notify = useAppStore((s) => s.notify);
  const setHelp = useAppStore((s) => s.setHelpOpen);
  const simulated = useAppStore((s) => s.phone.registration === 'simulated');
  return (
    <>
      {simulated && (
        <div role="status" className="banner-simulated" data-testid="telephony-simulated">
          {t('telephony_simulated')}
        </div>
      )}
      <header className="app-header">
        <strong>Cobranza</strong>
        {user && <span className="muted">{user.name}</span>}
        <span className="spacer" />
        {user && !online && (
          <span role="alert" className="error">
            {t('realtime_lost')}
          </span>
        )}
        {notice && (
          <button type="button" className="notice" onClick={() => notify(null)} role="status">
            {notice} ×
          </button>
        )}
        <label>
          {t('language')}{' '}
          <select value={lang} onChange={(e) => setLang(e.target.value as typeof lang)} name="lang">
            {LANGS.map((l) => (
              <option key={l} value={l}>
                {l === 'es' ? 'Español' : 'English'}
              </option>
            ))}
          </select>
        </label>
        {user && (
          <>
            <button type="button" onClick={() => setHelp(true)} title="Alt+K">
              ?
            </button>
            <button type="button" onClick={() => void logout()}>
              {t('logout')}
            </button>
          </>
        )}
      </header>
    </>
  );
}

function Restoring() {
  const t = useT();
  return (
    <p role="status" className="card">
      {t('restoring')}
    </p>
  );
}

export function App({ services = defaultServices }: { services?: AppServices }) {
  const store = useAppStoreApi();
  const user = useUser();
  const lang = useAppStore((s) => s.lang);
  const restoring = useAppStore((s) => s.session.status === 'restoring');
  useShiftServices(store, services);
  useShortcuts(store, user?.role === 'agent');
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  return (
    <>
      <Header />
      {restoring ? <Restoring /> : !user ? <LoginForm /> : <DeskShell user={user} />}
      <HelpOverlay />
    </>
  );
}
