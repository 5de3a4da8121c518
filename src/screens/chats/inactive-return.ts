import type { Conversation, InactiveReason, Transfer } from '../../core/protocol/model.js';

/** How the agent before went inactive, after their name: what sent their conversations back to the queue (the status-change trigger). */
export const INACTIVE_WORDS: Record<InactiveReason, string> = { 'logged-out': 'logged out', disconnected: 'was disconnected', paused: 'was paused too long' };

/**
 * The return to the queue a conversation newly assigned to me came through:
 * its latest transfer is its agent going inactive (logged out, disconnected,
 * paused too long), someone other than me, before this assignment. Null when
 * it came another way, or it was mine before (it simply came back).
 */
export function inactiveReturnOf(c: Conversation, me: string): (Transfer & { inactive: InactiveReason }) | null {
  const t = c.transfers.at(-1);
  if (!t?.inactive || t.toAgent !== null || t.by === me) return null;
  if (!c.assignment || c.assignment.rule === 'direct-transfer' || c.assignment.at < t.at) return null;
  return { ...t, inactive: t.inactive };
}
