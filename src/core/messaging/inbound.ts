import type { HandlerContext } from '../context.js';
import { forgetOlderThan } from '../state/forget-older.js';
import { conversationAudience } from '../protocol/entities.js';
import type { Attachment, Conversation, Customer, MailMeta, Message, ProviderChannel } from '../protocol/model.js';
import { close, createConversation, customerMessage } from './conversation.js';
import { postMessage, postNotice } from './messages.js';
import { customerSentAt } from './customer-sent-at.js';
import { reopen } from './reopen.js';
import { answerBySurvey } from './text-survey.js';

/** What a Messenger customer is called until Facebook gives their name (a failed or refused look-up). */
export const UNNAMED_ON_FACEBOOK = 'Facebook user';

/** How long a provider's message id is remembered: providers retry a webhook for hours, not weeks. */
export const INBOUND_KEY_DAYS = 7;

/** A customer's message as a channel adapter has understood it from its provider's format. */
export interface InboundMessage {
  channel: ProviderChannel;
  /** The messaging queue it is for (the adapter maps the address or number written to). */
  queue: string;
  /** The provider's id of the message: a webhook delivered twice is taken once. */
  externalId: string;
  /**
   * The thread outside (an email thread's root Message-ID, the customer's
   * number and ours): a message of a thread whose conversation is still open
   * continues it; otherwise it starts a new conversation with this reference.
   */
  threadRef: string;
  customer: Customer;
  subject?: string;
  text: string;
  attachments: Attachment[];
  /** An email's headers as the panel shows them. */
  mail?: MailMeta;
  /**
   * Sent by a machine (an auto-reply, a delivery report), in words: kept in
   * its thread's conversation but it reopens, assigns and answers nothing.
   */
  automatic?: string | null;
  /**
   * When the customer sent it, as the provider states it (ms), unchecked:
   * the reply windows count from it once bounded (customer-sent-at.ts), not
   * from when a late webhook reached us. Absent where the provider gives none.
   */
  sentAt?: number | null;
}

export interface Received {
  conversation: Conversation;
  message: Message;
  /** The provider had sent it before: nothing new was made. */
  duplicate: boolean;
}

/**
 * Take a customer's message from a provider in: once per provider id, into
 * the open conversation of its thread (a waiting or solved one opens again,
 * as the manual's statuses say) or a new one. Its assignment, notices and
 * figures follow as for a live chat.
 */
export function receiveInbound(ctx: HandlerContext, m: InboundMessage): Received {
  const key = `${m.channel}:${m.externalId}`;
  const seen = ctx.state.get('inboundKey', key);
  if (seen) {
    const message = ctx.state.get('message', seen.message);
    const conversation = message ? ctx.state.get('conversation', message.conversation) : undefined;
    if (message && conversation) return { conversation, message, duplicate: true };
  }
  const threadId = ctx.conversations.conversationByRef(m.threadRef);
  const found = threadId ? ctx.state.get('conversation', threadId) : undefined;
  const thread = found?.channel === m.channel ? found : undefined;
  if (m.automatic) return receiveAutomatic(ctx, m, key, thread);
  let conversation: Conversation;
  const sentAt = customerSentAt(m.sentAt, ctx.clock.now());
  // A text survey (SMS, WhatsApp, Facebook) is answered by the customer's next message.
  const rated = thread && thread.channel === m.channel ? answerBySurvey(ctx, thread, m.text, m.attachments, m.externalId, sentAt) : null;
  if (rated) {
    ctx.tx.put('inboundKey', { id: key, message: rated.message.id, at: ctx.clock.now() });
    return { ...rated, duplicate: false };
  }
  if (thread && thread.status !== 'closed' && thread.channel === m.channel) {
    // A customer writing again to a solved conversation reopens it (with someone who is here).
    conversation = namedNow(ctx, thread.status === 'solved' ? reopen(ctx, thread) : thread, m.customer);
  } else {
    conversation = createConversation(ctx, { channel: m.channel, queue: m.queue, customer: remembered(ctx, m.customer), subject: m.subject, externalRef: m.threadRef });
    // A reply to a closed conversation starts a new one that says which it continues (its log reads on from there).
    if (thread) conversation = follow(ctx, conversation, thread);
  }
  const updated = customerMessage(ctx, conversation, m.text, m.attachments, m.externalId, m.mail, sentAt);
  // Its provider id finds it: a late one is not the log's last.
  const message = ctx.state.get('message', ctx.conversations.messageByExternalId(m.channel, m.externalId) ?? ctx.conversations.messageIds(updated.id).at(-1)!)!;
  ctx.tx.put('inboundKey', { id: key, message: message.id, at: ctx.clock.now() });
  return { conversation: updated, message, duplicate: false };
}

