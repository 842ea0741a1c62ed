// Structured logs: one JSON object per line with time, level, process, message and fields, every phone
// number and personal field masked by the one redactor; readable text for a terminal.
import { describe, expect, it } from 'vitest';
import { createLogger, logFormatFromEnv, logLevelFromEnv } from '../src/format/log.js';

const at = () => new Date('2026-12-07T15:00:00.000Z');

describe('structured log', () => {
  it('writes a parseable JSON line with the phone number masked in the message and the fields', () => {
    const lines: string[] = [];
    const log = createLogger({ process: 'dialer', format: 'json', level: 'info', write: (l) => lines.push(l), now: at });
    log.warn('originate PJSIP/+573001234567@carrier failed', { e164: '+573001234567', campaignId: 'c-1', error: new Error('Key (e164)=(+573001234567) exists') });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    const rec = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(rec).toEqual({
      time: '2026-12-07T15:00:00.000Z',
      level: 'warn',
      process: 'dialer',
      message: expect.stringContaining('4567@carrier failed') as unknown,
      fields: { e164: expect.stringMatching(/4567$/) as unknown, campaignId: 'c-1', error: expect.stringContaining('4567') as unknown },
    });
    expect(lines[0]).not.toMatch(/3001234567|300 ?123/);
  });

  it('a child logger carries its fields; lines under the level are dropped', () => {
    const lines: string[] = [];
    const log = createLogger({ process: 'ivr', format: 'json', level: 'info', write: (l) => lines.push(l), now: at }).child({ campaignId: 'c-2' });
    log.debug('not shown');
    log.info('session started', { name: 'Ana Pérez', step: 'main' });
    expect(lines).toHaveLength(1);
    const rec = JSON.parse(lines[0]!) as { fields: Record<string, unknown> };
    expect(rec.fields).toEqual({ campaignId: 'c-2', name: '********', step: 'main' });
  });

  it('text for a terminal, redacted the same way', () => {
    const lines: string[] = [];
    createLogger({ process: 'api', format: 'text', level: 'info', write: (l) => lines.push(l), now: at }).info('sms to +573001234567 sent', { to: '+573001234567' });
    expect(lines[0]).toMatch(/^15:00:00\.000 INFO {2}\[api\] sms to \+57 .*4567 sent \{"to":".*4567"\}$/);
    expect(lines[0]).not.toContain('3001234567');
  });

  it('LOG_FORMAT: json in production by default, text otherwise, anything else refused', () => {
    expect(logFormatFromEnv({ NODE_ENV: 'production' })).toBe('json');
    expect(logFormatFromEnv({})).toBe('text');
    expect(logFormatFromEnv({ NODE_ENV: 'production', LOG_FORMAT: 'text' })).toBe('text');
    expect(logFormatFromEnv({ LOG_FORMAT: 'json' })).toBe('json');
    expect(() => logFormatFromEnv({ LOG_FORMAT: 'yaml' })).toThrow(/LOG_FORMAT/);
    expect(logLevelFromEnv({ LOG_LEVEL: 'warn' })).toBe('warn');
    expect(logLevelFromEnv({})).toBe('info');
  });
});
