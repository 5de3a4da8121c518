import { notices } from '../../core/messaging/notices.js';
import type { Message } from '../../core/protocol/model.js';
import type { VisitorMessage } from './visitor-protocol.js';

/**
 * What of a conversation the visitor is shown. The manual's event notices
 * ("Chat Event Notifications") are written for agents: some are fine for the
 * customer to read, some are internal routing or labelling. Decision:
 *
 * - shown as they are: "Conversation started in queue …", "Conversation closed."
 * - every way an agent gets the chat (automatic, manual, returning customer,
 *   direct transfer) is shown as the manual's joined notice, "Ava joined the
 *   conversation.": the visitor learns who is answering, not how routing works;
 * - hidden: transfers between queues, subject edits (the agent's own label),
 *   status changes (the visitor gets a `status` frame), the ban notice (the
 *   visitor gets a `banned` frame) and "asked to rate" (a `survey` frame).
 *
 * The patterns are built from the notice templates themselves, so a change of
 * wording in the core cannot silently leak a notice that was meant to be hidden:
 * an unknown notice is hidden.
 */

const HOLE = '\u0000';

function pattern(template: string): RegExp {
  const escaped = template.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.split(HOLE).join('(.+)')}$`);
}

const SHOWN = [pattern(notices.started(HOLE)), pattern(notices.closed()), pattern(notices.joined(HOLE))];
const JOINED = [notices.autoAssigned, notices.selfAssigned, notices.returning, notices.directTransfer].map((t) => pattern(t(HOLE)));

/** The text of a system notice as the visitor sees it, or null when it is not for them. */
export function visitorNotice(text: string): string | null {
  if (SHOWN.some((p) => p.test(text))) return text;
  for (const p of JOINED) {
    const m = p.exec(text);
    if (m) return notices.joined(m[1]!);
  }
  return null;
}

/** A message as the visitor sees it, or null when it is not for them. */
export function toVisitorMessage(m: Message, agentName: (id: string) => string | null): VisitorMessage | null {
  let text = m.text;
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
  };
}
