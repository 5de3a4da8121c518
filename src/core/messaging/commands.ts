import { CoreError } from '../errors.js';
import type { HandlerContext, Principal } from '../context.js';
import type { Attachment, Message } from '../protocol/model.js';
import type { ConversationLog } from '../protocol/results.js';
import { LOG_ANSWER_CHARS, latestWithin } from './log-budget.js';
import { agentMessage, conversationOf } from './conversation.js';
import { emailReply, type EmailReplyOptions } from './email.js';
import { mayView } from './list.js';

export { assignToMe, closeByAgent, hide, markSeen, setStatus, setSubject, transfer } from './conversation.js';

/** message.send: attachments are files this agent uploaded; an email may carry copies and a signature. */
export function send(ctx: HandlerContext, who: Principal, conversation: string, text: string, fileIds: string[], email: EmailReplyOptions = {}) {
  const attachments: Attachment[] = fileIds.map((id) => {
    const f = ctx.state.get('file', id);
    if (!f || f.owner !== who.agent) throw new CoreError('FILE_NOT_FOUND', `There is no uploaded file ${id}; upload it first.`);
    return { id: f.id, name: f.name, size: f.size, type: f.type };
  });
  const c = conversationOf(ctx, conversation);
  if (c.channel === 'email') return emailReply(ctx, who, c, text, attachments, email);
  if (email.cc?.length || email.bcc?.length || email.signature !== undefined)
    throw new CoreError('NOT_EMAIL', 'Copies and signatures are for emails; this conversation is not one.');
  return agentMessage(ctx, who, conversation, text, attachments);
}

/** Who may read a conversation's log: as for the Conversations lists. */
function readable(ctx: HandlerContext, who: Principal, id: string) {
  const c = conversationOf(ctx, id);
  if (!mayView(who, c)) throw new CoreError('NOT_YOUR_CONVERSATION', 'You may not read this conversation.');
  return c;
}

/** A conversation's latest messages within a budget of characters, oldest first: only those are read. */
function logWithin(ctx: HandlerContext, id: string, maxChars: number) {
  const ids = ctx.conversations.messageIds(id);
  return latestWithin<Message>(ids.length, (i) => ctx.state.get('message', ids[i]!), maxChars);
}

/** conversation.messages: the log, oldest first: all of it, or its latest when it is too long for one answer. */
export function messagesOf(ctx: HandlerContext, who: Principal, id: string): ConversationLog {
  const c = readable(ctx, who, id);
  const { items, omitted } = logWithin(ctx, c.id, LOG_ANSWER_CHARS);
  return { conversation: c, messages: items, omitted };
}

/**
 * conversation.history: the same customer's earlier conversations, newest
 * first, to scroll back through: only those the agent may read in the
 * Conversations lists (mayView), so another agent's closed chats and other
 * queues' stay out.
 */
export function historyOf(ctx: HandlerContext, who: Principal, id: string): { conversations: ConversationLog[] } {
  const c = readable(ctx, who, id);
  const candidates = [...ctx.state.all('conversation')]
    .filter((x) => x.customer.id === c.customer.id && x.id !== c.id && x.createdAt < c.createdAt && mayView(who, x))
    .sort((a, b) => b.createdAt - a.createdAt)
    .slice(0, 20);
  // One answer's worth of log in all: the newest conversations first, the rest once it is spent.
  let left = LOG_ANSWER_CHARS;
  const earlier: ConversationLog[] = [];
  for (const x of candidates) {
    if (left <= 0) break;
    const { items, omitted, used } = logWithin(ctx, x.id, left);
    earlier.push({ conversation: x, messages: items, omitted });
    left -= used + 1;
  }
  return { conversations: earlier };
}

/** The agent is typing: the visitor sees three dots. Passing, not stored. */
export function agentTyping(ctx: HandlerContext, who: Principal, id: string, typing: boolean) {
  const c = conversationOf(ctx, id);
  if (c.agent !== who.agent) return { sent: false };
  ctx.ephemeral('conversation.typing', { conversation: c.id, who: 'agent', typing }, {});
  return { sent: true };
}
