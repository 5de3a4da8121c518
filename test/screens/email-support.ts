import type { Config } from '../../src/core/config/schema.js';
import { receiveInbound } from '../../src/core/messaging/inbound.js';
import type { Conversation } from '../../src/core/protocol/model.js';
import { demoConfig } from '../helpers.js';
import type { Panel } from './support.js';

/** The demo with its queue always open (tests must not depend on the hour) and a queue taken by hand. */
export function mailConfig(): Config {
  const config = demoConfig();
  const support = config.messagingQueues.find((q) => q.id === 'support-chat')!;
  delete (support as { hours?: unknown }).hours;
  config.messagingQueues.push({ id: 'manual-mail', name: 'Manual Mail', channels: ['email'], survey: false, autoAssign: false });
  config.agents.find((a) => a.number === '1001')!.messagingQueues.push('manual-mail');
  config.email!.addresses.push({ address: 'manual@demo.switchboard', queue: 'manual-mail' });
  return config;
}

let n = 0;
/** A customer's mail reaches the centre (as the email adapter hands it to the core); its conversation. */
export function mail(p: Panel, options: { queue?: string; from?: string; name?: string; subject?: string; text?: string } = {}): Conversation {
  n++;
  const from = options.from ?? 'maya@example.org';
  return p.server.engine.run(
    (ctx) =>
      receiveInbound(ctx, {
        channel: 'email',
        queue: options.queue ?? 'support-chat',
        externalId: `<m${n}@example.org>`,
        threadRef: `<m${n}@example.org>`,
        customer: { id: `email:${from}`, name: options.name ?? 'Maya Fischer', email: from, phone: null, ip: null, geo: null },
        subject: options.subject ?? 'Refund for order 4411',
        text: options.text ?? 'Where is my refund?\n\nOn Mon, Support wrote:\n> We refund within 5 days.\n> Regards',
        attachments: [],
        mail: { from, to: ['support@demo.switchboard'], cc: [], subject: options.subject ?? 'Refund for order 4411' },
      }).conversation,
  );
}
