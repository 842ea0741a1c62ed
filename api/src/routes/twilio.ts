// Twilio's webhooks: SMS delivery status callbacks and inbound SMS (STOP → opt-out). Twilio signs every
// request (X-Twilio-Signature: HMAC-SHA1 of the public URL + sorted form fields with the auth token); an
// unsigned or forged request is refused with 403 before anything is read or written.
import { maskPhone } from '@cobranza/domain/format/mask';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import twilio from 'twilio';
import type { Db } from '@cobranza/db';

export interface TwilioRouteDeps {
  db: Db;
  config: { twilio: { authToken: string } | undefined };
  /**
   * The public base URL Twilio calls (e.g. https://cobranza.example.com). The signature covers the exact URL
   * Twilio used, so behind a proxy set this; otherwise it is rebuilt from the request (protocol + Host).
   */
  twilioWebhookBaseUrl?: string;
}

type Form = Record<string, string>;

/** Twilio's opt-out keywords plus the Spanish ones debtors actually send. Matched on the whole message. */
const STOP_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'PARAR', 'PARE', 'BAJA', 'ALTO', 'NO MAS', 'NOMAS', 'CANCELAR', 'SALIR']);

export function isStopMessage(body: string): boolean {
  const norm = body
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toUpperCase();
  return STOP_WORDS.has(norm);
}

/** Delivery states only move forward: a late "sent" never overwrites "delivered". */
const STATUS_RANK: Record<string, number> = { queued: 0, sent: 1, delivered: 2, undelivered: 3, failed: 3 };
const TWILIO_STATUS: Record<string, string> = {
  accepted: 'queued',
  scheduled: 'queued',
  queued: 'queued',
  sending: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  read: 'delivered',
  undelivered: 'undelivered',
  failed: 'failed',
  canceled: 'failed',
};

export async function twilioRoutes(app: FastifyInstance, deps: TwilioRouteDeps): Promise<void> {
  // Twilio posts application/x-www-form-urlencoded; parsed here only (this plugin's scope)
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  const verified = (req: FastifyRequest, reply: FastifyReply): Form | null => {
    const token = deps.config.twilio?.authToken;
    const signature = req.headers['x-twilio-signature'];
    const form = (req.body ?? {}) as Form;
    const base = deps.twilioWebhookBaseUrl?.replace(/\/$/, '') ?? `${req.protocol}://${req.headers.host}`;
    if (!token || typeof signature !== 'string' || !twilio.validateRequest(token, signature, `${base}${req.url}`, form)) {
      req.log.warn({ url: req.url }, 'twilio: rejected a request with a missing or wrong signature');
      void reply.code(403).send({ statusCode: 403, code: 'TWILIO_SIGNATURE_INVALID', message: 'X-Twilio-Signature missing or wrong' });
      return null;
    }
    return form;
  };

  app.post('/twilio/sms/status', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    const form = verified(req, reply);
    if (!form) return reply;
    const sid = form.MessageSid ?? form.SmsSid;
    const status = TWILIO_STATUS[form.MessageStatus ?? form.SmsStatus ?? ''];
    if (!sid || !status) return reply.code(400).send({ statusCode: 400, code: 'TWILIO_CALLBACK_INCOMPLETE', message: 'MessageSid and a known MessageStatus are required' });
    const row = await deps.db.selectFrom('sms_messages').select(['id', 'status']).where('provider_sid', '=', sid).executeTakeFirst();
    if (!row) return reply.code(404).send({ statusCode: 404, code: 'SMS_NOT_FOUND', message: `no message with sid ${sid}` });
    // a replayed callback (same status) writes nothing; a late lower one never undoes a higher one
    if (status !== row.status && (STATUS_RANK[status] ?? 0) >= (STATUS_RANK[row.status] ?? 0)) {
      await deps.db
        .updateTable('sms_messages')
        .set({ status, status_at: new Date(), error_code: form.ErrorCode || null })
        .where('id', '=', row.id)
        .where('status', '=', row.status)
        .execute();
    }
    return reply.code(204).send();
  });

  app.post('/twilio/sms/inbound', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    const form = verified(req, reply);
    if (!form) return reply;
    const from = form.From ?? '';
    const body = form.Body ?? '';
    const sid = form.MessageSid ?? form.SmsSid;
    if (!/^\+[1-9]\d{6,14}$/.test(from)) return reply.code(400).send({ statusCode: 400, code: 'TWILIO_CALLBACK_INCOMPLETE', message: 'From must be an E.164 number' });
    // the message's id is what makes a replay (Twilio's retry, or a captured request sent again) recognisable
    if (!sid) return reply.code(400).send({ statusCode: 400, code: 'TWILIO_CALLBACK_INCOMPLETE', message: 'MessageSid is required' });
    const owners = await deps.db.selectFrom('phones').select('debtor_id').where('e164', '=', from).execute();
    const stop = isStopMessage(body);
    const firstTime = await deps.db.transaction().execute(async (tx) => {
      // sms_messages.provider_sid is unique: a message already stored was handled, opt-out included
      const stored = await tx
        .insertInto('sms_messages')
        .values({ debtor_id: owners.length === 1 ? owners[0]!.debtor_id : null, e164: from, direction: 'inbound', body, status: 'received', provider_sid: sid, status_at: new Date() })
        .onConflict((oc) => oc.column('provider_sid').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!stored) return false;
      if (stop) {
        // per number, and per debtor owning it: the gate blocks SMS to this number whoever it is stored for
        const rows = owners.length ? owners.map((o) => ({ debtor_id: o.debtor_id, e164: from })) : [{ debtor_id: null, e164: from }];
        await tx.insertInto('opt_outs').values(rows.map((r) => ({ ...r, channel: 'sms', source: 'sms_stop' }))).execute();
      }
      return true;
    });
    if (!firstTime) req.log.info({ from: maskPhone(from) }, 'twilio: inbound message already handled (replay), nothing written');
    else if (stop) req.log.info({ from: maskPhone(from), debtors: owners.length }, 'twilio: STOP recorded as an SMS opt-out');
    return reply.code(200).header('content-type', 'text/xml').send('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
  });
}
