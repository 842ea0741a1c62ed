import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { httpApi } from './api/client.js';
import { App } from './App.js';
import { createAppStore } from './store/createAppStore.js';
import { StoreProvider } from './store/provider.js';
import './styles.css';

// Spanish until the user picks a language; the pick is remembered on this browser
const store = createAppStore({ api: httpApi(), lang: 'es', prefs: window.localStorage });
// Read-only handle for the end-to-end test (registration time, screen-pop timings).
(window as unknown as { __cobranza: typeof store }).__cobranza = store;

// F5 keeps the shift: a valid session cookie means no login page, and the server says where the agent was
void store.getState().restore();

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
