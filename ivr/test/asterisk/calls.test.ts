// The IVR on real calls: Asterisk 22 in its chroot, SIPp as the debtor/caller pressing keys with RFC 2833
// DTMF, Postgres and Redis. Nothing here is simulated except who originates (the test, as the dialer does).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComplianceGate } from '@cobranza/compliance';
import { PgComplianceStore } from '@cobranza/db/stores/compliance-store';
import type { DialerControls } from '../../src/runtime.js';
import { todayIn } from '@cobranza/domain/format/index';
import { seedDebtor } from '../fixtures.js';
import { callDebtor, callInbound, fakeVoice, heardOn, makeHarness, sessionFor, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await makeHarness('calls');
});
afterAll(async () => h?.close());

function controlsFor(channelId: string): DialerControls & { finished: boolean } {
  const c = {
    finished: false,
    signal: new AbortController().signal,
    pressToTalk: () => undefined,
    finish: () => {
      c.finished = true;
      void h.ari.hangupQuietly(channelId);
    },
  };
  return c;
}

/** A person answering: "¿Aló?", silence (AMD hears a person), then keys. */
const person = (keys: Array<{ afterMs: number; dtmf: string }>) => [
  { silenceMs: 300 },
  { wav: fakeVoice(h.env, 'fake-person-hello') },
  ...keys.flatMap((k) => [{ silenceMs: k.afterMs }, { dtmf: k.dtmf }]),
  { silenceMs: 60_000 },
];

const NUMBERS = /^(number|digits):/;

