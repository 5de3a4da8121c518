import { CoreError } from '../errors.js';
import type { HandlerContext, Principal } from '../context.js';
import type { Attachment, Conversation, MailMeta } from '../protocol/model.js';
import { agentMessage } from './conversation.js';
import { signatureText } from './signatures.js';

/**
 * The email channel's rules in the core: what an agent's reply says about
 * itself (From the queue's address with the agent's name, To the customer,
 * copies, the subject with the ticket token) and how it threads (its own
 * Message-ID, In-Reply-To and References), decided when the reply is written
 * so that the adapter only has to speak SMTP. The Message-ID is the
 * message's own id at the centre's domain: sent again after a crash, the
 * same mail carries the same id (the customer's mail program shows it once,
 * and a delivery report names it).
 */

export interface EmailReplyOptions {
  cc?: string[];
  bcc?: string[];
  /** A signature's id; null: none; absent: the agent's default. */
  signature?: string | null;
}

/** What the adapter needs to thread the mail, kept with the outbox item. */
export interface EmailThreading {
  messageId: string;
  inReplyTo: string | null;
  references: string[];
}

/** At most this many Message-IDs in References: the first (the thread's root) and the latest. */
const MAX_REFERENCES = 20;
/** The ticket token in a subject line: `[#conv-…]`. */
const TOKEN = /\[#([A-Za-z0-9_-]{3,64})\]/;

/** The domain our Message-IDs are written at. */
export function mailDomain(ctx: Pick<HandlerContext, 'config'>): string {
  const email = ctx.config.email;
  return email?.domain ?? email?.addresses[0]?.address.split('@')[1] ?? 'switchboard.invalid';
}

export function messageIdFor(ctx: Pick<HandlerContext, 'config'>, messageId: string): string {
  return `<${messageId}@${mailDomain(ctx)}>`;
}

/** The address a queue's mail leaves from (the first one given for it), or the first address at all. */
export function queueAddress(ctx: Pick<HandlerContext, 'config'>, queue: string): string | null {
  const addresses = ctx.config.email?.addresses ?? [];
  return (addresses.find((a) => a.queue === queue) ?? addresses[0])?.address ?? null;
}

/** The subject of a reply: "Re: " once, and the conversation's ticket token so a reply without headers still finds it. */
export function replySubject(c: Conversation): string {
  const bare = c.subject.replace(TOKEN, '').trim();
  const re = /^re:/i.test(bare) ? bare : `Re: ${bare}`;
  return `${re} [#${c.id}]`;
}

/** The conversation id in a subject's ticket token, if any. */
export function ticketToken(subject: string): string | null {
  return TOKEN.exec(subject)?.[1] ?? null;
}

/** `"Ava Turner" <support@example.com>`: the name quoted, its quotes and backslashes escaped. */
export function namedAddress(name: string, address: string): string {
  return `"${name.replace(/["\\]/g, (ch) => `\\${ch}`)}" <${address}>`;
}

function threadOf(ctx: HandlerContext, c: Conversation, own: string): EmailThreading {
  const ids: string[] = [];
  let lastCustomer: string | null = null;
  for (const id of ctx.conversations.messageIds(c.id)) {
    const m = ctx.state.get('message', id);
    if (!m?.externalId || (m.author !== 'customer' && m.author !== 'agent')) continue;
    if (m.mail?.automatic) continue;
    ids.push(m.externalId);
    if (m.author === 'customer') lastCustomer = m.externalId;
  }
  const root = c.externalRef && !ids.includes(c.externalRef) ? [c.externalRef] : [];
  const all = [...root, ...ids];
  const references = all.length > MAX_REFERENCES ? [all[0]!, ...all.slice(-(MAX_REFERENCES - 1))] : all;
  return { messageId: own, inReplyTo: lastCustomer ?? references.at(-1) ?? null, references };
}

/**
 * An agent's email reply: the signature (theirs by default, another, or
 * none) after the standard "-- " line, then the reply as any message
 * (placeholders filled, the outbox item in the same transaction) with its
 * headers and threading.
 */
export function emailReply(ctx: HandlerContext, who: Principal, c: Conversation, text: string, attachments: Attachment[], options: EmailReplyOptions) {
  if (!c.customer.email) throw new CoreError('NO_CUSTOMER_ADDRESS', 'This conversation has no customer email address to reply to.');
  const from = queueAddress(ctx, c.queue);
  if (!from) throw new CoreError('NO_QUEUE_ADDRESS', 'No email address is configured for this queue, so no reply can leave it.');
  const agent = ctx.state.agent(who.agent)!;
  const signature = signatureText(ctx, who.agent, options.signature);
  const body = signature ? `${text.replace(/\s+$/, '')}\n\n-- \n${signature.text}` : text;
  const lower = (list: string[] | undefined) => [...new Set((list ?? []).map((a) => a.trim().toLowerCase()).filter(Boolean))];
  const mail: MailMeta = {
    from: namedAddress(agent.name, from),
    to: [c.customer.email],
    cc: lower(options.cc),
    bcc: lower(options.bcc),
    subject: replySubject(c),
    signature: signature?.name ?? null,
  };
  // The id is chosen first: the Message-ID is made from it, and the threading names it.
  const id = ctx.random.id('msg');
  const threading = threadOf(ctx, c, messageIdFor(ctx, id));
  return agentMessage(ctx, who, c.id, body, attachments, { id, externalId: threading.messageId, mail, outbound: { ...threading } });
}
