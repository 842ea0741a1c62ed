// Which browser origins may open the console's live channel (and, later, anything else that checks Origin).
// A page on another site can make the browser send our session cookie; only the Origin header tells it apart.

/** True when a request with this Origin (and Host) comes from the app itself or a configured origin. */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  // no Origin: not a browser page (the dialer, a script with its token); a browser always sends one on WebSocket and CORS
  if (origin === undefined) return true;
  let o: URL;
  try {
    o = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, file://) and garbage
  }
  if (allowed.includes(o.origin)) return true;
  // the console served by the API itself: the page's origin is the host it asked
  return host !== undefined && o.host === host.toLowerCase();
}
