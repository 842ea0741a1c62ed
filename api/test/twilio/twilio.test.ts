// Twilio webhooks on the real app (buildApp, own Postgres database and Redis prefix): signed callbacks are
// applied, forged ones get 403 and change nothing, STOP becomes an opt-out the compliance gate honours.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import twilio from 'twilio';
import { ComplianceGate } from '@cobranza/compliance';
import { PgComplianceStore } from '@cobranza/db/stores/compliance-store';
import { makeDebtor, makeEnv, makePortfolio, type TestEnv } from '../helpers.js';

const TOKEN = 'twilio-auth-token-test-0001';
let env: TestEnv;
let portfolioId: string;

/** What Twilio does: sign the full URL it posts to plus the sorted form fields. */
function signed(path: string, form: Record<string, string>, token = TOKEN) {
  return {
    method: 'POST' as const,
    url: path,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(token, `http://localhost:80${path}`, form),
    },
    payload: new URLSearchParams(form).toString(),
  };
}

async function outboundSms(debtorId: string, e164: string, sid: string) {
  return env.t.db
    .insertInto('sms_messages')
    .values({ debtor_id: debtorId, e164, direction: 'outbound', template: 'payment_link', body: 'x', status: 'queued', provider_sid: sid })
    .returning('id')
    .executeTakeFirstOrThrow();
}

