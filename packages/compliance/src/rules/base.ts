// Rules that do not depend on time: opt-outs, legal holds, authorisation, consent, caller id.
import type { Bilingual, Channel, ComplianceProfile, ContactContext, ContactRequest, OptOut } from '../types.js';
import { CHANNEL_NAMES, type Checker } from './common.js';

function never(ruleId: string, profileId: string, es: string, en: string): Checker {
  return { ruleId, profileId, check: () => ({ reason: { es, en }, until: null }) };
}

interface Coverage {
  ruleId: string;
  profileId: string;
  reason: Bilingual;
}

/**
 * Whether an opt-out covers this request, and by which rule. Everywhere: an opt-out of a channel
 * (or of all) covers it; an IVR opt-out (the keypad "stop") revokes consent to automated calls, so
 * it covers automated voice calls too; a voice opt-out covers IVR calls, which are calls. Per
 * profile: channels a profile names one medium (`optOutMedia`, CO: voice and IVR) share opt-outs.
 */
function coverage(o: OptOut, req: ContactRequest, profiles: ComplianceProfile[]): Coverage | null {
  const phoneChannel = req.channel !== 'email';
  if (o.phoneE164 !== undefined && !(phoneChannel && (!req.phone || o.phoneE164 === req.phone.e164))) return null;
  const scope = o.phoneE164 ? { es: ' para este número', en: ' for this number' } : { es: '', en: '' };
  const ch = CHANNEL_NAMES[req.channel];
  const ruleId = `optout.${o.channel}`;
  if (o.channel === 'all' || o.channel === req.channel) {
    const what = o.channel === 'all' ? { es: 'todo contacto', en: 'all contact' } : { es: `contacto por ${ch.es}`, en: `${ch.en} contact` };
    return { ruleId, profileId: 'base', reason: { es: `El deudor rechazó ${what.es}${scope.es}.`, en: `The debtor opted out of ${what.en}${scope.en}.` } };
  }
  if (o.channel === 'ivr' && req.channel === 'voice' && req.automated) {
    return {
      ruleId,
      profileId: 'base',
      reason: {
        es: `El deudor revocó su consentimiento a las llamadas automatizadas (baja en el IVR)${scope.es}.`,
        en: `The debtor revoked consent to automated calls (IVR opt-out)${scope.en}.`,
      },
    };
  }
  if (o.channel === 'voice' && req.channel === 'ivr') {
    return { ruleId, profileId: 'base', reason: { es: `El deudor rechazó las llamadas${scope.es}.`, en: `The debtor opted out of calls${scope.en}.` } };
  }
  for (const p of profiles) {
    if (!(p.optOutMedia ?? []).some((g) => g.includes(o.channel as Channel) && g.includes(req.channel))) continue;
    const was = CHANNEL_NAMES[o.channel as Channel];
    return {
      ruleId: `${p.id}/optout-same-medium`,
      profileId: p.id,
      reason: {
        es: `El deudor rechazó el contacto por ${was.es}${scope.es}; en ${p.id} ${was.es} y ${ch.es} son un mismo medio.`,
        en: `The debtor opted out of ${was.en} contact${scope.en}; under ${p.id} ${was.en} and ${ch.en} are one medium.`,
      },
    };
  }
  return null;
}

/**
 * Opt-outs apply whatever the jurisdiction: they are the debtor's own instruction. An opt-out
 * blocks from its own date on (an undated one always), so replaying a past decision gives the
 * decision that was made then.
 */
export function optOutCheckers(req: ContactRequest, ctx: ContactContext, profiles: ComplianceProfile[]): Checker[] {
  const out: Checker[] = [];
  if (req.phone?.optedOut && req.channel !== 'email') {
    out.push(never('optout.phone', 'base', 'El número está marcado como "no contactar".', 'The number is marked do-not-contact.'));
  }
  // The earliest opt-out covering the request decides from when it is blocked.
  let first: { c: Coverage; from: number } | null = null;
  for (const o of ctx.optOuts) {
    const c = coverage(o, req, profiles);
    const from = o.at?.getTime() ?? -Infinity;
    if (c && (first === null || from < first.from)) first = { c, from };
  }
  if (first) {
    const { c, from } = first;
    // Before its date the opt-out allows; from then on waiting never helps.
    out.push({ ruleId: c.ruleId, profileId: c.profileId, check: (t) => (t >= from ? { reason: c.reason, until: null } : null) });
  }
  return out;
}

export function profileStaticCheckers(p: ComplianceProfile, req: ContactRequest, ctx: ContactContext): Checker[] {
  const out: Checker[] = [];
  const ch = CHANNEL_NAMES[req.channel];
  const holds = (ctx.legalHolds ?? []).filter((h) => p.stopOnLegalHolds.includes(h));
  if (holds.length > 0) {
    const es = holds.map((h) => (h === 'lawsuit' ? 'demanda judicial' : 'procedimiento concursal')).join(', ');
    out.push(never(`${p.id}/legal-hold-stop`, p.id, `Cobranza extrajudicial suspendida: ${es}.`, `Collection contact stopped: ${holds.join(', ')}.`));
  }
  if (p.requireChannelAuthorisation && !(ctx.authorisedChannels ?? []).includes(req.channel)) {
    const none = ctx.authorisedChannels === undefined;
    out.push(
      never(
        `${p.id}/channel-not-authorised`,
        p.id,
        none ? 'No hay canales autorizados registrados para el deudor.' : `El deudor no autorizó el canal ${ch.es}.`,
        none ? 'No authorised channels are recorded for the debtor.' : `The debtor has not authorised ${ch.en} contact.`,
      ),
    );
  }
  if (p.forbidReferenceContacts && req.phone?.relation === 'reference' && req.channel !== 'email') {
    out.push(never(`${p.id}/no-reference-contact`, p.id, 'No se permite contactar referencias personales.', 'Contacting personal references is not allowed.'));
  }
  if (p.requireCallerId && req.callerIdHidden && (req.channel === 'voice' || req.channel === 'ivr')) {
    out.push(never(`${p.id}/caller-id-required`, p.id, 'Las llamadas deben mostrar el número de origen.', 'Calls must present caller id.'));
  }
  const ac = p.automatedConsent;
  if (ac && req.automated && ac.channels.includes(req.channel) && req.phone && ac.phoneTypes.includes(req.phone.type) && !req.phone.consentAutomated) {
    out.push(
      never(
        `${p.id}/automated-needs-consent`,
        p.id,
        `Sin consentimiento previo para ${ch.es} automatizada a un ${req.phone.type === 'mobile' ? 'celular' : 'número de tipo desconocido'}.`,
        `No prior consent for an automated ${ch.en} to a ${req.phone.type === 'mobile' ? 'mobile' : 'number of unknown type'}.`,
      ),
    );
  }
  return out;
}
