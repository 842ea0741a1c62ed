// Which of a debtor's phones to dial next. Pure.

export interface PhoneCandidate {
  id: string;
  e164: string;
  status: string; // valid | invalid | wrong_party | unknown
  /** Lower first: 1 is the debtor's main number (0 = not ranked, after ranked ones). */
  priority: number;
  attempts: number;
  lastResult: string | null;
  type: string;
  consentAutomated: boolean;
}

const FAILED_RESULTS = new Set(['busy', 'no_answer', 'congestion', 'failed', 'machine', 'abandoned']);

/** Phones that may still be dialed, best first: valid before unknown, then priority, then fewer failed attempts. */
export function orderPhones(phones: PhoneCandidate[]): PhoneCandidate[] {
  const rankStatus = (s: string) => (s === 'valid' ? 0 : s === 'unknown' ? 1 : 9);
  const rankPriority = (p: number) => (p > 0 ? p : Number.MAX_SAFE_INTEGER);
  const failed = (p: PhoneCandidate) => (p.lastResult !== null && FAILED_RESULTS.has(p.lastResult) ? p.attempts : 0);
  return phones
    .filter((p) => rankStatus(p.status) < 9)
    .sort(
      (a, b) =>
        rankStatus(a.status) - rankStatus(b.status) ||
        failed(a) - failed(b) ||
        rankPriority(a.priority) - rankPriority(b.priority) ||
        a.attempts - b.attempts ||
        a.id.localeCompare(b.id),
    );
}
