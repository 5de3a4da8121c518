import { parseConfig } from '../../src/core/config/parse.js';
import type { Config } from '../../src/core/config/schema.js';
import type { Origin } from '../../src/core/context.js';
import { assignTo } from '../../src/core/messaging/assign.js';
import { close, createConversation } from '../../src/core/messaging/conversation.js';
import type { Contact } from '../../src/core/protocol/contacts.js';
import type { Call } from '../../src/core/protocol/model.js';
import { FakeClock } from '../fake-clock.js';
import { makeCore, resultOf, type TestCore } from '../helpers.js';

/** A centre with a voice queue, a chat queue, two agents, a supervisor of both, and one custom contact field. */
export const CONTACTS_CONFIG = `
center: { name: Test, timeZone: UTC }
dialer: { defaultRegion: GB }
contacts:
  personTypes: [Customer, Partner]
  customFields: [{ name: account, label: Account no. }]
voiceQueues:
  - { number: "7001", name: Support, wrapUpSeconds: 0 }
messagingQueues:
  - { id: web, name: Web, channels: [livechat, email, sms, whatsapp, facebook] }
agents:
  - { number: "1001", name: Ada Stone, email: a@x.io, pin: "1001", password: pass, voiceQueues: ["7001"], messagingQueues: [web] }
  - { number: "1002", name: Bo Reed, email: b@x.io, pin: "1002", password: pass, voiceQueues: ["7001"], messagingQueues: [web] }
  - { number: "9001", name: Sue Lead, email: s@x.io, pin: "9001", password: pass, role: supervisor, voiceQueues: ["7001"], messagingQueues: [web] }
`;

export function contactsCore(edit: (config: Config) => void = () => {}): TestCore {
  const config = parseConfig(CONTACTS_CONFIG, 'contacts.yaml');
  edit(config);
  config.simulator.callsPerMinute = 0;
  config.simulator.chatsPerHour = 0;
  config.simulator.patienceSeconds = { min: 1e6, max: 1e6 };
  config.simulator.talkSeconds = { min: 1e6, max: 1e6 };
  return makeCore({ config, clock: new FakeClock('2026-02-02T09:00:00Z') });
}

export const JANE = { firstName: 'Jane', lastName: 'Doe', personType: 'Customer', emails: ['jane@example.com'], phones: ['020 7946 0001'] };

export function create(c: TestCore, who: Origin, input: Record<string, unknown> = JANE): Contact {
  return resultOf<{ contact: Contact }>(c.send('contact.create', input, who)).contact;
}

/** A chat from this customer, taken by `agent` and (unless live) closed. */
export function chat(
  c: TestCore,
  agent: string,
  customer: { id?: string; name?: string; email?: string | null; phone?: string | null } = {},
  opts: { live?: boolean; channel?: 'livechat' | 'email' | 'sms' | 'whatsapp' | 'facebook' } = {},
): string {
  return c.engine.run((ctx) => {
    const conv = createConversation(ctx, {
      channel: opts.channel ?? 'livechat',
      queue: 'web',
      customer: { id: customer.id ?? `v:${Math.random()}`, name: customer.name ?? 'Visitor', email: customer.email ?? null, phone: customer.phone ?? null, ip: null, geo: null },
    });
    const taken = assignTo(ctx, conv, agent, 'manual', agent);
    if (!opts.live) close(ctx, taken, { kind: 'agent', id: agent });
    return conv.id;
  });
}

/** A call from `number` answered by the agent and then hung up and completed: a call record. */
export function answeredCall(c: TestCore, who: Origin, number: string): Call {
  c.sim.placeInboundCall('7001', { number, name: null });
  const call = [...c.engine.state.all('call')].find((x) => x.state === 'ringing' && x.offers.some((o) => o.agent === who.principal!.agent));
  if (!call) throw new Error(`no call rings for ${who.principal!.agent}`);
  return resultOf<{ call: Call }>(c.send('call.answer', { callId: call.id }, who)).call;
}

export function hangUp(c: TestCore, who: Origin, callId: string): void {
  resultOf(c.send('call.hangup', { callId }, who));
}
