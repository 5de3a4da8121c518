import type { HandlerContext } from '../context.js';
import type { Attachment, Conversation, MailMeta, Message, MessageAuthor } from '../protocol/model.js';
import { conversationAudience } from '../protocol/entities.js';
import { deliveredByProvider, enqueue } from './outbox.js';

/**
 * Add a message to a conversation; its audience is the conversation's. What
 * we write (agent, bot) on a channel a provider delivers goes into the
 * outbox in the same transaction, with `outbound` for the adapter (cc, a
 * template); what the customer wrote carries the provider's id.
 */
export function postMessage(
  ctx: HandlerContext,
  conversation: Conversation,
  author: MessageAuthor,
  text: string,
  options: {
    id?: string;
    agent?: string | null;
    attachments?: Attachment[];
    externalId?: string | null;
    outbound?: Record<string, unknown>;
    mail?: MailMeta;
    /** A template message's name and parameters; or a message only seen here, written in the provider's own tools. */
    extra?: Pick<Message, 'template' | 'sentFrom' | 'sentAt'>;
  } = {},
): Message {
  // What was written in the provider's own tools has already gone: it is only recorded.
  const outgoing = (author === 'agent' || author === 'bot') && deliveredByProvider(conversation.channel) && !options.extra?.sentFrom;
  const at = ctx.clock.now();
  const message: Message = {
    id: options.id ?? ctx.random.id('msg'),
    conversation: conversation.id,
    author,
    agent: options.agent ?? null,
    text,
    attachments: options.attachments ?? [],
    at,
    seenAt: null,
    ...(outgoing ? { delivery: { status: 'queued' as const, detail: null, at } } : {}),
    ...(options.externalId ? { externalId: options.externalId } : {}),
    ...options.extra,
    ...(options.mail ? { mail: options.mail } : {}),
  };
  const posted = ctx.tx.put('message', message, author, conversationAudience(conversation), 'message.created');
  if (outgoing) enqueue(ctx, conversation, posted, options.outbound);
  return posted;
}

/** A system notice in the conversation (assignments, transfers, status changes). */
export function postNotice(ctx: HandlerContext, conversation: Conversation, text: string): Message {
  return postMessage(ctx, conversation, 'system', text);
}

export function updateMessage(ctx: HandlerContext, conversation: Conversation, message: Message): Message {
  return ctx.tx.put('message', message, 'seen', conversationAudience(conversation), 'message.updated');
}
