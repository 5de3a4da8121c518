import type { Conversation, Customer } from '../protocol/model.js';

/**
 * What each {{placeholder}} of a canned response stands for in a
 * conversation. A declared pure helper: the server fills them on sending
 * (placeholders.ts, which refuses a message with one left empty) and the
 * panel fills them as the response goes into the composer, so the agent sees
 * what the customer will read before sending it.
 */
export interface PlaceholderValues {
  customer: Customer;
  agent: { name: string; number: string };
  queue: string;
  conversation: Conversation;
}

export const PLACEHOLDER = /\{\{\s*([a-z.]+)\s*\}\}/gi;

/** Every placeholder switchboard knows, and its value here (null: none in this conversation). */
export function placeholderTable(v: PlaceholderValues): Record<string, string | null> {
  return {
    'customer.name': v.customer.name || null,
    'customer.firstname': v.customer.name ? v.customer.name.split(/\s+/)[0]! : null,
    'customer.email': v.customer.email,
    'customer.phone': v.customer.phone,
    'agent.name': v.agent.name,
    'agent.firstname': v.agent.name.split(/\s+/)[0]!,
    'agent.number': v.agent.number,
    'queue.name': v.queue,
    'conversation.id': v.conversation.id,
    'conversation.subject': v.conversation.subject,
  };
}

/** The text with each placeholder that has a value filled in; the others are left as written, for the agent to edit (or the server to refuse). */
export function fillKnownPlaceholders(text: string, v: PlaceholderValues): string {
  const values = placeholderTable(v);
  return text.replace(PLACEHOLDER, (whole, key: string) => values[key.toLowerCase()] || whole);
}
