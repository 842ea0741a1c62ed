/**
 * The one place where ARI/HTTP failures become the project's own error. Callers branch on `code`,
 * never on message text (ari-client's errors are bare messages without the HTTP status).
 */
export type AriErrorCode =
  /** The channel/bridge/playback/recording does not exist (for a channel: it hung up). */
  | 'NOT_FOUND'
  /** The object exists but is not in a state for this (e.g. channel not in the Stasis app, bridge id taken). */
  | 'CONFLICT'
  /** Asterisk refused the operation for the channel's current state (HTTP 412, e.g. not answered). */
  | 'INVALID_STATE'
  /** Bad parameters (HTTP 400/422): a bug in the caller or a bad endpoint/media URI. */
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  /** Asterisk is not reachable, or the event connection is down (work is refused rather than lost). */
  | 'UNAVAILABLE'
  | 'TIMEOUT'
  | 'INTERNAL';

export class AriError extends Error {
  override readonly name = 'AriError';
  constructor(
    readonly code: AriErrorCode,
    /** What we were doing, e.g. "POST /channels/abc/answer". */
    readonly operation: string,
    message: string,
    /** HTTP status when Asterisk answered. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(`${operation}: ${message}${status ? ` (HTTP ${status})` : ''}`, options);
  }
}

export function codeForStatus(status: number): AriErrorCode {
  switch (status) {
    case 400:
    case 422:
      return 'BAD_REQUEST';
    case 401:
    case 403:
      return 'UNAUTHORIZED';
    case 404:
      return 'NOT_FOUND';
    case 409:
      return 'CONFLICT';
    case 412:
      return 'INVALID_STATE';
    case 503:
      return 'UNAVAILABLE';
    default:
      return 'INTERNAL';
  }
}

export function isAriError(e: unknown, code?: AriErrorCode): e is AriError {
  return e instanceof AriError && (code === undefined || e.code === code);
}

/** True when the error only says the channel (or bridge) is already gone: the usual race at hangup time. */
export function isGone(e: unknown): boolean {
  return isAriError(e, 'NOT_FOUND');
}
