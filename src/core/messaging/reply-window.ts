import type { Conversation } from '../protocol/model.js';

/**
 * The platforms' reply windows (the manual's WhatsApp and Facebook Messaging
 * Rules), counted from when the customer sent their last message, as the
 * provider states it (customer-sent-at.ts), not from when it reached us. A declared pure helper:
 * the core refuses by it and the panel draws the time left by it, so the two
 * cannot disagree.
 *
 * - WhatsApp: free text within 24 hours; after that only approved templates.
 * - Facebook: anything within 7 days; after the first 24 hours a message
 *   goes with the HUMAN_AGENT tag (a person answering, as Messenger's policy
 *   allows); after 7 days nothing until the customer writes again.
 * - Other channels have no window.
 */
export const HOUR_MS = 3600_000;
export const WHATSAPP_WINDOW_MS = 24 * HOUR_MS;
export const FACEBOOK_STANDARD_MS = 24 * HOUR_MS;
export const FACEBOOK_WINDOW_MS = 7 * 24 * HOUR_MS;

export type ReplyWindow =
  /** The channel has no window (live chat, email, SMS). */
  | { kind: 'none' }
  /** Free text may be sent until `closesAt`; `tag` is what the message must carry (Facebook after 24 h). */
  | { kind: 'open'; closesAt: number; lastCustomerAt: number; tag: 'HUMAN_AGENT' | null }
  /** Closed since `closedAt`; WhatsApp still takes templates, Facebook nothing. */
  | { kind: 'closed'; closedAt: number; lastCustomerAt: number; templatesOnly: boolean };

/** When the customer last wrote (a conversation always begins with them on these channels). */
export function lastCustomerAt(c: Pick<Conversation, 'customerAt' | 'createdAt'>): number {
  return c.customerAt ?? c.createdAt;
}

export function replyWindow(c: Pick<Conversation, 'channel' | 'customerAt' | 'createdAt'>, now: number): ReplyWindow {
  const last = lastCustomerAt(c);
  if (c.channel === 'whatsapp') {
    const closesAt = last + WHATSAPP_WINDOW_MS;
    return now < closesAt ? { kind: 'open', closesAt, lastCustomerAt: last, tag: null } : { kind: 'closed', closedAt: closesAt, lastCustomerAt: last, templatesOnly: true };
  }
  if (c.channel === 'facebook') {
    const closesAt = last + FACEBOOK_WINDOW_MS;
    if (now >= closesAt) return { kind: 'closed', closedAt: closesAt, lastCustomerAt: last, templatesOnly: false };
    return { kind: 'open', closesAt, lastCustomerAt: last, tag: now >= last + FACEBOOK_STANDARD_MS ? 'HUMAN_AGENT' : null };
  }
  return { kind: 'none' };
}

/** "23h 12m", "6d 4h", "4m": a window's time left, short enough for a list row. */
export function timeLeftText(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}
