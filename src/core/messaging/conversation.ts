import { CoreError } from '../errors.js';
import type { HandlerContext, Principal } from '../context.js';
import type { Attachment, ClosedBy, Conversation, ConversationStatus, Customer, MailMeta, Message } from '../protocol/model.js';
import { withTransfer } from '../protocol/transfers.js';
import { assignTo, canTake } from './assign.js';
import { isOpen } from './hours.js';
import { postMessage, postNotice, updateMessage } from './messages.js';
import { notices, SURVEY_MODE } from './notices.js';
import { fillPlaceholders } from './placeholders.js';
import { deliveredByProvider } from './outbox.js';
import { checkReplyRules, checkTextLength, messageParts } from './platform-rules.js';
import { surveyQuestion } from './survey-question.js';
import { recognise } from '../contacts/links.js';

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export interface NewConversation {
  channel: Conversation['channel'];
  queue: string;
  customer: Customer;
  subject?: string;
  text?: string;
  attachments?: Attachment[];
  externalRef?: string | null;
}

export function queueName(ctx: HandlerContext, id: string): string {
  return ctx.config.messagingQueues.find((q) => q.id === id)?.name ?? id;
}

export function conversationOf(ctx: HandlerContext, id: string): Conversation {
  const c = ctx.state.get('conversation', id);
  if (!c) throw new CoreError('CONVERSATION_NOT_FOUND', `There is no conversation ${id}.`);
  return c;
}

/** A customer starts a conversation (a visitor, an email, an SMS...). Every channel arrives here. */
export function createConversation(ctx: HandlerContext, input: NewConversation): Conversation {
  const queue = ctx.config.messagingQueues.find((q) => q.id === input.queue);
  if (!queue) throw new CoreError('QUEUE_NOT_FOUND', `There is no messaging queue "${input.queue}".`);
  if (!queue.channels.includes(input.channel)) throw new CoreError('CHANNEL_NOT_IN_QUEUE', `${queue.name} does not take ${input.channel} conversations.`);
  const now = ctx.clock.now();
  const conversation = ctx.tx.put(
    'conversation',
    {
      id: ctx.random.id('conv'),
      channel: input.channel,
      queue: queue.id,
      customer: input.customer,
      subject: input.subject?.trim() || defaultSubject(input.channel),
      status: 'open',
      agent: null,
      createdAt: now,
      assignedAt: null,
      firstReplyAt: null,
      closedAt: null,
      closedBy: null,
      surveyPending: false,
      survey: null,
      transfers: [],
      assignment: null,
      hiddenBy: [],
      unread: 0,
      lastMessageAt: now,
      preview: '',
      externalRef: input.externalRef ?? null,
      // A customer whose email, number or page id is exactly one contact's is linked to that contact.
      contact: recognise(ctx, input.customer, input.channel),
    },
    'created',
  );
  const known = ctx.state.get('customer', input.customer.id);
  ctx.tx.put(
    'customer',
    {
      id: input.customer.id,
      name: input.customer.name,
      email: input.customer.email,
      phone: input.customer.phone,
      lastAgent: known?.lastAgent ?? null,
      lastConversation: known?.lastConversation ?? null,
    },
    'seen',
  );
  postNotice(ctx, conversation, notices.started(queue.name));
  if (input.text || input.attachments?.length) return customerMessage(ctx, conversation, input.text ?? '', input.attachments ?? []);
  return conversation;
}

/**
 * A conversation's preview is its latest message's start, not the message:
 * the conversation travels in every event about it (to every agent of its
 * queue) and is stored with each, and an email can be 100 KB of text.
 */
export const PREVIEW_CHARS = 300;
function previewOf(text: string): string {
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text;
}

function defaultSubject(channel: Conversation['channel']): string {
  return { livechat: 'Live chat', email: 'Email', sms: 'SMS', whatsapp: 'WhatsApp', facebook: 'Facebook message' }[channel];
}

function checkAttachments(attachments: Attachment[]): void {
  for (const a of attachments) {
    if (a.size > MAX_ATTACHMENT_BYTES)
      throw new CoreError('FILE_TOO_LARGE', `${a.name} is ${(a.size / 1048576).toFixed(1)} MB; files are limited to 20 MB each.`);
  }
}

