import { describe, expect, it } from 'vitest';
import { logLine, redactForLog, redactText } from './redact.js';

describe('log redaction', () => {
  it('masks the numbers Asterisk and Postgres quote in their error messages', () => {
    expect(redactText('Allocation failed: PJSIP/+573001234567@carrier')).toBe('Allocation failed: PJSIP/+57 *** *** 4567@carrier');
    expect(redactText('duplicate key value violates unique constraint, Key (e164)=(573001234567) already exists')).toContain('=(+57 *** *** 4567)');
    expect(redactText('sip:12125550123@trunk')).toBe('sip:+1 *** *** 0123@trunk');
    expect(redactText('mail to ana.perez@example.com failed')).toBe('mail to ***@*** failed');
  });

  it('keeps what an operator needs: ids, counts, dates, rules', () => {
    const id = '5f0c2a9e-1b7d-4c1e-9a55-000000123456';
    expect(redactText(`call ${id} ended after 42 s at 2026-12-07T10:00:00Z`)).toBe(`call ${id} ended after 42 s at 2026-12-07T10:00:00Z`);
    expect(redactForLog({ callId: id, attempts: 3, rule: 'window/outside-hours' })).toEqual({ callId: id, attempts: 3, rule: 'window/outside-hours' });
    // a UUID whose first group is all digits, in a URL path, is an id (a request log line), not a phone
    expect(redactText('/debtors/12345678-1b7d-4c1e-9a55-000000123456/history')).toBe('/debtors/12345678-1b7d-4c1e-9a55-000000123456/history');
  });

  it('masks personal fields by name at any depth, whatever their shape', () => {
    const out = redactForLog({ debtor: { name: 'Ana Pérez', phone: '3001234567', email: 'ana@x.co' }, to: '+447700900123', error: new Error('to +573001234567') });
    expect(out).toEqual({ debtor: { name: '********', phone: expect.stringMatching(/^\+[\d *]+4567$/), email: '***@***' }, to: '+44 *** *** 0123', error: 'to +57 *** *** 4567' });
    expect(JSON.stringify(out)).not.toMatch(/3001234567|Ana/);
    const line = logLine('[ivr]', 'sms: sent', { to: '+573001234567', smsId: 's1' });
    expect(line).toBe('[ivr] sms: sent {"to":"+57 *** *** 4567","smsId":"s1"}');
    expect(line).not.toMatch(/3001234567/);
  });
});
