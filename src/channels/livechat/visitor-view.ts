import { notices } from '../../core/messaging/notices.js';
import { visitorMessageKey } from '../../core/messaging/visitor.js';
import type { Message } from '../../core/protocol/model.js';
import type { VisitorMessage } from './visitor-protocol.js';

/**
 * What of a conversation the visitor is shown. The manual's event notices
 * ("Chat Event Notifications") are written for agents: some are fine for the
 * customer to read, some are internal routing or labelling. Decision:
 *
 * - said in the customer's words: "Conversation started in queue …" is
 *   "Chat started." (a customer is never told of queues or tickets) and
 *   "Conversation closed." is "Chat ended.";
 * - every way an agent gets the chat (automatic, manual, returning customer,
 *   direct transfer) is shown as the manual's joined notice, "Ava joined the
 *   conversation.": the visitor learns who is answering, not how routing works;
 * - hidden: transfers between queues, subject edits (the agent's own label),
 *   status changes (the visitor gets a `status` frame), the ban notice (the
 *   visitor gets a `banned` frame), "asked to rate" and the survey's question
 *   itself (the `survey` frame carries it, so the page asks it once).
 *
 * The patterns are built from the notice templates themselves, so a change of
 * wording in the core cannot silently leak a notice that was meant to be hidden:
 * an unknown notice is hidden.
 */

const VISITOR_STARTED = 'Chat started.';
const VISITOR_CLOSED = 'Chat ended.';

const HOLE = '\u0000';

function pattern(template: string): RegExp {
  const escaped = template.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.split(HOLE).join('(.+)')}$`);
}

const STARTED = pattern(notices.started(HOLE));
const CLOSED = pattern(notices.closed());
const JOINED = [notices.joined, notices.autoAssigned, notices.selfAssigned, notices.returning, notices.directTransfer].map((t) => pattern(t(HOLE)));

/** The text of a system notice as the visitor sees it, or null when it is not for them. */
export function visitorNotice(text: string): string | null {
  if (STARTED.test(text)) return VISITOR_STARTED;
  if (CLOSED.test(text)) return VISITOR_CLOSED;
  for (const p of JOINED) {
    const m = p.exec(text);
    if (m) return notices.joined(m[1]!);
  }
  return null;
}

/** A message as the visitor sees it, or null when it is not for them. */
export function toVisitorMessage(m: Message, agentName: (id: string) => string | null): VisitorMessage | null {
  let text = m.text;
  if (m.author === 'bot') return null;
  if (m.author === 'system') {
    const shown = visitorNotice(m.text);
    if (shown === null) return null;
    text = shown;
  }
  return {
    id: m.id,
    author: m.author,
    name: m.author === 'agent' && m.agent ? agentName(m.agent) : null,
    text,
    attachments: m.attachments,
    at: m.at,
    seen: m.seenAt !== null,
    clientId: clientIdOf(m),
  };
}

/** The page's id of the visitor's own message (see visitorMessage), or null. */
function clientIdOf(m: Message): string | null {
  const prefix = visitorMessageKey(m.conversation, '');
  return m.author === 'customer' && m.externalId?.startsWith(prefix) ? m.externalId.slice(prefix.length) : null;
}
