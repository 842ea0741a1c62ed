// SmsService against real Postgres (own database), the real compliance gate (PgComplianceStore) and a local
// HTTP server standing in for Twilio's API: the exact requests Twilio would get, and what is recorded.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ComplianceGate } from '@cobranza/compliance';
import { formatMoney } from '@cobranza/domain/format/index';
import { createTestDatabase, type TestDatabase } from '@cobranza/db/testing';
import { PgComplianceStore } from '@cobranza/db/stores/compliance-store';
import { SmsService } from '../src/sms/service.js';
import { createTwilioClient, type TwilioConfig } from '../src/sms/twilio-client.js';
import { PgIvrStore } from '../src/store/pg-store.js';
import { FakeTwilio } from './fake-twilio.js';
import { seedDebtor } from './fixtures.js';
import { quietLog } from './fakes.js';

const SID = 'AC0123456789abcdef0123456789abcdef';
// Monday 23 Nov 2026, 10:00 in Bogotá: inside the CO calling window
const NOW = new Date('2026-11-23T15:00:00Z');

let tdb: TestDatabase;
const twilioServer = new FakeTwilio();
let cfg: TwilioConfig;

function service(now = NOW) {
  const store = new PgIvrStore(tdb.db, quietLog.warn);
  const gate = new ComplianceGate({ store: new PgComplianceStore(tdb.db) });
  return new SmsService({
    db: tdb.db,
    store,
    gate,
    twilio: createTwilioClient(cfg),
    config: cfg,
    links: { paymentLinkBase: 'https://pagos.example.co/p', statementLinkBase: 'https://pagos.example.co/e' },
    log: quietLog,
    now: () => now,
  });
}

async function accountFor(debtorId: string, accountId: string) {
  const d = await new PgIvrStore(tdb.db).loadDebtor(debtorId, accountId);
  return d!.accounts[0]!;
}

beforeAll(async () => {
  tdb = await createTestDatabase('ivr_sms');
  await twilioServer.start();
  cfg = { accountSid: SID, authToken: 'test-token-123', messagingServiceSid: 'MG00000000000000000000000000000001', baseUrl: twilioServer.url, statusCallbackUrl: 'https://cobranza.example.co/twilio/sms/status' };
});
afterAll(async () => {
  await twilioServer.stop();
  await tdb?.drop();
});
beforeEach(() => {
  twilioServer.requests.length = 0;
  twilioServer.latencyMs = 0;
});

