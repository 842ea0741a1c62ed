// Identify before revealing anything: national id, then a second factor; at most maxTries; failures are
// counted per caller number and per id outside the call (so calling back does not reset them) and logged.
// What is said never depends on whether the id exists, so the line cannot be used to find valid ids.
import { rebaseToday } from '../context.js';
import type { IdentifyNode } from '../flows/types.js';
import { limiterKeys, maskDocument, matchSecondFactor, normaliseDocument } from '../identity.js';
import type { IvrSession } from '../session.js';
import type { SystemPromptId } from '../system-prompts.js';

export async function runIdentify(node: IdentifyNode, s: IvrSession, id: string): Promise<string> {
  const { ctx, deps } = s;
  const callerKey = ctx.remoteNumber ? limiterKeys.caller(ctx.remoteNumber) : null;
  const factorPrompt: SystemPromptId =
    node.secondFactors.length > 1 ? 'identify.askEither' : node.secondFactors[0] === 'birth_date' ? 'identify.askBirthDate' : 'identify.askLast4';
  const audit = (result: string, doc: string | null) =>
    deps.store
      .audit('ivr.identify', 'ivr_session', s.sessionId, { result, document: doc ? maskDocument(doc) : null, caller: ctx.remoteNumber ? maskNumber(ctx.remoteNumber) : null })
      .catch((e: Error) => deps.log.warn('ivr: could not audit an identification attempt', { error: e.message }));

  const locked = async (doc: string | null) => {
    await audit('locked', doc);
    await s.step(id, doc ? maskDocument(doc) : undefined, 'locked');
    s.setOutcome('identify_locked');
    await s.playAll([await s.system('identify.locked')]);
    return node.onFail;
  };

  for (let attempt = 1; attempt <= node.maxTries; attempt++) {
    if (callerKey && (await deps.limiter.blockedFor(callerKey)) > 0) return locked(null);
    const idEntry = await s.gather([await s.system('identify.askId')], { maxDigits: 15, terminator: '#', firstDigitTimeoutMs: 8000, interDigitTimeoutMs: 4000 });
    const doc = normaliseDocument(idEntry.digits);
    if (doc && (await deps.limiter.blockedFor(limiterKeys.document(doc))) > 0) return locked(doc);
    let matched = null;
    if (doc.length >= 4) {
      const second = await s.gather([await s.system(factorPrompt)], { maxDigits: 8, terminator: '#', firstDigitTimeoutMs: 8000, interDigitTimeoutMs: 4000 });
      let candidates = await deps.store.identityCandidates(doc);
      // outbound: the dialer already knows who it called; only that debtor can be confirmed
      if (ctx.direction === 'outbound' && ctx.debtor) candidates = candidates.filter((c) => c.debtorId === ctx.debtor?.id);
      matched = matchSecondFactor(candidates, node.secondFactors, second.digits);
    }
    if (matched) {
      const debtor = await deps.store.loadDebtor(matched.debtorId, ctx.account?.id);
      if (debtor) {
        ctx.debtor = debtor;
        rebaseToday(ctx, debtor.timeZone);
        ctx.account = debtor.accounts.find((a) => a.id === ctx.account?.id) ?? debtor.accounts[0] ?? null;
        ctx.identified = true;
        await audit('ok', doc);
        await s.step(id, maskDocument(doc), `ok:attempt${attempt}`);
        await s.play([await s.system('identify.ok')]);
        return node.next;
      }
    }
    const keys = [callerKey, doc ? limiterKeys.document(doc) : null].filter((k): k is string => k !== null);
    await Promise.all(keys.map((k) => deps.limiter.fail(k)));
    await audit(`fail:attempt${attempt}`, doc || null);
    await s.step(id, doc ? maskDocument(doc) : undefined, `fail:attempt${attempt}`);
    const blocked = await Promise.all(keys.map((k) => deps.limiter.blockedFor(k)));
    // the last allowed try ends with "try later" rather than the generic failure, which is then also true
    if (attempt < node.maxTries && blocked.some((b) => b > 0)) return locked(doc || null);
    if (attempt < node.maxTries) {
      s.buffer.clear();
      await s.play([await s.system('identify.retry')]);
    }
  }
  s.setOutcome('identify_failed');
  await s.playAll([await s.system('identify.failed')]);
  return node.onFail;
}

function maskNumber(e164: string): string {
  const d = e164.replace(/\D/g, '');
  return d.length <= 4 ? '****' : `+${'*'.repeat(d.length - 4)}${d.slice(-4)}`;
}
