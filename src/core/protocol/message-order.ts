import type { Message } from './model.js';

/**
 * Where a message stands in its conversation: when the customer sent it as
 * the provider states it (a retried webhook brings an older message after a
 * newer one), else when it reached us. Messages of one instant keep the
 * order they came in: every sort by it must be stable.
 */
export function messageOrderAt(m: Pick<Message, 'at' | 'sentAt'>): number {
  return m.sentAt ?? m.at;
}

/**
 * How much earlier than the one before it a message must have been sent to
 * be marked as come late: a few seconds of webhooks racing each other are
 * ordinary, a retry after minutes is worth telling the agent.
 */
export const CAME_LATE_MS = 60_000;