describe('outbound message on a real call', () => {
  it('a debtor presses 3, types a promise by keypad, confirms it, and Postgres has it', async () => {
    const s = await seedDebtor(h.tdb.db, { phone: '+573001230003' });
    // a date the strategy accepts whatever day the test runs: in 5 days, by the debtor's calendar (Bogotá)
    const due = new Date(Date.parse(`${todayIn('America/Bogota', new Date(h.clock.now()))}T12:00:00Z`) + 5 * 86_400_000);
    const [day, month] = [due.getUTCDate(), due.getUTCMonth() + 1];
    const ddmm = `${String(day).padStart(2, '0')}${String(month).padStart(2, '0')}`;
    const call = await callDebtor(h, person([{ afterMs: 6000, dtmf: '3' }, { afterMs: 2500, dtmf: ddmm }, { afterMs: 2500, dtmf: '300000#' }, { afterMs: 3000, dtmf: '1' }]));
    try {
      expect(call.amd.status).toBe('HUMAN');
      const controls = controlsFor(call.channelId);
      const r = await h.runtime.runAgentless(
        { callId: call.channelId, campaignId: null, debtorId: s.debtorId, accountId: s.accountId, e164: s.phone, locale: 'es-CO', creditor: { id: s.creditorId, code: 'BA', businessName: 'Banco Andino', callbackNumber: '6015551234' } },
        controls,
      );
      expect(r?.outcome).toBe('promise');
      const promises = await h.tdb.db.selectFrom('promises').selectAll().where('debtor_id', '=', s.debtorId).execute();
      expect(promises).toMatchObject([{ account_id: s.accountId, amount: '300000.00', currency: 'COP', due_date: due.toISOString().slice(0, 10), source: 'ivr', status: 'pending', ivr_session_id: r!.sessionId }]);
      const session = await h.tdb.db.selectFrom('ivr_sessions').selectAll().where('id', '=', r!.sessionId).executeTakeFirstOrThrow();
      expect(session).toMatchObject({ debtor_id: s.debtorId, direction: 'outbound', outcome: 'promise', call_attempt_id: null });
      expect((session.path as Array<{ step: string }>).map((p) => p.step)).toEqual(expect.arrayContaining(['message', 'main', 'promise', 'bye']));
      const heard = heardOn(h, call.channelId);
      // the personalised message started (then the caller's key stopped it), and the promise was read back
      expect(heard[0]).toBe('Hola Lucía. Le llamamos de Banco Andino.');
      expect(heard).toEqual(expect.arrayContaining(['Usted se compromete a pagar', 'number:300000', 'pesos', 'el día', `number:${day}`, `sound:digits/mon-${month - 1}`]));
      expect(h.runtime.media.get(call.channelId)!.heard[0]!.end).toBe('stopped');
      expect(controls.finished).toBe(true);
    } finally {
      await call.sipp.stop();
    }
  }, 180_000);

  it('a debtor presses 9: the opt-out is recorded and the compliance gate blocks every later contact, any campaign, any channel', async () => {
    const s = await seedDebtor(h.tdb.db, { phone: '+573001230009' });
    const call = await callDebtor(h, person([{ afterMs: 6000, dtmf: '9' }]));
    try {
      expect(call.amd.status).toBe('HUMAN');
      const r = await h.runtime.runAgentless(
        { callId: call.channelId, campaignId: null, debtorId: s.debtorId, accountId: s.accountId, e164: s.phone, locale: 'es-CO', creditor: { id: s.creditorId, code: 'BA', businessName: 'Banco Andino', callbackNumber: '6015551234' } },
        controlsFor(call.channelId),
      );
      expect(r?.outcome).toBe('opt_out');
      expect(await h.tdb.db.selectFrom('opt_outs').select(['debtor_id', 'channel', 'source']).where('debtor_id', '=', s.debtorId).execute()).toEqual([
        { debtor_id: s.debtorId, channel: 'all', source: 'ivr_keypad' },
      ]);
      expect(heardOn(h, call.channelId)).toContain('Hemos registrado su solicitud. No volverá a recibir estas llamadas.');
      // the same gate the dialer calls before every originate: another campaign, later, voice, IVR and SMS
      const campaign = await h.tdb.db.insertInto('campaigns').values({ name: 'Otra campaña', dial_mode: 'predictive' }).returning('id').executeTakeFirstOrThrow();
      const gate = new ComplianceGate({ store: new PgComplianceStore(h.tdb.db) });
      const at = new Date(Date.now() + 8 * 86_400_000);
      at.setUTCHours(15, 0, 0, 0); // 10:00 in Bogotá, a week later
      for (const channel of ['voice', 'ivr', 'sms'] as const) {
        const d = await gate.check({ channel, automated: true, at, debtorId: s.debtorId, accountId: s.accountId, creditorId: s.creditorId, campaignId: campaign.id, phone: { e164: s.phone, type: 'mobile', consentAutomated: true, optedOut: false } });
        expect({ channel, allowed: d.allowed }).toEqual({ channel, allowed: false });
        expect(d.blockedBy.map((b) => b.ruleId).join(' ')).toMatch(/opt/i);
      }
    } finally {
      await call.sipp.stop();
    }
  }, 180_000);

  it('an answering machine gets only the business name and the callback number', async () => {
    const s = await seedDebtor(h.tdb.db, { phone: '+573001230006' });
    const call = await callDebtor(h, [{ silenceMs: 300 }, { wav: fakeVoice(h.env, 'fake-machine-greeting') }, { silenceMs: 60_000 }]);
    try {
      expect(call.amd.status).toBe('MACHINE');
      const r = await h.runtime.runMachineMessage(call.channelId, { id: s.creditorId, businessName: 'Banco Andino', callbackNumber: '6015551234' }, s.strategyId);
      expect(r.outcome).toBe('machine_message');
      expect(heardOn(h, call.channelId)).toEqual([
        'Este es un mensaje de Banco Andino. Por favor comuníquese con nosotros al',
        'digits:6015551234',
        'Repetimos, el número es',
        'digits:6015551234',
        'Gracias.',
      ]);
      for (const p of h.runtime.media.get(call.channelId)!.heard) expect(p.end).toBe('finished');
    } finally {
      await call.sipp.stop();
    }
  }, 180_000);
});

