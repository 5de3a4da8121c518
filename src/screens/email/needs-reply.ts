import type { Conversation } from '../../core/protocol/model.js';

/**
 * Whether the customer is waiting for the agent to write: open, and the
 * customer wrote after the agent last did (or the agent never has). My
 * Emails counts these "to reply to"; it counted unread ones, so an email
 * opened and not answered stopped counting.
 */
export function needsReply(c: Conversation): boolean {
  if (c.status !== 'open') return false;
  // Conversations from before agentAt was kept: the first reply is all that is known.
  const agentAt = c.agentAt ?? c.firstReplyAt;
  return agentAt === null || (c.customerAt ?? c.createdAt) > agentAt;
}
