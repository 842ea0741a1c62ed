import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AgentStatus } from '@cobranza/contracts';
import { DEFAULT_PACING } from '@cobranza/contracts/api/campaigns';
import type { ApiClient } from '../api/client.js';
import { ApiError } from '../api/client.js';
import { problemText, type Lang } from '../i18n/index.js';
import { MESSAGES } from '../i18n/messages.js';
import type { AppState, CallSlice, CommandResult, CommandSender, PhoneControl, PhoneSlice } from './types.js';

/** Where the chosen UI language is remembered (localStorage in the browser). */
export interface Prefs {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface StoreDeps {
  api: ApiClient;
  now?: () => number;
  /** The language before anyone chose one; default Spanish. A remembered choice wins. */
  lang?: Lang;
  prefs?: Prefs;
}

const LANG_KEY = 'cobranza.lang';
const isLang = (v: string | null): v is Lang => v === 'es' || v === 'en';

export type AppStore = StoreApi<AppState>;

const initialPhone: PhoneSlice = {
  registration: 'disconnected',
  mic: 'unknown',
  channel: 'idle',
  muted: false,
  held: false,
  error: null,
  detail: null,
  registeredInMs: null,
  channelUpInMs: null,
  reconnects: 0,
};

const NOT_CONNECTED: CommandResult = { ok: false, error: 'realtime_not_connected' };
const DISPOSITION_FIRST: CommandResult = {
  ok: false,
  code: 'DISPOSITION_PENDING',
  i18n: { es: MESSAGES.es.disposition_first, en: MESSAGES.en.disposition_first },
};
const noCall: CallSlice = { pop: null, popReceivedAt: null, debtor: null, debtorLoadedAt: null, history: [], loading: false, error: null, status: null };

/** A call on screen that was put through (not a preview still to dial) waits for its disposition. */
export const dispositionPending = (call: CallSlice): boolean => call.pop !== null && call.status !== null;

/** One store per app instance (and per test): dependencies are passed in, nothing is global. */
export function createAppStore(deps: StoreDeps): AppStore {
  const now = deps.now ?? (() => Date.now());
  let commands: CommandSender | null = null;
  let phone: PhoneControl | null = null;

  return createStore<AppState>()((set, get) => {
    const sendAgent = async (c: Parameters<CommandSender['agent']>[0]): Promise<CommandResult> => {
      const r = commands ? await commands.agent(c) : NOT_CONNECTED;
      if (!r.ok) get().notify(problemText(r, get().lang));
      return r;
    };
    const remembered = deps.prefs?.getItem(LANG_KEY) ?? null;
    const wrapUpSeconds = (campaignId: string | null): number => {
      const live = campaignId ? get().wallboard.campaigns[campaignId] : undefined;
      if (live) return live.settings.wrapUpSeconds;
      const c = get().campaigns.find((x) => x.id === campaignId);
      return c?.settings.wrapUpSeconds ?? DEFAULT_PACING.wrapUpSeconds;
    };

    const loadCampaigns = async () => {
      const campaigns = await deps.api.campaigns().catch(() => []);
      const running = campaigns.find((c) => c.status === 'running') ?? campaigns[0];
      set({ campaigns, selectedCampaignId: running?.id ?? null });
    };

    return {
      lang: isLang(remembered) ? remembered : (deps.lang ?? 'es'),
      session: { user: null, token: null, status: 'anonymous', error: null },
      realtimeConnected: false,
      campaigns: [],
      selectedCampaignId: null,
      agent: { state: 'offline', since: new Date(now()).toISOString(), campaignId: null, pauseReason: null, callId: null },
      phone: initialPhone,
      call: noCall,
      wrapupDeadline: null,
      lastDisposition: null,
      wallboard: { agents: {}, campaigns: {}, updatedAt: null },
      ui: { helpOpen: false, notice: null, quickOutcome: null },
      imports: {},

      setLang: (lang) => {
        deps.prefs?.setItem(LANG_KEY, lang);
        set({ lang });
      },

      async login(email, password) {
        set({ session: { user: null, token: null, status: 'logging_in', error: null } });
        try {
          const r = await deps.api.login(email, password);
          // the language chosen on this browser wins over the profile's (no switch under the user's eyes)
          const chosen = deps.prefs?.getItem(LANG_KEY) ?? null;
          const lang: Lang = isLang(chosen) ? chosen : r.user.locale.startsWith('en') ? 'en' : 'es';
          set({ session: { user: r.user, token: r.token, status: 'authenticated', error: null }, lang });
          await loadCampaigns();
          if (r.user.role === 'agent') await get().resync();
          return true;
        } catch (e) {
          const error = e instanceof ApiError && (e.status === 401 || e.status === 400) ? 'login_failed' : problemText(e, get().lang);
          set({ session: { user: null, token: null, status: 'anonymous', error } });
          return false;
        }
      },

      async restore() {
        set({ session: { ...get().session, status: 'restoring' } });
        let user;
        try {
          user = await deps.api.me();
        } catch {
          // no session (401) or no server: the login page; a server that is down says so when the user tries
          set({ session: { user: null, token: null, status: 'anonymous', error: null } });
          return;
        }
        set({ session: { user, token: null, status: 'authenticated', error: null } });
        await loadCampaigns();
        if (user.role === 'agent') await get().resync();
      },

      async resync() {
        const shownBefore = get().call.pop?.callId;
        let shift;
        try {
          shift = await deps.api.shift();
        } catch (e) {
          get().notify(problemText(e, get().lang));
          return;
        }
        if (shift.status) get().onAgentStatus(shift.status);
        const c = shift.call;
        if (!c) {
          // the server knows of no call waiting: what was on screen was disposed of elsewhere (a pop that
          // arrived while the answer was on its way is newer than the answer, and stays)
          if (shownBefore && get().call.pop?.callId === shownBefore && dispositionPending(get().call)) set({ call: noCall });
          return;
        }
        if (get().call.pop?.callId !== c.callId) {
          const me = get().session.user?.id ?? '';
          await get().onScreenPop({ callId: c.callId, agentId: me, campaignId: c.campaignId, debtorId: c.debtorId, e164Masked: c.e164Masked, via: 'dialer', at: c.at });
        }
        if (c.endedAt) set({ call: { ...get().call, status: 'ended' } });
      },

      async logout() {
        await sendAgent({ command: 'logout' }).catch(() => undefined);
        phone?.stop();
        await deps.api.logout();
        set({ session: { user: null, token: null, status: 'anonymous', error: null }, phone: initialPhone });
      },

      sipCredentials: () => deps.api.sip(),
      request: (method, path, body) => deps.api.request(method, path, body),

      selectCampaign: (id) => set({ selectedCampaignId: id }),

      goReady: async () => {
        if (dispositionPending(get().call)) {
          get().notify(problemText(DISPOSITION_FIRST, get().lang));
          return DISPOSITION_FIRST;
        }
        const campaignId = get().selectedCampaignId ?? get().agent.campaignId;
        return sendAgent(campaignId ? { command: 'ready', campaignId } : { command: 'ready' });
      },
      pause: (pauseReason) => sendAgent({ command: 'pause', pauseReason }),
      toggleReadyPause() {
        const s = get().agent.state;
        return s === 'ready' ? get().pause('break') : get().goReady();
      },
      hangup: () => sendAgent({ command: 'hangup' }),
      transfer: () => sendAgent({ command: 'transfer' }),
      dialPhone(phoneId) {
        const debtorId = get().call.debtor?.id ?? get().call.pop?.debtorId;
        return sendAgent({ command: 'dial', phoneId, ...(debtorId ? { debtorId } : {}) });
      },
      skipPreview(reason) {
        const debtorId = get().call.pop?.debtorId;
        const r = sendAgent({ command: 'skip', reason, ...(debtorId ? { debtorId } : {}) });
        void r.then((res) => {
          if (res.ok) set({ call: noCall });
        });
        return r;
      },

      async dispose(body) {
        const callId = get().call.pop?.callId ?? get().agent.callId;
        if (!callId) throw new Error('no call to dispose');
        const r = await deps.api.dispose(callId, body);
        set({
          lastDisposition: r,
          wrapupDeadline: null,
          call: noCall,
          ui: { ...get().ui, quickOutcome: null },
        });
        await sendAgent({ command: 'wrapup_done' });
        return r;
      },

      campaignCommand: async (c) => {
        const r = commands ? await commands.campaign(c) : NOT_CONNECTED;
        if (!r.ok) get().notify(problemText(r, get().lang));
        return r;
      },
      supervisorCommand: async (c) => {
        const r = commands ? await commands.supervisor(c) : NOT_CONNECTED;
        if (!r.ok) get().notify(problemText(r, get().lang));
        return r;
      },

      setRealtimeConnected: (realtimeConnected) => set({ realtimeConnected }),

      onAgentStatus(s) {
        const me = get().session.user?.id;
        const agents = { ...get().wallboard.agents, [s.agentId]: s };
        set({ wallboard: { ...get().wallboard, agents, updatedAt: now() } });
        if (s.agentId !== me) return;
        const prev = get().agent.state;
        set({ agent: { state: s.state, since: s.since, campaignId: s.campaignId, pauseReason: s.pauseReason, callId: s.callId } });
        if (s.state === 'wrapping' && prev !== 'wrapping') {
          set({ wrapupDeadline: new Date(s.since).getTime() + wrapUpSeconds(s.campaignId) * 1000 });
        } else if (s.state !== 'wrapping') {
          set({ wrapupDeadline: null });
        }
      },

      async onScreenPop(p) {
        const me = get().session.user?.id;
        if (me && p.agentId !== me) return;
        set({ call: { pop: p, popReceivedAt: now(), debtor: null, debtorLoadedAt: null, history: [], loading: true, error: null, status: p.via === 'preview' ? null : 'bridged' } });
        try {
          // The record first: the name and balances matter in the first second, the history can follow.
          const debtor = await deps.api.debtor(p.debtorId);
          if (get().call.pop?.callId !== p.callId) return;
          set({ call: { ...get().call, debtor, debtorLoadedAt: now(), loading: false } });
          const history = await deps.api.history(p.debtorId);
          if (get().call.pop?.callId !== p.callId) return;
          set({ call: { ...get().call, history } });
        } catch (e) {
          if (get().call.pop?.callId !== p.callId) return;
          set({ call: { ...get().call, loading: false, error: problemText(e, get().lang) } });
        }
      },

      onCallStatus(c) {
        if (get().call.pop?.callId === c.callId) set({ call: { ...get().call, status: c.status } });
      },

      onWallboardAgents(list) {
        const agents: Record<string, AgentStatus> = {};
        for (const a of list) agents[a.agentId] = a;
        set({ wallboard: { ...get().wallboard, agents, updatedAt: now() } });
      },

      onWallboardCampaign(s) {
        set({ wallboard: { ...get().wallboard, campaigns: { ...get().wallboard.campaigns, [s.campaignId]: s }, updatedAt: now() } });
      },

      onServerError: (e) => get().notify(problemText({ code: e.code }, get().lang)),
      // events can arrive out of order across the bus: bytes and rows only grow, a final phase stays
      onImportProgress: (p) =>
        set((s) => {
          const before = s.imports[p.ref];
          const final = (x: typeof p | undefined) => x?.phase === 'done' || x?.phase === 'failed';
          if (before && (final(before) || before.bytes > p.bytes || before.rows > p.rows)) return s;
          return { imports: { ...s.imports, [p.ref]: p } };
        }),

      setPhone: (patch) => set({ phone: { ...get().phone, ...patch } }),
      attachPhone: (control) => {
        phone = control;
      },
      phoneControl: () => phone,
      attachCommands: (sender) => {
        commands = sender;
      },

      setHelpOpen: (helpOpen) => set({ ui: { ...get().ui, helpOpen } }),
      setQuickOutcome: (quickOutcome) => set({ ui: { ...get().ui, quickOutcome } }),
      notify: (notice) => set({ ui: { ...get().ui, notice } }),
    };
  });
}
