import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { httpApi } from './api/client.js';
import { App } from './App.js';
import { createAppStore } from './store/createAppStore.js';
import { StoreProvider } from './store/provider.js';
import './styles.css';

const store = createAppStore({ api: httpApi(), lang: navigator.language.startsWith('en') ? 'en' : 'es' });
// Read-only handle for the end-to-end test (registration time, screen-pop timings).
(window as unknown as { __cobranza: typeof store }).__cobranza = store;

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
