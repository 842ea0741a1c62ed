// Promise to pay by keypad: date, amount, read back, confirmed, checked against the strategy's rules (the
// same domain rules an agent's promise goes through), then stored with source 'ivr'.
import type { PromiseNode } from '../flows/types.js';
import { checkPromise, parseKeypadAmount, parseKeypadDate } from '../promise-rules.js';
import type { IvrSession } from '../session.js';
import { pctOfMinor, toMinor, fromMinor } from '@cobranza/domain/format/money';

const MAX_ROUNDS = 3;

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export async function runPromise(node: PromiseNode, s: IvrSession, id: string): Promise<string> {
  const { ctx } = s;
  const account = ctx.account;
  if (!ctx.debtor || !account) {
    await s.step(id, undefined, 'no_account');
    await s.play([await s.system('promise.noAccount')]);
    return node.onCancel;
  }
  const rules = account.negotiation;
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const d = await s.gather([await s.system('promise.askDate')], { maxDigits: 4, minDigits: 4, terminator: '#', interDigitTimeoutMs: 4000 });
    if (!d.digits) {
      await s.step(id, undefined, 'no_input');
      return node.onCancel;
    }
    const date = parseKeypadDate(d.digits, ctx.today);
    if (!date.ok) {
      await s.step(id, `date:${d.digits}`, 'bad_date');
      await s.play([await s.system('promise.badDate')]);
      continue;
    }
    const a = await s.gather([await s.system('promise.askAmount')], { maxDigits: 13, terminator: '#', interDigitTimeoutMs: 4000 });
    const amount = parseKeypadAmount(a.digits);
    if (!amount) {
      await s.step(id, `amount:${a.digits}`, 'bad_amount');
      await s.play([await s.system('promise.badAmount')]);
      continue;
    }
    const check = checkPromise({ amount, date: date.date }, account, rules, ctx.today, ctx.lang);
    if (!check.ok) {
      await s.step(id, `${date.date} ${amount}`, check.code);
      s.buffer.clear();
      switch (check.code) {
        case 'date_too_far':
          await s.play([await s.system('promise.dateTooFar'), ...(await s.renderer.date(addDays(ctx.today, rules.maxPromiseDays), ctx))]);
          break;
        case 'date_in_past':
          await s.play([await s.system('promise.datePast')]);
          break;
        case 'amount_below_minimum': {
          const bal = toMinor(account.balance, account.currency, 'balance');
          const min = fromMinor(Math.min(bal, pctOfMinor(bal, rules.minPromiseAmountPct)), account.currency);
          await s.play([await s.system('promise.amountLow'), ...(await s.renderer.money(min.toFixed(2), account.currency, ctx))]);
          break;
        }
        case 'amount_above_balance':
          await s.play([await s.system('promise.amountHigh'), ...(await s.renderer.money(account.balance, account.currency, ctx))]);
          break;
        default:
          await s.play([await s.system('promise.badAmount')]);
      }
      continue;
    }
    const readBack = [
      await s.system('promise.readBack1'),
      ...(await s.renderer.money(amount, account.currency, ctx)),
      await s.system('promise.readBack2'),
      ...(await s.renderer.date(date.date, ctx)),
    ];
    await s.play(readBack);
    const c = await s.gather([await s.system('promise.confirm')], { maxDigits: 1, terminator: '' });
    if (c.digits === '1') {
      const promiseId = await s.deps.store.insertPromise({ debtorId: ctx.debtor.id, accountId: account.id, ivrSessionId: s.sessionId, amount, currency: account.currency, dueDate: date.date });
      ctx.vars.promiseAmount = amount;
      ctx.vars.promiseDate = date.date;
      s.setOutcome('promise');
      await s.step(id, `${date.date} ${amount} ${account.currency}`, `saved:${promiseId}`);
      await s.playAll([await s.system('promise.saved')]);
      return node.next;
    }
    if (c.digits === '2') {
      await s.step(id, `${date.date} ${amount}`, 'change');
      continue;
    }
    await s.step(id, `${date.date} ${amount}`, 'cancelled');
    return node.onCancel;
  }
  await s.step(id, undefined, 'gave_up');
  await s.play([await s.system('promise.gaveUp')]);
  return node.onCancel;
}
