import { CoreError } from '../errors.js';
import type { Conversation, Customer } from '../protocol/model.js';

export interface PlaceholderValues {
  customer: Customer;
  agent: { name: string; number: string };
  queue: string;
  conversation: Conversation;
}

/**
 * Fill {{customer.name}}-style placeholders on send. A placeholder with no
 * value refuses the message rather than send "Dear ," to a customer.
 */
export function fillPlaceholders(text: string, v: PlaceholderValues): string {
  const values: Record<string, string | null> = {
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
  return text.replace(/\{\{\s*([a-z.]+)\s*\}\}/gi, (whole, key: string) => {
    const k = key.toLowerCase();
    if (!(k in values)) throw new CoreError('UNKNOWN_PLACEHOLDER', `${whole} is not a placeholder switchboard knows.`);
    const value = values[k];
    if (!value) throw new CoreError('PLACEHOLDER_EMPTY', `${whole} has no value in this conversation; edit the message before sending.`);
    return value;
  });
}
