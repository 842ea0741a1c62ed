import { useCallback, useEffect, useState } from 'react';
import { problemText } from '../i18n/index.js';
import { useLang } from '../store/selectors.js';

export interface Loaded<T> {
  data: T | null;
  /** Why it could not be loaded, in the UI language. */
  error: string | null;
  loading: boolean;
  reload(): void;
}

/** Loads with `load` when `key` changes (and on reload()); an answer that arrives after a newer one is dropped. */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const lang = useLang();
  // `for`: the key the data was loaded for; until the answer for a new key is in, it is still loading
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean; for: string | null }>({ data: null, error: null, loading: true, for: null });
  const [tick, setTick] = useState(0);
  // `load` is a fresh closure every render; `key` says when what it loads has changed
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load, [key, tick]);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    run().then(
      (data) => current && setState({ data, error: null, loading: false, for: key }),
      (error: unknown) => current && setState((s) => ({ data: s.data, error, loading: false, for: key })),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [run]);
  return { data: state.data, error: state.error ? problemText(state.error, lang) : null, loading: state.loading || state.for !== key, reload: () => setTick((n) => n + 1) };
}
