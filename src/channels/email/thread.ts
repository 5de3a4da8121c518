import type { HandlerContext } from '../../core/context.js';
import { ticketToken } from '../../core/messaging/email.js';

/** What a mail says about the thread it belongs to. */
export interface ThreadHeaders {
  messageId: string;
  inReplyTo: string | null;
  /** Oldest first, as the header lists them. */
  references: string[];
  subject: string;
  /** The sender's address, lower case. */
  from: string;
}

/**
 * The thread reference of an incoming mail (the core finds the conversation
 * by it): first the headers — the latest Message-ID it answers that we know
 * (one of our replies or an earlier mail of the customer) gives that
 * conversation's thread; else the first of its References, the thread's
 * root as the mail program remembers it — and only then the ticket token in
 * the subject, which is believed only from the conversation's own customer
 * (anyone can type a token). A mail that answers nothing starts a thread of
 * its own.
 */
export function threadRefFor(ctx: Pick<HandlerContext, 'state' | 'conversations'>, mail: ThreadHeaders): string {
  const answered = [...(mail.inReplyTo ? [mail.inReplyTo] : []), ...[...mail.references].reverse()];
  for (const id of answered) {
    const messageId = ctx.conversations.messageByExternalId('email', id);
    const message = messageId ? ctx.state.get('message', messageId) : undefined;
    const conversation = message ? ctx.state.get('conversation', message.conversation) : undefined;
    if (conversation?.externalRef) return conversation.externalRef;
  }
  const root = mail.references[0] ?? mail.inReplyTo;
  if (root && ctx.conversations.conversationByRef(root)) return root;
  const token = ticketToken(mail.subject);
  const ticket = token ? ctx.state.get('conversation', token) : undefined;
  if (ticket?.channel === 'email' && ticket.externalRef && ticket.customer.email?.toLowerCase() === mail.from) return ticket.externalRef;
  return root ?? mail.messageId;
}
