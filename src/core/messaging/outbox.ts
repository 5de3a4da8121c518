import { CoreError } from '../errors.js';
import type { HandlerContext } from '../context.js';
import { conversationAudience } from '../protocol/entities.js';
import type { Conversation, Delivery, DeliveryStatus, Message, OutboxItem, ProviderChannel } from '../protocol/model.js';
import { keepEarlyStatus, takeEarlyStatus } from './early-status.js';

/**
 * The durable outbox of the provider channels (email, SMS, WhatsApp,
 * Facebook). The core knows only that such a message must leave through its
 * provider, and what became of it; the adapters in src/channels speak the
 * providers' formats and the sender (channels/outbox) drives these steps,
 * each one transaction:
 *
 *   enqueue   with the message, in the agent's own transaction: acknowledged = kept
 *   claim     queued -> sending, committed before the provider is asked
 *   sent      the provider took it: the item goes, the message says sent
 *   retry     not now (the provider is down, a 5xx): queued again for later
 *   failed    for good (a 4xx, a closed window): the item goes, the message says why
 *   unsure    after a restart, an item found sending may have reached the
 *             provider: it waits for the provider's own word (a callback
 *             naming the item) until its grace ends, then is sent again
 *   confirmed a callback named an item: it was sent
 */

const PROVIDER_CHANNELS = new Set<string>(['email', 'sms', 'whatsapp', 'facebook']);

/** Whether a conversation's outgoing messages leave through a provider (the outbox), not a socket of ours. */
export function deliveredByProvider(channel: string): channel is ProviderChannel {
  return PROVIDER_CHANNELS.has(channel);
}

/** Queue an outgoing message: same transaction as the message, so the agent's acknowledgement means it will go. */
export function enqueue(ctx: HandlerContext, conversation: Conversation, message: Message, extra: Record<string, unknown> = {}): OutboxItem {
  if (!deliveredByProvider(conversation.channel)) throw new Error(`${conversation.channel} messages are not sent through the outbox`);
  const now = ctx.clock.now();
  return ctx.tx.put('outbox', {
    id: ctx.random.id('out'),
    channel: conversation.channel,
    conversation: conversation.id,
    message: message.id,
    extra,
    state: 'queued',
    attempts: 0,
    nextAt: now,
    lastError: null,
    createdAt: now,
  });
}

function itemOf(ctx: HandlerContext, id: string): OutboxItem {
  const item = ctx.state.get('outbox', id);
  if (!item) throw new CoreError('OUTBOX_ITEM_GONE', `Outgoing message ${id} is no longer waiting to be sent.`);
  return item;
}

/** The message and conversation an item carries, for the adapter to build the provider's request from. */
export function contentOf(ctx: Pick<HandlerContext, 'state'>, item: OutboxItem): { message: Message; conversation: Conversation } | null {
  const message = ctx.state.get('message', item.message);
  const conversation = ctx.state.get('conversation', item.conversation);
  return message && conversation ? { message, conversation } : null;
}

/** Items not on their way, soonest due first: queued ones, and unsure ones (due again when their grace is over). */
export function waitingItems(ctx: Pick<HandlerContext, 'state'>): OutboxItem[] {
  return [...ctx.state.all('outbox')].filter((i) => i.state !== 'sending').sort((a, b) => a.nextAt - b.nextAt || a.createdAt - b.createdAt);
}

/** The sender takes an item: committed before the provider is asked, so a crash mid-send is known afterwards. */
export function claim(ctx: HandlerContext, id: string): OutboxItem {
  const item = itemOf(ctx, id);
  if (item.state === 'sending') throw new CoreError('OUTBOX_BUSY', `Outgoing message ${id} is already being sent.`);
  return ctx.tx.put('outbox', { ...item, state: 'sending', attempts: item.attempts + 1 });
}

/** The provider took it; `externalId` is how its callbacks will name the message. */
export function markSent(ctx: HandlerContext, id: string, externalId: string | null, detail: string | null): void {
  const item = itemOf(ctx, id);
  ctx.tx.remove('outbox', id, {});
  setDelivery(ctx, item.message, 'sent', detail, externalId);
}

