import type { HandlerContext } from '../../core/context.js';
import { receiveEcho } from '../../core/messaging/echo.js';
import { confirm, deliveryReport } from '../../core/messaging/outbox.js';
import type { Echo, Watermark } from './read-notification.js';

/**
 * The page's own message came back as an echo. One of ours carries our key
 * in `metadata`: it is not shown again (the agent's message is already in
 * the log, with their name), and if its outbox item still waits (a crash
 * mid-send) the echo confirms it was sent. Any other was written in
 * Facebook's own tools: it joins the conversation as "Sent from Facebook".
 */
export function applyEcho(ctx: HandlerContext, e: Echo): void {
  if (e.key) {
    const item = ctx.state.get('outbox', e.key.item);
    if (item?.message === e.key.message) confirm(ctx, item.id, e.externalId);
    return;
  }
  receiveEcho(ctx, e);
}

/**
 * message_reads / message_deliveries: the customer has read (received)
 * every message of the thread up to the watermark, and the mids named.
 */
export function applyWatermark(ctx: HandlerContext, w: Watermark): void {
  for (const mid of w.mids) deliveryReport(ctx, 'facebook', mid, w.kind, null);
  if (w.watermark === null) return;
  const id = ctx.conversations.conversationByRef(w.threadRef);
  if (!id) return;
  for (const messageId of ctx.conversations.messageIds(id)) {
    const m = ctx.state.get('message', messageId);
    if (m?.author === 'agent' && m.externalId && m.at <= w.watermark) deliveryReport(ctx, 'facebook', m.externalId, w.kind, null);
  }
}
