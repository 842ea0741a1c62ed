// Every campaign with its hopper and why-not-dialing line (GET /campaigns/overview), read again every few
// seconds: the line changes with the dialer, the clock (compliance windows) and other supervisors' commands.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CampaignOverview, CampaignOverviewItem } from '@cobranza/contracts/api/campaign-status';
import { useAppStore } from '../../store/provider.js';

export const OVERVIEW_REFRESH_MS = 5000;

export interface Overview {
  /** null until the first answer. */
  items: CampaignOverviewItem[] | null;
  /** The last read failed (the items shown, if any, are the previous ones). */
  error: unknown;
  reload(): Promise<void>;
}

export function useCampaignOverview(refreshMs = OVERVIEW_REFRESH_MS): Overview {
  const request = useAppStore((s) => s.request);
  const [items, setItems] = useState<CampaignOverviewItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const alive = useRef(true);
  const reload = useCallback(async () => {
    try {
      const r = await request<CampaignOverview>('GET', '/campaigns/overview');
      if (!alive.current) return;
      setItems(r.items);
      setError(null);
    } catch (e) {
      if (alive.current) setError(e);
    }
  }, [request]);
  useEffect(() => {
    alive.current = true;
    void reload();
    const id = setInterval(() => void reload(), refreshMs);
    return () => {
      alive.current = false;
      clearInterval(id);
    };
  }, [reload, refreshMs]);
  return { items, error, reload };
}