/** Not now: the item waits until `at`, and the agent sees why. */
export function markRetry(ctx: HandlerContext, id: string, reason: string, at: number): void {
  const item = itemOf(ctx, id);
  ctx.tx.put('outbox', { ...item, state: 'queued', nextAt: at, lastError: reason });
  setDelivery(ctx, item.message, 'queued', reason);
}

/** For good: the item goes, the message says why. */
export function markFailed(ctx: HandlerContext, id: string, reason: string): void {
  const item = itemOf(ctx, id);
  ctx.tx.remove('outbox', id, {});
  setDelivery(ctx, item.message, 'failed', reason);
}

/**
 * At start: items a crash left `sending` may or may not have reached their
 * provider. Each waits its channel's grace for the provider's word (a
 * callback naming it: `confirm`) before it is sent again.
 */
export function markUnsure(ctx: HandlerContext, graceMs: (channel: ProviderChannel) => number): number {
  const now = ctx.clock.now();
  let n = 0;
  for (const item of [...ctx.state.all('outbox')]) {
    if (item.state !== 'sending') continue;
    ctx.tx.put('outbox', { ...item, state: 'unsure', nextAt: now + graceMs(item.channel), lastError: 'The server stopped while this was being sent.' });
    n++;
  }
  return n;
}

/**
 * A provider's callback named an outbox item (the id we gave it): it was
 * sent, whatever the sender still thinks. A callback for an item already
 * settled changes nothing.
 */
export function confirm(ctx: HandlerContext, id: string, externalId: string | null): boolean {
  const item = ctx.state.get('outbox', id);
  if (!item) return false;
  ctx.tx.remove('outbox', id, {});
  setDelivery(ctx, item.message, 'sent', null, externalId);
  return true;
}

const ORDER: Record<DeliveryStatus, number> = { queued: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

/**
 * A provider's status for a message it knows by `externalId` (delivered,
 * read, failed). Statuses only move forward (a late "delivered" after "read"
 * changes nothing); a failure is kept with its reason. A status for a
 * message not known yet (it came before the send's answer or the echo that
 * names the message) is kept and applied when the message gets that id
 * (applyEarlyStatus). Returns whether the message was known.
 */
export function deliveryReport(ctx: HandlerContext, channel: ProviderChannel, externalId: string, status: Exclude<DeliveryStatus, 'queued'>, detail: string | null): boolean {
  const id = ctx.conversations.messageByExternalId(channel, externalId);
  const message = id ? ctx.state.get('message', id) : undefined;
  if (!message) {
    keepEarlyStatus(ctx, channel, externalId, status, detail);
    return false;
  }
  const current = message.delivery?.status ?? 'sent';
  if (status !== 'failed' && ORDER[status] <= ORDER[current]) return true;
  setDelivery(ctx, message.id, status, detail);
  return true;
}

function setDelivery(ctx: HandlerContext, messageId: string, status: DeliveryStatus, detail: string | null, externalId?: string | null): void {
  const message = ctx.state.get('message', messageId);
  const conversation = message ? ctx.state.get('conversation', message.conversation) : undefined;
  if (!message || !conversation) return;
  const delivery: Delivery = { status, detail, at: ctx.clock.now() };
  const next: Message = externalId === undefined ? { ...message, delivery } : { ...message, delivery, externalId };
  ctx.tx.put('message', next, 'delivery', conversationAudience(conversation), 'message.updated');
  if (externalId && conversation.channel !== 'livechat') applyEarlyStatus(ctx, conversation.channel, externalId);
}

/** A message has just been given its provider id: the status that came before it, if any, applies now. */
export function applyEarlyStatus(ctx: HandlerContext, channel: ProviderChannel, externalId: string): void {
  const early = takeEarlyStatus(ctx, channel, externalId);
  if (early) deliveryReport(ctx, channel, externalId, early.status, early.detail);
}
