import type { HandlerContext } from '../context.js';
import type { Attachment, Message, ProviderChannel } from '../protocol/model.js';
import { postMessage } from './messages.js';
import { applyEarlyStatus } from './outbox.js';

/** A message the page itself sent, as its provider echoes it back (Messenger's is_echo). */
export interface EchoedMessage {
  channel: ProviderChannel;
  externalId: string;
  /** The thread it belongs to (the same reference its customer's messages carry). */
  threadRef: string;
  text: string;
  attachments: Attachment[];
}

/**
 * The provider echoes every message the page sent. Ours are known (by the
 * provider's id, or already confirmed by the echo's metadata) and change
 * nothing: the agent's message is not shown twice. One written in the
 * provider's own tools (Facebook Business Suite) is recorded in the thread's
 * open conversation, marked as sent from there, and never sent again. Once
 * per provider id; a thread with no open conversation keeps nothing.
 */
export function receiveEcho(ctx: HandlerContext, e: EchoedMessage): Message | null {
  const key = `${e.channel}:${e.externalId}`;
  if (ctx.state.get('inboundKey', key)) return null;
  if (ctx.conversations.messageByExternalId(e.channel, e.externalId)) return null;
  const id = ctx.conversations.conversationByRef(e.threadRef);
  const c = id ? ctx.state.get('conversation', id) : undefined;
  if (!c || c.channel !== e.channel || c.status === 'closed') return null;
  const message = postMessage(ctx, c, 'agent', e.text, { attachments: e.attachments, externalId: e.externalId, extra: { sentFrom: 'facebook' } });
  ctx.tx.put('inboundKey', { id: key, message: message.id, at: ctx.clock.now() });
  ctx.tx.put('conversation', { ...c, lastMessageAt: message.at, preview: e.text || e.attachments.map((a) => a.name).join(', ') }, 'echo');
  applyEarlyStatus(ctx, e.channel, e.externalId);
  return ctx.state.get('message', message.id) ?? message;
}
