import { CoreError } from '../errors.js';
import type { HandlerContext } from '../context.js';
import type { Attachment, Conversation, Message } from '../protocol/model.js';
import { activeBan } from './bans.js';
import { changeStatus, close, conversationOf, createConversation, customerMessage } from './conversation.js';
import { updateMessage } from './messages.js';
import { conversationAudience } from '../protocol/entities.js';

export interface VisitorStart {
  visitorId: string;
  name: string;
  email: string | null;
  queue: string | null;
  ip: string;
  geo: { lat: number; lon: number; city: string | null; country: string | null } | null;
  text?: string;
}

function checkEmail(email: string): void {
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new CoreError('BAD_EMAIL', 'That email address does not look right.');
}

function refuseIfBanned(ctx: HandlerContext, ip: string): void {
  const ban = activeBan(ctx, ip);
  if (ban) throw new CoreError('BANNED', `You cannot chat with us until ${new Date(ban.end).toISOString()}. Reason: ${ban.reason}`, { until: ban.end, reason: ban.reason });
}

/**
 * A website visitor starts a live chat. The customer's identity is the
 * widget's visitor id (a returning visitor on the same browser is the same
 * customer), never the email typed on the form: anyone may type another's
 * address, and as the customer's identity it gave them that customer's
 * earlier conversations to be read to them, their last agent and their
 * contact. The email stays on the conversation as the visitor gave it; the
 * agent links the chat to a contact when satisfied it is them.
 */
export function visitorStart(ctx: HandlerContext, v: VisitorStart): Conversation {
  refuseIfBanned(ctx, v.ip);
  const name = v.name.trim();
  if (!name) throw new CoreError('NAME_REQUIRED', 'Tell us your name to start.');
  if (v.email) checkEmail(v.email);
  const queue = v.queue ?? ctx.config.messagingQueues.find((q) => q.channels.includes('livechat'))?.id;
  if (!queue) throw new CoreError('NO_CHAT_QUEUE', 'Live chat is not available.');
  return createConversation(ctx, {
    channel: 'livechat',
    queue,
    customer: { id: `visitor:${v.visitorId}`, name, email: v.email, phone: null, ip: v.ip, geo: v.geo },
    text: v.text,
  });
}

function visitorsConversation(ctx: HandlerContext, conversationId: string, visitorIp: string): Conversation {
  const c = conversationOf(ctx, conversationId);
  if (c.channel !== 'livechat') throw new CoreError('NOT_LIVECHAT', 'That is not a live chat.');
  refuseIfBanned(ctx, visitorIp);
  return c;
}

/**
 * The visitor writes. `clientId` is the page's own id for the message, kept
 * as its externalId (see visitorMessageKey) so that the same message sent
 * again is known (sentBefore).
 */
export function visitorMessage(ctx: HandlerContext, conversationId: string, ip: string, text: string, attachments: Attachment[], clientId?: string): Conversation {
  const c = visitorsConversation(ctx, conversationId, ip);
  if (!text.trim() && attachments.length === 0) throw new CoreError('EMPTY_MESSAGE', 'Write something first.');
  return customerMessage(ctx, c, text, attachments, clientId ? visitorMessageKey(c.id, clientId) : null);
}

/** A visitor's message as its externalId: the page's id within its conversation, so one chat's ids never meet another's. */
export function visitorMessageKey(conversationId: string, clientId: string): string {
  return `${conversationId}:${clientId}`;
}

/**
 * The message the page already sent under this id, if it was stored: on a bad
 * link the page sends again what it was never told was kept, and the answer,
 * not the message, may be what was lost.
 */
export function sentBefore(ctx: HandlerContext, conversationId: string, clientId: string): Message | null {
  const id = ctx.conversations.messageByExternalId('livechat', visitorMessageKey(conversationId, clientId));
  const m = id ? ctx.state.get('message', id) : undefined;
  return m && m.conversation === conversationId ? m : null;
}

/** The visitor has read the agent's messages. */
export function visitorSeen(ctx: HandlerContext, conversationId: string, ip: string): number {
  const c = visitorsConversation(ctx, conversationId, ip);
  const now = ctx.clock.now();
  let marked = 0;
  for (const id of ctx.conversations.unseenIn(c.id)) {
    const m = ctx.state.get('message', id);
    if (m && m.author === 'agent' && m.seenAt === null) {
      updateMessage(ctx, c, { ...m, seenAt: now });
      marked++;
    }
  }
  return marked;
}

/**
 * The visitor ends the chat: it becomes Solved (and asks for the survey when
 * the queue has one) or, with no survey, closes.
 */
export function visitorClose(ctx: HandlerContext, conversationId: string, ip: string): Conversation {
  const c = conversationOf(ctx, conversationId);
  void ip;
  if (c.status === 'closed' || c.status === 'solved') return c;
  return changeStatus(ctx, c, 'solved', { kind: 'customer', id: c.customer.id });
}

/** The survey answer (1-10 and a comment) closes the conversation. */
export function visitorSurvey(ctx: HandlerContext, conversationId: string, score: number, comment: string): Conversation {
  const c = conversationOf(ctx, conversationId);
  if (!c.surveyPending) throw new CoreError('NO_SURVEY', 'There is no survey to answer for this conversation.');
  if (!Number.isInteger(score) || score < 1 || score > 10) throw new CoreError('BAD_SCORE', 'Choose a score from 1 to 10.');
  const rated = ctx.tx.put('conversation', { ...c, survey: { score, comment: comment.slice(0, 1000), at: ctx.clock.now() } }, 'survey');
  return close(ctx, rated, { kind: 'survey', id: c.customer.id });
}

/** The visitor's live draft (sneak peek) for the assigned agent; not stored. */
export function visitorTyping(ctx: HandlerContext, conversationId: string, text: string): void {
  const c = ctx.state.get('conversation', conversationId);
  if (!c || c.status === 'closed') return;
  ctx.ephemeral('conversation.typing', { conversation: c.id, who: 'customer', text: text.slice(0, 2000) }, conversationAudience(c));
}

/**
 * The visitor leaves an email address during the chat (when no agent is
 * online, so that the centre can answer later). The customer keeps their
 * identity; the address is shown to agents on the conversation, and becomes
 * the customer's only if they had none. A customer known by an address keeps
 * it: nothing proves the visitor is them (anyone may type another's address
 * on the form), and a later reply to that customer must not go elsewhere.
 */
export function visitorEmail(ctx: HandlerContext, conversationId: string, ip: string, email: string): Conversation {
  const c = visitorsConversation(ctx, conversationId, ip);
  if (c.status === 'closed') throw new CoreError('CONVERSATION_CLOSED', 'This chat has ended; start a new one.');
  const address = email.trim();
  checkEmail(address);
  if (c.customer.email === address) return c;
  const contact = ctx.state.get('customer', c.customer.id);
  if (contact && !contact.email) ctx.tx.put('customer', { ...contact, email: address }, 'seen');
  return ctx.tx.put('conversation', { ...c, customer: { ...c.customer, email: address } }, 'customer-email');
}
