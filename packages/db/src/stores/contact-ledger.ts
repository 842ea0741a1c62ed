// What an agent's disposition tells the compliance ledger: whether the person on the call was the
// debtor (right-party contact) and so whether the call was a conversation (COMPLIANCE.md: lock-outs
// such as Reg F's 7 days after a conversation). The dialer writes the ledger row when the call ends
// with right_party/conversation from call_attempts.right_party; a disposition saved later updates it here.
import type { Db } from '../connect.js';

/** Disposition outcomes that say the agent did NOT speak with the debtor. */
export const NOT_RIGHT_PARTY_OUTCOMES: readonly string[] = ['third_party', 'wrong_number', 'no_contact', 'skip'];

export function confirmsRightParty(outcome: string): boolean {
  return !NOT_RIGHT_PARTY_OUTCOMES.includes(outcome);
}

/**
 * Records the agent's verdict on a call: call_attempts.right_party and, when its ledger row exists
 * already, that row's right_party and conversation (only for a bridged call). Call it in the
 * disposition's transaction (pass the transaction as `db`). Returns whether it confirmed the debtor.
 */
export async function recordRightParty(db: Db, callAttemptId: string, outcome: string): Promise<boolean> {
  const rightParty = confirmsRightParty(outcome);
  const call = await db.updateTable('call_attempts').set({ right_party: rightParty }).where('id', '=', callAttemptId).returning(['bridged_at']).executeTakeFirst();
  if (!call) return rightParty;
  await db
    .updateTable('contact_events')
    .set({ right_party: rightParty, conversation: rightParty && call.bridged_at !== null })
    .where('source_id', '=', callAttemptId)
    .where('channel', 'in', ['voice', 'ivr'])
    .execute();
  return rightParty;
}
