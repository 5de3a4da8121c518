import type { Call } from '../protocol/model.js';

/**
 * Fill a queue's screen-pop URL template with the call's fields, e.g.
 * `https://crm.example/lookup?phone={caller.number}&queue={queue}`.
 * Unknown placeholders are left as they are so a mistake is visible.
 */
export function fillScreenPop(template: string, call: Call, queueName: string, agent: string): string {
  const values: Record<string, string> = {
    'caller.number': call.caller.number,
    'caller.name': call.caller.name ?? '',
    queue: call.queue ?? '',
    'queue.name': queueName,
    'call.id': call.id,
    agent,
    erg: call.erg ?? '',
    // The contact the caller's number belongs to, for a CRM page that opens the record by id.
    'contact.id': call.contact?.id ?? '',
  };
  return template.replace(/\{([a-z.]+)\}/gi, (whole, key: string) =>
    key in values ? encodeURIComponent(values[key]!) : whole,
  );
}