describe('24/7 self-service line on a real call', () => {
  it('a caller fails identification 3 times: the line says so and ends, no balance is ever played, attempts are logged and counted', async () => {
    const s = await seedDebtor(h.tdb.db, { document: '52345678', birthDate: '1985-03-14', phone: '+573001230002' });
    const caller = '+573009998877';
    const sipp = await callInbound(h, caller, [
      { silenceMs: 7000 },
      { dtmf: '52345678#' },
      { silenceMs: 3000 },
      { dtmf: '01011990#' },
      { silenceMs: 4000 },
      { dtmf: '52345678#' },
      { silenceMs: 3000 },
      { dtmf: '9999#' },
      { silenceMs: 4000 },
      { dtmf: '11111111#' },
      { silenceMs: 3000 },
      { dtmf: '14031985#' },
      { silenceMs: 60_000 },
    ]);
    try {
      const channelId = await waitForInboundChannel(h);
      const r = await sessionFor(h, channelId);
      expect({ outcome: r.outcome, path: r.path.map((p) => `${p.step}:${p.input ?? ''}:${p.result ?? ''}`), heard: heardOn(h, channelId) }).toMatchObject({ outcome: 'identify_failed' });
      expect(r).toMatchObject({ outcome: 'identify_failed', identified: false });
      const heard = heardOn(h, channelId);
      expect(heard.filter((u) => NUMBERS.test(u))).toEqual([]);
      expect(heard.join(' | ')).not.toMatch(/Saldo|pesos|Lucía|Pago mínimo|vencimiento/);
      expect(heard.at(-1)).toMatch(/^No fue posible verificar su identidad/);
      const row = await h.tdb.db.selectFrom('ivr_sessions').selectAll().where('id', '=', r.sessionId).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ direction: 'inbound', caller_number: caller, identified: false, outcome: 'identify_failed', debtor_id: null });
      expect((row.path as Array<{ step: string; result?: string }>).filter((p) => p.step === 'identify').map((p) => p.result)).toEqual(['fail:attempt1', 'fail:attempt2', 'fail:attempt3']);
      const audits = await h.tdb.db.selectFrom('audit_log').select(['action', 'details']).where('entity_id', '=', r.sessionId).execute();
      expect(audits).toHaveLength(3);
      expect(JSON.stringify(audits)).not.toContain('52345678'); // ids are masked in the log
      expect(Number(await h.redis.get(`${h.prefix}ivr:idfail:caller:${caller}`))).toBe(3);
      expect(Number(await h.redis.get(`${h.prefix}ivr:idfail:doc:52345678`))).toBe(2);
      expect(s.debtorId).toBeTruthy();
    } finally {
      await sipp.stop();
    }
  }, 120_000);
});

describe('24/7 self-service line: identified caller', () => {
  it('id + date of birth by keypad, then the balance, days past due, next due date and minimum payment are read, and 3 sends the statement by SMS', async () => {
    const s = await seedDebtor(h.tdb.db, { document: '71234567', birthDate: '1990-07-21', phone: '+573001230004' });
    const sipp = await callInbound(
      h,
      '+573005554433',
      [{ silenceMs: 7000 }, { dtmf: '71234567#' }, { silenceMs: 3000 }, { dtmf: '21071990#' }, { silenceMs: 12_000 }, { dtmf: '3' }, { silenceMs: 60_000 }],
      40_000,
    );
    try {
      const channelId = await waitForInboundChannel(h);
      const r = await sessionFor(h, channelId);
      expect(r).toMatchObject({ identified: true, outcome: 'sms_sent' });
      const heard = heardOn(h, channelId);
      const i = heard.indexOf('Cuenta terminada en');
      const last4 = (await h.tdb.db.selectFrom('accounts').select('external_id').where('id', '=', s.accountId).executeTakeFirstOrThrow()).external_id.slice(-4);
      expect(heard.slice(i, i + 17)).toEqual([
        'Cuenta terminada en',
        `digits:${last4}`,
        'Saldo:',
        'number:1250000',
        'pesos',
        'Días de mora:',
        expect.stringMatching(/^number:\d+$/),
        'Próximo vencimiento:',
        'number:5',
        'sound:digits/es-de',
        'sound:digits/mon-11',
        'sound:digits/es-de',
        'number:2026',
        'Pago mínimo:',
        'number:150000',
        'pesos',
        // "3" was pressed during the reading: it stopped it and chose the menu option without the menu being read
        'Le enviamos un mensaje de texto con la información.',
      ]);
      expect(h.sms.sent).toMatchObject([{ debtorId: s.debtorId, template: 'statement', to: s.phone }]);
      const row = await h.tdb.db.selectFrom('ivr_sessions').select(['debtor_id', 'identified', 'outcome']).where('id', '=', r.sessionId).executeTakeFirstOrThrow();
      expect(row).toEqual({ debtor_id: s.debtorId, identified: true, outcome: 'sms_sent' });
    } finally {
      await sipp.stop();
    }
  }, 120_000);
});

async function waitForInboundChannel(h: Harness, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  const seen = new Set(h.runtime.finished.map((r) => r.channelId));
  for (;;) {
    for (const id of h.runtime.media.keys()) if (!seen.has(id) && !id.startsWith('ivr-out-')) return id;
    if (Date.now() > deadline) throw new Error(`no inbound call reached the IVR within ${timeoutMs} ms; logs:\n${h.logs.join('\n')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
