import { HOUR_MS } from './reply-window.js';

/**
 * How late a provider may hand us a customer's message: Meta retries a
 * webhook it could not deliver for up to 7 days (WhatsApp Cloud API and
 * Messenger alike), then drops it.
 */
export const MAX_DELIVERY_DELAY_MS = 7 * 24 * HOUR_MS;

/**
 * When the customer sent a message, as the reply windows count it: the
 * provider's own time (WhatsApp's `timestamp`, Messenger's), since the
 * platform closes its window by that time and not by when we were told
 * (a webhook retried a day late must not show a fresh window).
 *
 * The stated time is believed only where it can be true:
 * - not after we received the message (a provider's clock ahead of ours, or
 *   a broken value): the receipt time, so a window never runs longer than it
 *   could on the platform;
 * - not before the oldest a delivery can be (MAX_DELIVERY_DELAY_MS): that
 *   bound, which leaves both WhatsApp's 24 hours and Facebook's 7 days
 *   closed, as they are for any message that old, without naming a date
 *   from a broken clock (1970) as when the customer last wrote.
 * No stated time (SMS, live chat, email): the receipt time, the only one
 * there is.
 */
export function customerSentAt(stated: number | null | undefined, receivedAt: number): number {
  if (stated === null || stated === undefined || !Number.isFinite(stated)) return receivedAt;
  return Math.min(receivedAt, Math.max(receivedAt - MAX_DELIVERY_DELAY_MS, stated));
}