describe('SMS through Twilio', () => {
  it('sends the payment link: the exact Twilio request, the stored message and its contact_events row', async () => {
    const s = await seedDebtor(tdb.db);
    const account = await accountFor(s.debtorId, s.accountId);
    const r = await service().sendTemplate({ debtorId: s.debtorId, account, template: 'payment_link', to: s.phone, lang: 'es', campaignId: null, source: 'ivr' });
    expect(r.status).toBe('sent');
    expect(twilioServer.requests).toHaveLength(1);
    const req = twilioServer.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
    expect(req.authorization).toBe(`Basic ${Buffer.from(`${SID}:test-token-123`).toString('base64')}`);
    expect(req.contentType).toMatch(/application\/x-www-form-urlencoded/);
    const last4 = (await tdb.db.selectFrom('accounts').select('external_id').where('id', '=', s.accountId).executeTakeFirstOrThrow()).external_id.slice(-4);
    expect(req.form).toEqual({
      To: s.phone,
      MessagingServiceSid: 'MG00000000000000000000000000000001',
      Body: `Banco Andino: Lucía, pague su cuenta terminada en ${last4} aquí: https://pagos.example.co/p/${s.accountId} . Dudas: 6015551234`,
      StatusCallback: 'https://cobranza.example.co/twilio/sms/status',
    });
    const rows = await tdb.db.selectFrom('sms_messages').selectAll().where('debtor_id', '=', s.debtorId).execute();
    expect(rows).toMatchObject([{ status: 'queued', template: 'payment_link', e164: s.phone, direction: 'outbound', provider_sid: 'SM00000000000000000000000000000001' }]);
    const ledger = await tdb.db.selectFrom('contact_events').selectAll().where('debtor_id', '=', s.debtorId).execute();
    expect(ledger).toMatchObject([{ channel: 'sms', e164: s.phone, source_id: rows[0]!.id, connected: true }]);
  });

  it('uses From when there is no Messaging Service, and the strategy template with money per locale', async () => {
    const s = await seedDebtor(tdb.db, { smsTemplates: { statement: { es: 'Saldo {{account.balance}}, mínimo {{account.minimumPayment}} al {{account.nextDueDate}}' } } });
    const account = await accountFor(s.debtorId, s.accountId);
    const svc = new SmsService({ ...(service() as unknown as { deps: ConstructorParameters<typeof SmsService>[0] }).deps, config: { ...cfg, messagingServiceSid: undefined, from: '+15005550006' } });
    expect((await svc.sendTemplate({ debtorId: s.debtorId, account, template: 'statement', to: s.phone, lang: 'es', campaignId: null, source: 'ivr' })).status).toBe('sent');
    const form = twilioServer.requests[0]!.form;
    expect(form.From).toBe('+15005550006');
    expect(form.MessagingServiceSid).toBeUndefined();
    expect(form.Body).toBe(`Saldo ${formatMoney('1250000', 'COP', 'es-CO')}, mínimo ${formatMoney('150000', 'COP', 'es-CO')} al 5 de diciembre de 2026`);
    expect(form.Body).toMatch(/^Saldo \$\s1\.250\.000,00, mínimo \$\s150\.000,00 al/);
  });

  it('an SMS opt-out makes the gate block: nothing reaches Twilio, the message is stored as blocked', async () => {
    const s = await seedDebtor(tdb.db);
    await tdb.db.insertInto('opt_outs').values({ debtor_id: s.debtorId, e164: s.phone, channel: 'sms', source: 'sms_stop' }).execute();
    const account = await accountFor(s.debtorId, s.accountId);
    const r = await service().sendTemplate({ debtorId: s.debtorId, account, template: 'payment_link', to: s.phone, lang: 'es', campaignId: null, source: 'ivr' });
    expect(r.status).toBe('blocked');
    expect(twilioServer.requests).toEqual([]);
    const row = await tdb.db.selectFrom('sms_messages').selectAll().where('debtor_id', '=', s.debtorId).executeTakeFirstOrThrow();
    expect(row.status).toBe('blocked');
    expect(row.error_code).toBeTruthy();
    const decisions = await tdb.db.selectFrom('compliance_decisions').select(['allowed', 'channel']).where('debtor_id', '=', s.debtorId).execute();
    expect(decisions).toEqual([{ allowed: false, channel: 'sms' }]);
  });

  it('SMS counts against the same cap as calls (CO: one contact a day across channels)', async () => {
    const s = await seedDebtor(tdb.db);
    const account = await accountFor(s.debtorId, s.accountId);
    const first = await service().sendTemplate({ debtorId: s.debtorId, account, template: 'payment_link', to: s.phone, lang: 'es', campaignId: null, source: 'ivr' });
    expect(first.status).toBe('sent');
    const later = new Date(NOW.getTime() + 2 * 3600_000);
    const second = await service(later).sendTemplate({ debtorId: s.debtorId, account, template: 'statement', to: s.phone, lang: 'es', campaignId: null, source: 'ivr' });
    expect(second.status).toBe('blocked');
    // and the dialer asking the same gate for a call that day is refused because of the SMS
    const gate = new ComplianceGate({ store: new PgComplianceStore(tdb.db) });
    const call = await gate.check({ channel: 'voice', automated: true, at: later, debtorId: s.debtorId, accountId: s.accountId, creditorId: s.creditorId, phone: { e164: s.phone, type: 'mobile', consentAutomated: true, optedOut: false } });
    expect(call.allowed).toBe(false);
    expect(twilioServer.requests).toHaveLength(1);
  });

  it('SMS sends and calls asked for in the same instant give one contact (CO), one message to Twilio', async () => {
    const s = await seedDebtor(tdb.db);
    const account = await accountFor(s.debtorId, s.accountId);
    const gate = new ComplianceGate({ store: new PgComplianceStore(tdb.db) });
    // Twilio takes its time to answer: a sender that wrote its message only afterwards left that long a gap
    twilioServer.latencyMs = 150;
    const call = (i: number) =>
      gate.contact({ channel: i % 2 ? 'voice' : 'ivr', automated: true, at: NOW, debtorId: s.debtorId, accountId: s.accountId, creditorId: s.creditorId, phone: { e164: s.phone, type: 'mobile', consentAutomated: true, optedOut: false } }, (_d, locked) =>
        // what the dialer writes under the lock: the attempt row, here an attempt already dialed
        locked.db.insertInto('call_attempts').values({ id: `sms-race-${s.debtorId}-${i}`, debtor_id: s.debtorId, account_id: s.accountId, e164: s.phone, status: 'ended', outcome: 'no_answer', created_at: NOW, dialed_at: NOW }).execute(),
      );
    const texts = Promise.all(Array.from({ length: 6 }, (_, i) => service().sendTemplate({ debtorId: s.debtorId, account, template: i % 2 ? 'statement' : 'payment_link', to: s.phone, lang: 'es', campaignId: null, source: 'ivr' })));
    // the calls are asked for while a message that passed the gate is still on its way to Twilio
    for (let i = 0; i < 1000 && twilioServer.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    const [sent, called] = await Promise.all([texts, Promise.all(Array.from({ length: 6 }, (_, i) => call(i)))]);
    const contacts = sent.filter((r) => r.status === 'sent').length + called.filter((c) => c.decision.allowed).length;
    expect(contacts).toBe(1);
    expect(twilioServer.requests.length).toBe(sent.filter((r) => r.status === 'sent').length);
    const counted = await tdb.db.selectFrom('sms_messages').select('status').where('debtor_id', '=', s.debtorId).where('status', 'not in', ['blocked', 'failed']).execute();
    const dialed = await tdb.db.selectFrom('call_attempts').select('id').where('debtor_id', '=', s.debtorId).execute();
    expect(counted.length + dialed.length).toBe(1);
  });

  it('a Twilio error is stored as failed and does not count as a contact', async () => {
    const s = await seedDebtor(tdb.db);
    const account = await accountFor(s.debtorId, s.accountId);
    twilioServer.responses.push({ status: 400, body: { code: 21211, message: "The 'To' number is not a valid phone number.", status: 400 } });
    const r = await service().sendTemplate({ debtorId: s.debtorId, account, template: 'payment_link', to: s.phone, lang: 'es', campaignId: null, source: 'ivr' });
    expect(r).toEqual({ status: 'failed', reason: 'twilio:21211' });
    expect(await tdb.db.selectFrom('sms_messages').select(['status', 'error_code']).where('debtor_id', '=', s.debtorId).execute()).toEqual([{ status: 'failed', error_code: '21211' }]);
    expect(await tdb.db.selectFrom('contact_events').select('id').where('debtor_id', '=', s.debtorId).execute()).toEqual([]);
  });

  it('reminders before and after due dates go out once per account per day', async () => {
    const before = await seedDebtor(tdb.db, { nextDueDate: '2026-11-26', oldestDueDate: '2026-11-20' }); // due in 3 days, 3 days late
    const after = await seedDebtor(tdb.db, { nextDueDate: '2026-12-20', oldestDueDate: '2026-11-18' }); // 5 days late
    const svc = service();
    await svc.sendDueReminders(NOW);
    const bodies = twilioServer.requests.map((r) => [r.form.To, r.form.Body]);
    expect(bodies).toContainEqual([before.phone, expect.stringMatching(/^Banco Andino: recuerde que su pago de .*150\.000.* vence el 26 de noviembre de 2026\. Pague en https:\/\/pagos\.example\.co\/p\//)]);
    expect(bodies).toContainEqual([after.phone, expect.stringMatching(/tiene 5 días de atraso/)]);
    const count = twilioServer.requests.length;
    await svc.sendDueReminders(NOW);
    expect(twilioServer.requests.length).toBe(count);
  });

  it("reminders follow the debtor's calendar and contact hours, not the UTC date (two zones around midnight UTC)", async () => {
    // 00:30 UTC on Tuesday 24 Nov: Monday 18:30 in Mexico City (inside the CO weekday window, 07–19),
    // Tuesday 01:30 in Madrid (outside it). Both are due 3 days before their next due date, locally.
    const mexico = await seedDebtor(tdb.db, { timeZone: 'America/Mexico_City', nextDueDate: '2026-11-26' });
    const madrid = await seedDebtor(tdb.db, { timeZone: 'Europe/Madrid', nextDueDate: '2026-11-27' });
    const sentTo = (phone: string) => twilioServer.requests.filter((r) => r.form.To === phone).length;
    const rows = async (debtorId: string) => tdb.db.selectFrom('sms_messages').select(['template', 'status']).where('debtor_id', '=', debtorId).execute();

    const midnight = await service().sendDueReminders(new Date('2026-11-24T00:30:00Z'));
    // Mexico City is still on the 23rd: 3 days before the 26th (the UTC date, the 24th, would say 2 and send nothing)
    expect(sentTo(mexico.phone)).toBe(1);
    expect(await rows(mexico.debtorId)).toEqual([{ template: 'reminder_before', status: 'queued' }]);
    // Madrid is on the 24th, its reminder day, but at 01:30: the gate says later; nothing sent, nothing recorded
    expect(sentTo(madrid.phone)).toBe(0);
    expect(await rows(madrid.debtorId)).toEqual([]);
    expect(midnight.deferred).toBeGreaterThanOrEqual(1);

    // the same night a quarter of an hour later: Mexico City already has today's reminder
    await service().sendDueReminders(new Date('2026-11-24T00:45:00Z'));
    expect(sentTo(mexico.phone)).toBe(1);

    // 10:00 in Madrid, still its 24th: sent now, once; Mexico City's 24th (03:00) is not its reminder day
    await service().sendDueReminders(new Date('2026-11-24T09:00:00Z'));
    await service().sendDueReminders(new Date('2026-11-24T09:30:00Z'));
    expect(sentTo(madrid.phone)).toBe(1);
    expect(await rows(madrid.debtorId)).toEqual([{ template: 'reminder_before', status: 'queued' }]);
    expect(sentTo(mexico.phone)).toBe(1);
  });
});
