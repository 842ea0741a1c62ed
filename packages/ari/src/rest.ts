import { AriError, codeForStatus } from './errors.js';

export interface RestOptions {
  /** Base URL of Asterisk's HTTP server, e.g. http://127.0.0.1:8088 */
  url: string;
  user: string;
  password: string;
  /** Per-request timeout (default 5000 ms). */
  timeoutMs?: number;
}

type Query = Record<string, string | number | boolean | undefined>;

/**
 * Minimal REST client over fetch. We call ARI's REST API ourselves (rather than through ari-client's
 * swagger methods) because we need the HTTP status to translate errors once (404 = channel gone,
 * 409 = conflict...), and because ari-client ignores ids it should honour (bridge create).
 */
export class AriRest {
  private readonly base: string;
  private readonly auth: string;
  private readonly timeoutMs: number;

  constructor(opts: RestOptions) {
    this.base = opts.url.replace(/\/+$/, '') + '/ari';
    this.auth = 'Basic ' + Buffer.from(`${opts.user}:${opts.password}`).toString('base64');
    this.timeoutMs = opts.timeoutMs ?? 5000;
  }

  async request<T = unknown>(method: string, path: string, query?: Query, body?: unknown): Promise<T> {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) qs.set(k, String(v));
    const url = this.base + path + (qs.size ? `?${qs.toString()}` : '');
    const operation = `${method} ${path}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          authorization: this.auth,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      const name = (e as { name?: string } | null)?.name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new AriError('TIMEOUT', operation, `no answer within ${this.timeoutMs} ms`, undefined, { cause: e });
      }
      throw new AriError('UNAVAILABLE', operation, `Asterisk not reachable at ${this.base}`, undefined, { cause: e });
    }
    const text = await res.text();
    if (!res.ok) {
      let detail = text;
      try {
        const parsed = JSON.parse(text) as { message?: string };
        if (parsed && typeof parsed.message === 'string') detail = parsed.message;
      } catch {
        // Not JSON (e.g. an HTML error page): keep the raw text as detail.
      }
      throw new AriError(codeForStatus(res.status), operation, detail || res.statusText, res.status);
    }
    if (!text) return undefined as T;
    return JSON.parse(text) as T;
  }
}
