import { useEffect, useMemo, useState } from 'react';
import type { AgentStatus } from '@cobranza/contracts';
import { translator, type Translate } from '../i18n/index.js';
import { useAppStore } from './provider.js';
import type { AppState } from './types.js';

export const selectLang = (s: AppState) => s.lang;
export const selectUser = (s: AppState) => s.session.user;
export const selectAgent = (s: AppState) => s.agent;
export const selectPhone = (s: AppState) => s.phone;
export const selectCall = (s: AppState) => s.call;
export const selectWallboard = (s: AppState) => s.wallboard;

export const useLang = () => useAppStore(selectLang);
export const useUser = () => useAppStore(selectUser);
export const useAgent = () => useAppStore(selectAgent);
export const usePhone = () => useAppStore(selectPhone);
export const useCall = () => useAppStore(selectCall);
export const useActions = () => useAppStore((s) => s); // actions are stable; components pick what they call

export function useT(): Translate {
  const lang = useLang();
  return useMemo(() => translator(lang), [lang]);
}

/** A clock that re-renders every `ms` (time in state, countdowns). */
export function useNow(ms = 1000): number {
  const [t, setT] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setT(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return t;
}

const STATE_ORDER = ['talking', 'reserved', 'wrapping', 'ready', 'paused', 'offline'];

/** Agents for the wallboard: by state (busiest first), then longest in state. */
export function sortAgents(agents: Record<string, AgentStatus>): AgentStatus[] {
  return Object.values(agents).sort(
    (a, b) => STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state) || a.since.localeCompare(b.since),
  );
}

export function useSortedAgents(): AgentStatus[] {
  const agents = useAppStore((s) => s.wallboard.agents);
  return useMemo(() => sortAgents(agents), [agents]);
}

export function useCampaignStats() {
  const campaigns = useAppStore((s) => s.wallboard.campaigns);
  return useMemo(() => Object.values(campaigns).sort((a, b) => a.name.localeCompare(b.name)), [campaigns]);
}
