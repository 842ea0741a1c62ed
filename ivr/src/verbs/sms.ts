import type { SmsNode } from '../flows/types.js';
import type { IvrSession } from '../session.js';

export async function runSms(node: SmsNode, s: IvrSession, id: string): Promise<string> {
  const { ctx } = s;
  const account = ctx.account;
  const to = ctx.debtor ? await s.deps.store.smsNumberFor(ctx.debtor.id, ctx.remoteNumber) : null;
  if (!ctx.debtor || !account || !to) {
    await s.step(id, node.template, !to ? 'no_mobile' : 'no_account');
    await s.play([await s.system('sms.failed')]);
    return node.onBlocked ?? node.next;
  }
  const r = await s.deps.sms.sendTemplate({ debtorId: ctx.debtor.id, account, template: node.template, to, lang: ctx.lang, campaignId: ctx.campaignId, source: 'ivr' });
  await s.step(id, node.template, r.status === 'sent' ? 'sent' : `${r.status}:${r.reason}`);
  if (r.status === 'sent') {
    s.setOutcome('sms_sent');
    await s.play([await s.system('sms.sent')]);
    return node.next;
  }
  await s.play([await s.system('sms.failed')]);
  return node.onBlocked ?? node.next;
}