/** The customer writes. A reply to a conversation waiting on them opens it again. */
export function customerMessage(
  ctx: HandlerContext,
  conversation: Conversation,
  text: string,
  attachments: Attachment[],
  externalId: string | null = null,
  mail?: MailMeta,
  /** When the customer sent it (bounded, customer-sent-at.ts); the receipt time where no provider says. */
  sentAt?: number,
): Conversation {
  if (conversation.status === 'solved' || conversation.status === 'closed')
    throw new CoreError('CONVERSATION_SOLVED', 'This conversation has ended; start a new one to write again.');
  checkAttachments(attachments);
  const late = sentAt !== undefined && sentAt < ctx.clock.now();
  const message = postMessage(ctx, conversation, 'customer', text, { attachments, externalId, mail, extra: late ? { sentAt } : undefined });
  // An older message that came late goes into the log where it was sent; the lists still show the newest.
  const newest = !late || isNewestWritten(ctx, conversation.id, message.id);
  return ctx.tx.put(
    'conversation',
    {
      ...conversation,
      status: conversation.status === 'waiting' ? 'open' : conversation.status,
      unread: conversation.unread + 1,
      lastMessageAt: newest ? message.at : conversation.lastMessageAt,
      customerAt: latestCustomerAt(conversation, sentAt ?? message.at),
      preview: newest ? previewOf(text || attachments.map((a) => a.name).join(', ')) : conversation.preview,
    },
    'customer-message',
  );
}

/**
 * Whether a message is the last one written (by the customer, an agent or a
 * bot) in its conversation's order (messageOrderAt), notices after it aside:
 * the one whose time and words the Chats and Email lists show.
 */
function isNewestWritten(ctx: HandlerContext, conversation: string, message: string): boolean {
  const ids = ctx.conversations.messageIds(conversation);
  for (let i = ids.length - 1; i >= 0; i--) {
    if (ids[i] === message) return true;
    if (ctx.state.get('message', ids[i]!)?.author !== 'system') return false;
  }
  return true;
}

/**
 * When the customer last wrote, with this message: a late delivery of an
 * older message (Meta retrying a webhook) does not move it back.
 */
export function latestCustomerAt(c: Pick<Conversation, 'customerAt'>, sentAt: number): number {
  return c.customerAt === undefined ? sentAt : Math.max(c.customerAt, sentAt);
}

function mine(ctx: HandlerContext, who: Principal, id: string): Conversation {
  const c = conversationOf(ctx, id);
  if (c.agent !== who.agent && !who.supervisor) throw new CoreError('NOT_YOUR_CONVERSATION', 'This conversation is not assigned to you.');
  return c;
}

/** The agent replies. Placeholders are filled; a solved or closed conversation takes no more messages. */
export function agentMessage(
  ctx: HandlerContext,
  who: Principal,
  id: string,
  text: string,
  attachments: Attachment[],
  /** A provider channel's extras: the message's own id and provider id, what the adapter needs (threading), its headers. */
  extra: { id?: string; externalId?: string; outbound?: Record<string, unknown>; mail?: MailMeta } = {},
) {
  const c = mine(ctx, who, id);
  if (c.status === 'solved') throw new CoreError('CONVERSATION_SOLVED', 'Messages cannot be sent: the ticket is solved.');
  if (c.status === 'closed') throw new CoreError('CONVERSATION_CLOSED', 'Messages cannot be sent: the conversation is closed.');
  if (!text.trim() && attachments.length === 0) throw new CoreError('EMPTY_MESSAGE', 'Write something or attach a file first.');
  checkAttachments(attachments);
  const template = extra.outbound?.template as Message['template'] | undefined;
  // The platforms' reply windows (WhatsApp 24 h, Facebook 7 days), whatever the client.
  const rules = deliveredByProvider(c.channel) ? checkReplyRules(ctx, c, template !== undefined) : {};
  const agent = ctx.state.agent(who.agent)!;
  const filled = fillPlaceholders(text, { customer: c.customer, agent: { name: agent.name, number: agent.id }, queue: queueName(ctx, c.queue), conversation: c });
  checkTextLength(c.channel, filled);
  // A file per message where the platform takes only one: each part is a message of its own (email's is one part, so its own id is used once).
  let message!: Message;
  for (const part of messageParts(c.channel, filled, attachments))
    message = postMessage(ctx, c, 'agent', part.text, { ...extra, agent: who.agent, attachments: part.attachments, outbound: { ...extra.outbound, ...rules }, extra: template ? { template } : undefined });
  const now = ctx.clock.now();
  const updated = ctx.tx.put('conversation', { ...c, firstReplyAt: c.firstReplyAt ?? now, agentAt: now, lastMessageAt: now, preview: previewOf(filled) }, 'agent-message');
  return { message, conversation: updated };
}

