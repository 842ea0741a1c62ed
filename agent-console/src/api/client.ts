import type { AgentShift, Campaign, DebtorRecord, DispositionBody, DispositionResponse, HistoryItem, HistoryResponse, LoginResponse, SipCredentials, User } from './types.js';

/**
 * The API serves the console from its own origin with routes at the root (/auth/login, /debtors/:id);
 * in development Vite serves the page and proxies /api/* to the API, dropping the prefix.
 */
export const API_BASE = import.meta.env?.DEV ? '/api' : '';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** The reason for people, when the server gave one (shown instead of the technical message). */
    readonly i18n?: { es: string; en: string },
    /** Every problem of a refused document (an IVR flow, a segment set), each at its field (a JSON pointer). */
    readonly problems?: { field: string; reason: string; i18n: { es: string; en: string } }[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiClient {
  login(email: string, password: string): Promise<LoginResponse>;
  me(): Promise<User>;
  /** The softphone's registration (endpoint, domain, WebSocket URL, password), computed by the API. */
  sip(): Promise<SipCredentials>;
  logout(): Promise<void>;
  campaigns(): Promise<Campaign[]>;
  debtor(id: string): Promise<DebtorRecord>;
  history(id: string): Promise<HistoryItem[]>;
  dispose(callId: string, body: DispositionBody): Promise<DispositionResponse>;
  /** The agent's state and the call still on screen, as the server knows them (after F5 or a new login). */
  shift(): Promise<AgentShift>;
  /** Any other route of the API, with the session and the error handling of the above (the desk's screens); a Blob body is sent as text/csv. */
  request<T>(method: HttpMethod, path: string, body?: unknown): Promise<T>;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export function httpApi(base = API_BASE, fetchImpl: typeof fetch = (...a) => fetch(...a)): ApiClient {
  let token: string | null = null;
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    // a file (an import's CSV) goes as it is, streamed by the browser; anything else as JSON
    const file = typeof Blob !== 'undefined' && body instanceof Blob;
    const res = await fetchImpl(`${base}${path}`, {
      method,
      credentials: 'include',
      headers: {
        // a recording goes as its own audio type; any other file is an import's CSV
        ...(body !== undefined ? { 'content-type': file ? (/^audio\//.test((body as Blob).type) ? (body as Blob).type : 'text/csv') : 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : file ? body : JSON.stringify(body),
    });
    const text = await res.text();
    const json: unknown = text ? JSON.parse(text) : undefined;
    if (!res.ok) {
      const e = (json ?? {}) as { code?: string; message?: string; field?: string; i18n?: { es: string; en: string }; problems?: ApiError['problems'] };
      throw new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? res.statusText, e.field, e.i18n, e.problems);
    }
    return json as T;
  }
  return {
    async login(email, password) {
      const r = await call<LoginResponse>('POST', '/auth/login', { email, password });
      token = r.token;
      return r;
    },
    me: () => call<User>('GET', '/auth/me'),
    sip: () => call<SipCredentials>('GET', '/auth/sip'),
    async logout() {
      await call('POST', '/auth/logout').catch(() => undefined);
      token = null;
    },
    async campaigns() {
      const r = await call<Campaign[] | { items: Campaign[] }>('GET', '/campaigns');
      return Array.isArray(r) ? r : r.items;
    },
    debtor: (id) => call<DebtorRecord>('GET', `/debtors/${encodeURIComponent(id)}`),
    async history(id) {
      const r = await call<HistoryResponse>('GET', `/debtors/${encodeURIComponent(id)}/history`);
      return r.items;
    },
    dispose: (callId, body) => call<DispositionResponse>('POST', `/calls/${encodeURIComponent(callId)}/disposition`, body),
    shift: () => call<AgentShift>('GET', '/agents/me/shift'),
    request: (method, path, body) => call(method, path, body),
  };
}