beforeAll(async () => {
  env = await makeEnv('twilio', { config: { TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef', TWILIO_AUTH_TOKEN: TOKEN } });
  portfolioId = (await makePortfolio(env.t.db, 'TW')).id;
});
afterAll(async () => env?.close());

describe('Twilio status callbacks', () => {
  it('a signed callback updates the delivery status; a late "sent" does not undo "delivered"', async () => {
    const d = await makeDebtor(env.t.db, { portfolioId, doc: '70000001', first: 'Ana', last: 'Gil', phones: ['+573101110001'] });
    const m = await outboundSms(d.id, '+573101110001', 'SM11111111111111111111111111111111');
    const delivered = { MessageSid: 'SM11111111111111111111111111111111', MessageStatus: 'delivered', AccountSid: 'AC0123456789abcdef0123456789abcdef' };
    expect((await env.app.inject(signed('/twilio/sms/status', delivered))).statusCode).toBe(204);
    const late = { ...delivered, MessageStatus: 'sent' };
    expect((await env.app.inject(signed('/twilio/sms/status', late))).statusCode).toBe(204);
    const row = await env.t.db.selectFrom('sms_messages').select(['status', 'status_at']).where('id', '=', m.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('delivered');
    expect(row.status_at).not.toBeNull();
  });

  it('a replayed status callback writes nothing', async () => {
    const d = await makeDebtor(env.t.db, { portfolioId, doc: '70000009', first: 'Ana', last: 'Gil', phones: ['+573101110009'] });
    const sms = await outboundSms(d.id, '+573101110009', 'SM99999999999999999999999999999999');
    const delivered = signed('/twilio/sms/status', { MessageSid: 'SM99999999999999999999999999999999', MessageStatus: 'delivered' });
    expect((await env.app.inject(delivered)).statusCode).toBe(204);
    const first = await env.t.db.selectFrom('sms_messages').select(['status', 'status_at']).where('id', '=', sms.id).executeTakeFirstOrThrow();
    await env.t.db.updateTable('sms_messages').set({ status_at: new Date('2026-01-01T00:00:00Z') }).where('id', '=', sms.id).execute();
    expect((await env.app.inject(delivered)).statusCode).toBe(204);
    const after = await env.t.db.selectFrom('sms_messages').select(['status', 'status_at']).where('id', '=', sms.id).executeTakeFirstOrThrow();
    expect(first.status).toBe('delivered');
    expect(after).toEqual({ status: 'delivered', status_at: new Date('2026-01-01T00:00:00Z') });
  });

  it('records the error code of an undelivered message', async () => {
    const d = await makeDebtor(env.t.db, { portfolioId, doc: '70000002', first: 'Ana', last: 'Gil', phones: ['+573101110002'] });
    const m = await outboundSms(d.id, '+573101110002', 'SM22222222222222222222222222222222');
    const res = await env.app.inject(signed('/twilio/sms/status', { MessageSid: 'SM22222222222222222222222222222222', MessageStatus: 'undelivered', ErrorCode: '30003' }));
    expect(res.statusCode).toBe(204);
    expect(await env.t.db.selectFrom('sms_messages').select(['status', 'error_code']).where('id', '=', m.id).executeTakeFirstOrThrow()).toEqual({ status: 'undelivered', error_code: '30003' });
  });

  it('forged callbacks are rejected with 403 and change nothing', async () => {
    const d = await makeDebtor(env.t.db, { portfolioId, doc: '70000003', first: 'Ana', last: 'Gil', phones: ['+573101110003'] });
    const m = await outboundSms(d.id, '+573101110003', 'SM33333333333333333333333333333333');
    const form = { MessageSid: 'SM33333333333333333333333333333333', MessageStatus: 'failed' };
    const noSignature = signed('/twilio/sms/status', form);
    delete (noSignature.headers as Record<string, string>)['x-twilio-signature'];
    const otherToken = signed('/twilio/sms/status', form, 'someone-elses-token');
    const tampered = signed('/twilio/sms/status', { ...form, MessageStatus: 'delivered' });
    tampered.payload = new URLSearchParams(form).toString(); // signed "delivered", sends "failed"
    const otherUrl = signed('/twilio/sms/inbound', form);
    otherUrl.url = '/twilio/sms/status'; // a signature for another endpoint
    for (const forged of [noSignature, otherToken, tampered, otherUrl]) {
      const res = await env.app.inject(forged);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'TWILIO_SIGNATURE_INVALID' });
    }
    expect((await env.t.db.selectFrom('sms_messages').select('status').where('id', '=', m.id).executeTakeFirstOrThrow()).status).toBe('queued');
  });
});

describe('inbound SMS', () => {
  it('STOP is recorded as an SMS opt-out for the number and its debtor, and the gate then blocks SMS to it', async () => {
    const d = await makeDebtor(env.t.db, { portfolioId, doc: '70000004', first: 'Ana', last: 'Gil', phones: ['+573101110004'] });
    const res = await env.app.inject(signed('/twilio/sms/inbound', { MessageSid: 'SM44444444444444444444444444444444', From: '+573101110004', To: '+15005550006', Body: ' Stop ' }));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/xml/);
    expect(await env.t.db.selectFrom('opt_outs').select(['debtor_id', 'e164', 'channel', 'source']).where('e164', '=', '+573101110004').execute()).toEqual([
      { debtor_id: d.id, e164: '+573101110004', channel: 'sms', source: 'sms_stop' },
    ]);
    expect(await env.t.db.selectFrom('sms_messages').select(['direction', 'status', 'body']).where('provider_sid', '=', 'SM44444444444444444444444444444444').execute()).toEqual([
      { direction: 'inbound', status: 'received', body: ' Stop ' },
    ]);
    const creditorId = (await env.t.db.selectFrom('portfolios').select('creditor_id').where('id', '=', portfolioId).executeTakeFirstOrThrow()).creditor_id;
    const gate = new ComplianceGate({ store: new PgComplianceStore(env.t.db) });
    // the opt-out holds from the moment it was recorded (now), whatever the hour
    const decision = await gate.check({
      channel: 'sms',
      automated: true,
      at: new Date(Date.now() + 60_000),
      debtorId: d.id,
      creditorId,
      phone: { e164: '+573101110004', type: 'mobile', consentAutomated: true, optedOut: false },
    });
    expect(decision.allowed).toBe(false);
    expect(decision.blockedBy.map((b) => b.ruleId)).toContain('optout.sms');
  });

  it('Spanish stop words count too; an ordinary reply is stored and opts nobody out', async () => {
    const d = await makeDebtor(env.t.db, { portfolioId, doc: '70000005', first: 'Ana', last: 'Gil', phones: ['+573101110005'] });
    await env.app.inject(signed('/twilio/sms/inbound', { MessageSid: 'SM55555555555555555555555555555551', From: '+573101110005', Body: 'ya pagué, gracias' }));
    expect(await env.t.db.selectFrom('opt_outs').select('id').where('debtor_id', '=', d.id).execute()).toEqual([]);
    await env.app.inject(signed('/twilio/sms/inbound', { MessageSid: 'SM55555555555555555555555555555552', From: '+573101110005', Body: 'No más' }));
    expect(await env.t.db.selectFrom('opt_outs').select(['channel', 'source']).where('debtor_id', '=', d.id).execute()).toEqual([{ channel: 'sms', source: 'sms_stop' }]);
  });

  it('a validly signed STOP replayed writes nothing the second time (nor the tenth)', async () => {
    const d = await makeDebtor(env.t.db, { portfolioId, doc: '70000007', first: 'Ana', last: 'Gil', phones: ['+573101110007'] });
    const stop = signed('/twilio/sms/inbound', { MessageSid: 'SM77777777777777777777777777777777', From: '+573101110007', To: '+15005550006', Body: 'STOP' });
    const count = async () => ({
      optOuts: (await env.t.db.selectFrom('opt_outs').select('id').where('e164', '=', '+573101110007').execute()).length,
      messages: (await env.t.db.selectFrom('sms_messages').select('id').where('e164', '=', '+573101110007').execute()).length,
    });
    expect((await env.app.inject(stop)).statusCode).toBe(200);
    expect(await count()).toEqual({ optOuts: 1, messages: 1 });
    // replays, one after the other and ten at once: each answered 200 (Twilio stops retrying), none written
    expect((await env.app.inject(stop)).statusCode).toBe(200);
    const burst = await Promise.all(Array.from({ length: 10 }, () => env.app.inject(stop)));
    expect(burst.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
    expect(await count()).toEqual({ optOuts: 1, messages: 1 });
    expect(await env.t.db.selectFrom('opt_outs').select('debtor_id').where('e164', '=', '+573101110007').execute()).toEqual([{ debtor_id: d.id }]);
  });

  it('an inbound message without MessageSid is refused (a replay could not be told apart)', async () => {
    const res = await env.app.inject(signed('/twilio/sms/inbound', { From: '+573101110008', Body: 'STOP' }));
    expect(res.statusCode).toBe(400);
    expect(await env.t.db.selectFrom('opt_outs').select('id').where('e164', '=', '+573101110008').execute()).toEqual([]);
  });

  it('a forged inbound STOP is rejected and opts nobody out', async () => {
    const d = await makeDebtor(env.t.db, { portfolioId, doc: '70000006', first: 'Ana', last: 'Gil', phones: ['+573101110006'] });
    const res = await env.app.inject(signed('/twilio/sms/inbound', { From: '+573101110006', Body: 'STOP' }, 'forger'));
    expect(res.statusCode).toBe(403);
    expect(await env.t.db.selectFrom('opt_outs').select('id').where('debtor_id', '=', d.id).execute()).toEqual([]);
  });
});