/** "Assign to me": works whether or not automatic assignment is on. */
export function assignToMe(ctx: HandlerContext, who: Principal, id: string) {
  const c = conversationOf(ctx, id);
  if (c.agent === who.agent) throw new CoreError('ALREADY_YOURS', 'This conversation is already assigned to you.');
  if (c.agent) throw new CoreError('ALREADY_ASSIGNED', 'Another agent has taken this conversation.');
  if (c.status === 'closed' || c.status === 'solved') throw new CoreError('CONVERSATION_CLOSED', 'This conversation has ended.');
  const agent = ctx.state.agent(who.agent)!;
  if (!agent.session?.messagingQueues.includes(c.queue) && !who.supervisor)
    throw new CoreError('NOT_IN_QUEUE', `You are not a member of ${queueName(ctx, c.queue)}.`);
  return { conversation: assignTo(ctx, c, who.agent, 'manual', who.agent) };
}

/**
 * Status changes. Solved asks the customer for a survey when the queue has
 * one (live chat), waits for the customer to confirm (email), or closes the
 * conversation; a solved conversation's status cannot change any more.
 */
export function setStatus(ctx: HandlerContext, who: Principal, id: string, status: Exclude<ConversationStatus, 'closed'>) {
  const c = mine(ctx, who, id);
  if (c.status === 'closed') throw new CoreError('CONVERSATION_CLOSED', 'The conversation is closed.');
  if (c.status === 'solved') throw new CoreError('SURVEY_MODE', c.surveyPending && c.channel === 'livechat' ? SURVEY_MODE : 'The status of a solved conversation cannot be changed.');
  if (c.status === status) throw new CoreError('SAME_STATUS', `The conversation is already ${status}.`);
  return { conversation: changeStatus(ctx, c, status, { kind: who.supervisor && c.agent !== who.agent ? 'supervisor' : 'agent', id: who.agent }) };
}

export function changeStatus(ctx: HandlerContext, c: Conversation, status: Exclude<ConversationStatus, 'closed'>, by: { kind: ClosedBy; id: string | null }): Conversation {
  let updated = ctx.tx.put('conversation', { ...c, status }, 'status');
  postNotice(ctx, updated, notices.status(c.status, status));
  // An email marked Solved waits for the customer to confirm (the manual's statuses): it stays Solved in
  // My Emails until they write (it opens again) or the agent closes it. It was closed at once, so Solved
  // was Close by another name and the customer's "thanks, but..." started a new conversation.
  if (status === 'solved' && c.channel === 'email') return updated;
  if (status === 'solved') {
    const queue = ctx.config.messagingQueues.find((q) => q.id === c.queue);
    // Live chat has its own survey form; SMS, WhatsApp and Facebook ask in words while they may still write.
    const question = queue?.survey ? surveyQuestion(ctx, c) : null;
    if (question) {
      updated = ctx.tx.put('conversation', { ...updated, surveyPending: true }, 'survey');
      postMessage(ctx, updated, 'bot', question.text, { outbound: question.outbound });
    } else {
      updated = close(ctx, updated, by.kind === 'agent' ? { kind: 'system', id: null } : by);
    }
  }
  return updated;
}

/** Close a conversation; who closed it decides whether it stays in My Chats (greyed) or goes to history. */
export function close(ctx: HandlerContext, c: Conversation, by: { kind: ClosedBy; id: string | null }): Conversation {
  const updated = ctx.tx.put('conversation', { ...c, status: 'closed', closedAt: ctx.clock.now(), closedBy: by, surveyPending: false }, 'closed');
  postNotice(ctx, updated, notices.closed());
  return updated;
}

export function closeByAgent(ctx: HandlerContext, who: Principal, id: string) {
  const c = mine(ctx, who, id);
  if (c.status === 'closed') throw new CoreError('CONVERSATION_CLOSED', 'The conversation is already closed.');
  const kind: ClosedBy = c.agent === who.agent ? 'agent' : 'supervisor';
  return { conversation: close(ctx, c, { kind, id: who.agent }) };
}

/** Hide a conversation closed by someone else from My Chats. */
export function hide(ctx: HandlerContext, who: Principal, id: string) {
  const c = mine(ctx, who, id);
  if (c.status !== 'closed') throw new CoreError('NOT_CLOSED', 'Only a closed conversation can be hidden.');
  if (c.closedBy?.kind === 'agent') throw new CoreError('NOT_HIDEABLE', 'Conversations you closed are already in the closed history.');
  if (c.hiddenBy.includes(who.agent)) return { conversation: c };
  return { conversation: ctx.tx.put('conversation', { ...c, hiddenBy: [...c.hiddenBy, who.agent] }, 'hidden') };
}

/**
 * Edit the subject while the conversation goes on. A solved one is finished
 * (the manual: it "can no longer be edited"): its subject stays what it was
 * when it was solved, as its survey and the history show it.
 */
