// Rules that do not depend on time: opt-outs, legal holds, authorisation, consent, caller id.
import type { ComplianceProfile, ContactContext, ContactRequest, OptOut } from '../types.js';
import { CHANNEL_NAMES, type Checker } from './common.js';

function never(ruleId: string, profileId: string, es: string, en: string): Checker {
  return { ruleId, profileId, check: () => ({ reason: { es, en }, until: null }) };
}

/**
 * Opt-outs apply whatever the jurisdiction: they are the debtor's own instruction. An opt-out
 * blocks from its own date on (an undated one always), so replaying a past decision gives the
 * decision that was made then.
 */
export function optOutCheckers(req: ContactRequest, ctx: ContactContext): Checker[] {
  const out: Checker[] = [];
  const ch = CHANNEL_NAMES[req.channel];
  const phoneChannel = req.channel !== 'email';
  if (req.phone?.optedOut && phoneChannel) {
    out.push(never('optout.phone', 'base', 'El número está marcado como "no contactar".', 'The number is marked do-not-contact.'));
  }
  const applicable = ctx.optOuts
    .filter((o) => optOutCovers(o, req, phoneChannel))
    .sort((a, b) => (a.at?.getTime() ?? -Infinity) - (b.at?.getTime() ?? -Infinity));
  const first = applicable[0];
  if (first) {
    const from = first.at?.getTime() ?? -Infinity;
    const scope = first.phoneE164 ? { es: ' para este número', en: ' for this number' } : { es: '', en: '' };
    const what = first.channel === 'all' ? { es: 'todo contacto', en: 'all contact' } : { es: `contacto por ${ch.es}`, en: `${ch.en} contact` };
    const reason = { es: `El deudor rechazó ${what.es}${scope.es}.`, en: `The debtor opted out of ${what.en}${scope.en}.` };
    // Before its date the opt-out allows; from then on waiting never helps.
    out.push({ ruleId: `optout.${first.channel}`, profileId: 'base', check: (t) => (t >= from ? { reason, until: null } : null) });
  }
  return out;
}

function optOutCovers(o: OptOut, req: ContactRequest, phoneChannel: boolean): boolean {
  if (o.channel !== 'all' && o.channel !== req.channel) return false;
  return o.phoneE164 === undefined || (phoneChannel && (!req.phone || o.phoneE164 === req.phone.e164));
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
