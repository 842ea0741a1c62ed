import { maskPhone } from './mask.js';

// What a process may write to its log about a debtor. The dialer and the IVR log error messages that come
// from Postgres, Asterisk and Twilio, which quote whatever they were given ("PJSIP/+573001234567@carrier",
// "Key (e164)=(+573001234567)"): masking at the log's one sink catches those too, not only the fields a
// developer remembered to mask.

/** Keys whose values are personal data whatever they hold. */
const PERSONAL_KEYS = new Set(['e164', 'phone', 'to', 'from', 'callerid', 'name', 'fullname', 'nationalid', 'document', 'email', 'address', 'text', 'body']);

// an E.164 number (with its +), or the digits a SIP dial string or SQL error quotes after a '/', '=(' or 'tel:'
// (not the first group of a UUID in a URL path, /12345678-…, which is an id)
const PHONE_IN_TEXT = /\+\d{7,15}\b|(?<=(?:\/|=\(|tel:|sip:))\d{7,15}(?![\w-])/g;
const EMAIL_IN_TEXT = /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g;

/** The text with every phone number and e-mail address in it masked ("+57 *** *** 4567", "***@***"). */
export function redactText(text: string): string {
  return text.replace(PHONE_IN_TEXT, (m) => maskPhone(m.startsWith('+') ? m : `+${m}`)).replace(EMAIL_IN_TEXT, '***@***');
}

/** A log payload with personal fields masked by key, and phone numbers or e-mail addresses in any text masked. */
export function redactForLog(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || depth > 6) return value;
  if (Array.isArray(value)) return value.map((v) => redactForLog(v, depth + 1));
  if (value instanceof Date) return value;
  if (value instanceof Error) return redactText(value.message);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = PERSONAL_KEYS.has(k.toLowerCase()) && typeof v === 'string' ? maskValue(k, v) : redactForLog(v, depth + 1);
  }
  return out;
}

function maskValue(key: string, v: string): string {
  if (/^\+?\d[\d\s()-]{5,}$/.test(v)) return maskPhone(v.startsWith('+') ? v : `+${v.replace(/\D/g, '')}`);
  return key.toLowerCase() === 'email' ? '***@***' : '*'.repeat(Math.min(v.length, 8));
}

/** One log line: the message and its details, both redacted. */
export function logLine(prefix: string, msg: string, details?: unknown): string {
  const d = details === undefined ? '' : ` ${JSON.stringify(redactForLog(details))}`;
  return `${prefix ? `${prefix} ` : ''}${redactText(msg)}${d}`;
}
