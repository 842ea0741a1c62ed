// Binds the dialer's ContactGate port to the platform's one compliance gate (@cobranza/compliance),
// which loads the debtor's context, decides, and records the decision in compliance_decisions.
import type { ComplianceGate, ContactRequest, PhoneType } from '@cobranza/compliance';
import type { PgComplianceStore } from '@cobranza/db/stores/compliance-store';
import type { ContactGate, GateDecision, GateRequest, RecordContact } from './ports.js';

function phoneType(t: string): PhoneType {
  return t === 'mobile' || t === 'landline' ? t : 'unknown';
}

export function contactGateFrom(gate: ComplianceGate<PgComplianceStore>, source = 'dialer'): ContactGate {
  return {
    async evaluate(req: GateRequest, record: RecordContact): Promise<GateDecision> {
      const request: ContactRequest = {
        // an agentless campaign's call is the IVR speaking (prerecorded): caps and consent rules for 'ivr' apply
        channel: req.mode === 'agentless' ? 'ivr' : 'voice',
        // preview is an agent's click on one debtor: not autodialed; every other mode is
        automated: req.mode !== 'preview',
        at: req.at,
        debtorId: req.debtorId,
        phone: { e164: req.phone.e164, type: phoneType(req.phone.type), consentAutomated: req.phone.consentAutomated, optedOut: false, relation: 'debtor' },
        agentGuaranteed: req.agentGuaranteed,
        campaignId: req.campaignId,
        callerIdHidden: false,
        source,
      };
      if (req.accountId) request.accountId = req.accountId;
      // unknown creditor: the gate counts every creditor's contacts for creditor caps (the strict side)
      if (req.creditorId) request.creditorId = req.creditorId;
      // the attempt row is written in the transaction holding the debtor's lock
      const { decision: d } = await gate.contact(request, (_d, locked) => record(locked.db));
      return { allowed: d.allowed, rule: d.ruleId, reason: d.reason.es, nextAllowedAt: d.nextAllowedAt };
    },
  };
}