/** A Messenger customer Facebook has not named (yet): the look-up failed, or the page may not see the profile. */
function unnamed(customer: Customer): boolean {
  return customer.name === UNNAMED_ON_FACEBOOK && !customer.social?.facebookName;
}

/**
 * A Messenger customer whose name could not be looked up when the
 * conversation began is named once a later message's look-up gives it, so
 * the agent's list and chat stop saying "Facebook user" before the next
 * conversation. The customer's earlier conversations (their history) and
 * what is remembered of them (which names the next conversation when its
 * own look-up fails) take it too. A name already given is never replaced.
 */
function namedNow(ctx: HandlerContext, c: Conversation, writer: Customer): Conversation {
  const name = writer.social?.facebookName;
  if (!name || !unnamed(c.customer)) return c;
  const named = (x: Conversation): Conversation => ctx.tx.put('conversation', { ...x, customer: { ...x.customer, name, social: { ...x.customer.social, facebookName: name } } }, 'customer-named');
  for (const id of ctx.contacts.conversationsOfCustomer(c.customer.id)) {
    const earlier = id === c.id ? undefined : ctx.state.get('conversation', id);
    if (earlier && unnamed(earlier.customer)) named(earlier);
  }
  const known = ctx.state.get('customer', c.customer.id);
  if (known?.name === UNNAMED_ON_FACEBOOK) ctx.tx.put('customer', { ...known, name }, 'customer-named');
  return named(c);
}

/**
 * A Messenger customer whose look-up failed for this new conversation, but
 * who was named in an earlier one, starts it with that name: the agent
 * knows who is back without waiting for Facebook.
 */
function remembered(ctx: HandlerContext, customer: Customer): Customer {
  if (!unnamed(customer)) return customer;
  const name = ctx.state.get('customer', customer.id)?.name;
  if (!name || name === UNNAMED_ON_FACEBOOK) return customer;
  return { ...customer, name, social: { ...customer.social, facebookName: name } };
}

function follow(ctx: HandlerContext, conversation: Conversation, closed: Conversation): Conversation {
  const linked = ctx.tx.put('conversation', { ...conversation, follows: closed.id }, 'follows');
  postNotice(ctx, linked, `The customer replied to closed conversation ${closed.id} ("${closed.subject}"): this one continues it.`);
  return linked;
}

/**
 * A machine's mail (an auto-reply, a delivery report) is kept where its
 * thread is, as it came, without touching the conversation's status, agent
 * or unread count: it never reopens, reassigns or answers. With no thread
 * it is kept in a conversation closed at once, so nobody is given it.
 */
function receiveAutomatic(ctx: HandlerContext, m: InboundMessage, key: string, thread: Conversation | undefined): Received {
  let conversation = thread;
  if (!conversation) {
    const created = createConversation(ctx, { channel: m.channel, queue: m.queue, customer: m.customer, subject: m.subject, externalRef: m.threadRef });
    conversation = close(ctx, created, { kind: 'system', id: null });
  }
  const message = postMessage(ctx, conversation, 'customer', m.text, {
    attachments: m.attachments,
    externalId: m.externalId,
    mail: m.mail ? { ...m.mail, automatic: m.automatic } : undefined,
  });
  // Seen already: a machine's words are not a customer waiting for an answer.
  const seen = ctx.tx.put('message', { ...message, seenAt: message.at }, 'automatic', conversationAudience(conversation), 'message.updated');
  ctx.tx.put('inboundKey', { id: key, message: seen.id, at: ctx.clock.now() });
  return { conversation, message: seen, duplicate: false };
}

/** Forget provider ids older than INBOUND_KEY_DAYS. */
export function pruneInboundKeys(ctx: HandlerContext): number {
  return forgetOlderThan(ctx, 'inboundKey', ctx.clock.now() - INBOUND_KEY_DAYS * 24 * 3600_000);
}