export function setSubject(ctx: HandlerContext, who: Principal, id: string, subject: string) {
  const c = mine(ctx, who, id);
  if (c.status === 'closed') throw new CoreError('CONVERSATION_CLOSED', 'The conversation is closed.');
  if (c.status === 'solved') throw new CoreError('CONVERSATION_SOLVED', 'The subject cannot be edited: the ticket is solved.');
  const clean = subject.trim();
  if (!clean) throw new CoreError('EMPTY_SUBJECT', 'The subject cannot be empty.');
  if (clean.length > 200) throw new CoreError('SUBJECT_TOO_LONG', 'The subject must be at most 200 characters.');
  const updated = ctx.tx.put('conversation', { ...c, subject: clean }, 'subject');
  postNotice(ctx, updated, notices.subject(ctx.state.agent(who.agent)!.name, clean));
  return { conversation: updated };
}

/** The agent has read the customer's messages (read receipts for the customer). */
export function markSeen(ctx: HandlerContext, who: Principal, id: string) {
  const c = mine(ctx, who, id);
  const now = ctx.clock.now();
  let marked = 0;
  for (const mid of ctx.conversations.unseenIn(c.id)) {
    const m = ctx.state.get('message', mid);
    if (m && m.author === 'customer' && m.seenAt === null) {
      updateMessage(ctx, c, { ...m, seenAt: now });
      marked++;
    }
  }
  if (c.unread > 0) ctx.tx.put('conversation', { ...c, unread: 0 }, 'seen');
  return { marked };
}

/**
 * Transfer to an agent (assigned to them directly, whatever their queues) or
 * to a queue (unassigned there). A queue with no agents is refused; a queue
 * outside its hours is allowed with a warning.
 */
export function transfer(ctx: HandlerContext, who: Principal, id: string, target: { queue?: string; agent?: string }) {
  const c = mine(ctx, who, id);
  if (c.status === 'solved') throw new CoreError('CONVERSATION_SOLVED', "Ticket transfers are not allowed when the ticket's status is Solved.");
  if (c.status === 'closed') throw new CoreError('CONVERSATION_CLOSED', 'A closed conversation cannot be transferred.');
  const me = ctx.state.agent(who.agent)!;
  const now = ctx.clock.now();
  if (target.agent) {
    const to = ctx.state.agent(target.agent);
    if (!to) throw new CoreError('AGENT_NOT_FOUND', `There is no agent ${target.agent}.`);
    if (to.id === c.agent) throw new CoreError('ALREADY_YOURS', `${to.name} already has this conversation.`);
    if (!to.session) throw new CoreError('AGENT_NOT_AVAILABLE', `${to.name} is not logged in.`);
    const moved = ctx.tx.put(
      'conversation',
      { ...c, ...withTransfer(c, { at: now, by: who.agent, fromQueue: c.queue, toQueue: c.queue, fromAgent: c.agent, toAgent: to.id }) },
      'transfer',
    );
    const warning = canTake(ctx, to.id, c, false) ? null : `${to.name} is at capacity or paused; the conversation is theirs anyway.`;
    return { conversation: assignTo(ctx, moved, to.id, 'direct-transfer', who.agent), warning };
  }
  const queue = ctx.config.messagingQueues.find((q) => q.id === target.queue || q.name.toLowerCase() === target.queue?.toLowerCase());
  if (!queue) throw new CoreError('QUEUE_NOT_FOUND', `There is no messaging queue "${target.queue}".`);
  if (!queue.channels.includes(c.channel)) throw new CoreError('CHANNEL_NOT_IN_QUEUE', `${queue.name} does not take ${c.channel} conversations.`);
  const members = ctx.config.agents.filter((a) => a.messagingQueues.includes(queue.id));
  if (members.length === 0) throw new CoreError('QUEUE_EMPTY', `${queue.name} has no agents: transfers to it are not allowed.`);
  const warning = isOpen(queue, now) ? null : `${queue.name} is outside its operation hours: the conversation will wait there until it opens.`;
  const moved = ctx.tx.put(
    'conversation',
    {
      ...c,
      queue: queue.id,
      agent: null,
      assignedAt: null,
      assignment: null,
      ...withTransfer(c, { at: now, by: who.agent, fromQueue: c.queue, toQueue: queue.id, fromAgent: c.agent, toAgent: null }),
    },
    'transfer',
  );
  postNotice(ctx, moved, notices.queueTransfer(me.name, queueName(ctx, c.queue), queue.name));
  return { conversation: moved, warning };
}

export type { Attachment };
