// The compliance gate (packages/compliance) over the Postgres store (packages/db), as the API needs it:
// is a callback at this instant allowed for this debtor?
import { ComplianceGate } from '@cobranza/compliance';
import type { Db } from '@cobranza/db';
import { PgComplianceStore } from '@cobranza/db/stores/compliance-store';
import type { CallbackGate } from './dispositions.js';

export function complianceCallbackGate(db: Db): CallbackGate {
  const store = new PgComplianceStore(db);
  return async (q) => {
    // the number that was called, else the debtor's best valid number
    let phone = q.e164 ? await store.loadPhone(q.debtorId, q.e164) : null;
    if (!phone) {
      const best = await db
        .selectFrom('phones')
        .select('e164')
        .where('debtor_id', '=', q.debtorId)
        .where('status', 'in', ['valid', 'unknown'])
        .orderBy('priority', 'desc')
        .executeTakeFirst();
      if (best) phone = await store.loadPhone(q.debtorId, best.e164);
    }
    if (!phone) {
      return { allowed: false, reason: { es: 'El deudor no tiene un teléfono válido para devolver la llamada', en: 'The debtor has no valid phone to call back' }, nextAllowedAt: null };
    }
    const request = {
      channel: 'voice' as const,
      // the agent places the callback by hand: not an automated contact
      automated: false,
      at: q.at,
      debtorId: q.debtorId,
      source: 'callback',
      // no creditor known: left out, so creditor caps count every creditor's contacts (a made-up id would count none)
      ...(q.creditorId ? { creditorId: q.creditorId } : {}),
      ...(q.accountId ? { accountId: q.accountId } : {}),
      ...(q.campaignId ? { campaignId: q.campaignId } : {}),
      ...(phone ? { phone } : {}),
    };
    // preview: the decision is not recorded, because nothing is contacted now; the dialer asks the
    // gate again (and records) when the callback is due. The gate loads the stored profiles itself.
    const decision = await new ComplianceGate({ store }).preview(request);
    return { allowed: decision.allowed, reason: decision.reason, nextAllowedAt: decision.nextAllowedAt };
  };
}
