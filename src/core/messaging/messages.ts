import type { HandlerContext } from '../context.js';
import type { Attachment, Conversation, Message, MessageAuthor } from '../protocol/model.js';
import { conversationAudience } from '../protocol/entities.js';

/** Add a message to a conversation; its audience is the conversation's. */
export function postMessage(
  ctx: HandlerContext,
  conversation: Conversation,
  author: MessageAuthor,
  text: string,
  options: { agent?: string | null; attachments?: Attachment[] } = {},
): Message {
  const message: Message = {
    id: ctx.random.id('msg'),
    conversation: conversation.id,
    author,
    agent: options.agent ?? null,
    text,
    attachments: options.attachments ?? [],
    at: ctx.clock.now(),
    seenAt: null,
  };
  return ctx.tx.put('message', message, author, conversationAudience(conversation), 'message.created');
}

/** A system notice in the conversation (assignments, transfers, status changes). */
export function postNotice(ctx: HandlerContext, conversation: Conversation, text: string): Message {
  return postMessage(ctx, conversation, 'system', text);
}

export function updateMessage(ctx: HandlerContext, conversation: Conversation, message: Message): Message {
  return ctx.tx.put('message', message, 'seen', conversationAudience(conversation), 'message.updated');
}
