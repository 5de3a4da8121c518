import type { Conversation, Transfer } from './model.js';

/**
 * The transfers a conversation carries: the latest this many, the earlier
 * ones counted. A conversation travels whole in every event about it, and one
 * whose agent's connection kept dropping was sent back to its queue hundreds
 * of times (the fuzz found conversations of 24 KB).
 */
export const TRANSFERS_KEPT = 20;

/** How many times the conversation was transferred or sent back, all told. */
export function transferCount(c: Conversation): number {
  return c.transfers.length + (c.transfersOmitted ?? 0);
}

/** Every agent a transfer of the conversation named (conversations from before `participants` derive it). */
function participantsOf(c: Conversation): string[] {
  return c.participants ?? [...new Set(c.transfers.flatMap((t) => [t.fromAgent, t.toAgent]).filter((a): a is string => a !== null))];
}

/** Whether an agent has the conversation or a transfer named them (who may still read it once closed). */
export function wasWith(c: Conversation, agent: string): boolean {
  return c.agent === agent || participantsOf(c).includes(agent);
}

/** The conversation's transfer fields with one more: the latest TRANSFERS_KEPT kept, every agent named remembered. */
export function withTransfer(c: Conversation, t: Transfer): Pick<Conversation, 'transfers' | 'transfersOmitted' | 'participants'> {
  const all = [...c.transfers, t];
  const dropped = Math.max(0, all.length - TRANSFERS_KEPT);
  const participants = new Set(participantsOf(c));
  for (const a of [t.fromAgent, t.toAgent]) if (a !== null) participants.add(a);
  return { transfers: all.slice(dropped), transfersOmitted: (c.transfersOmitted ?? 0) + dropped, participants: [...participants] };
}
