// What Fastify's request log may show of a URL. Searches carry personal data in the query string
// (/debtors?document=…, ?phone=…, ?name=…, ?q=…): every value is masked except those of keys known to carry
// no personal data (paging, ids, filters), so a new search field is masked by default.

const HARMLESS_KEYS = new Set(['page', 'pageSize', 'limit', 'offset', 'kinds', 'portfolioId', 'campaignId', 'strategyId', 'entity', 'entityId', 'action', 'userId', 'from', 'to', 'status', 'sort', 'order', 'dryRun', 'mode', 'EIO', 'transport', 'sid']);

export const MASK = '*';

/** The URL with each query value masked unless its key is harmless. Keys stay, so the log still says what was searched by. */
export function maskUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const masked = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = eq < 0 ? pair : pair.slice(0, eq);
      let name: string;
      try {
        name = decodeURIComponent(key.replace(/\+/g, ' '));
      } catch {
        name = key;
      }
      if (eq < 0) return pair;
      return HARMLESS_KEYS.has(name) ? pair : `${key}=${MASK}`;
    })
    .join('&');
  return `${url.slice(0, q)}?${masked}`;
}

interface LoggedRequest {
  method: string;
  url: string;
  hostname?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** Fastify's request serializer with the URL masked (the default one logs `req.url` as it came). */
export const requestSerializers = {
  req(req: LoggedRequest) {
    return { method: req.method, url: maskUrl(req.url), hostname: req.hostname, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
  },
};
