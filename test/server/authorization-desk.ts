import { randomUUID } from 'node:crypto';
import { parseConfig } from '../../src/core/config/parse.js';
import { FakeClock, SeededRandom } from '../fake-clock.js';
import type { Call, Conversation } from '../../src/core/protocol/model.js';
import type { EventFrame } from '../../src/core/protocol/events.js';
import type { RunningServer } from '../../src/server/runtime.js';
import { agentUrlOf, ok, RawClient, startTestServer } from './support.js';
import { VisitorSocket } from './visitor-support.js';
import { receiveInbound } from '../../src/core/messaging/inbound.js';

/**
 * The small contact center of the authorization matrix and the things its
 * rows act on, each made through the protocol the way a person would make it
 * (a caller rings, the agent answers; a visitor starts a chat, the agent takes
 * it). The agent (1101, "agent") owns them; 1102 ("other") works the same
 * queues; 1190 supervises Support and the Help desk; 1103 works only the
 * Other desk. Queues assign nothing by themselves, so who has a chat is
 * always a command's doing. Time stands still (a fake clock).
 */
export const MATRIX_CONFIG = `
center: { name: Matrix, timeZone: UTC }
security: { maxFailedLogins: 1000 }
pauseReasons: [Break, Lunch]
dispositions:
  support:
    - { name: Resolved, code: RES, hotkey: "1", type: final }
    - { name: Escalated, code: ESC, hotkey: "2", type: final }
feedbackForms:
  support-call:
    title: Support call
    fields: [{ name: topic, label: Topic, type: choice, options: [Billing, Technical], required: true }]
voiceQueues:
  - { number: "7101", name: Support, ringTimeoutSeconds: 600, wrapUpSeconds: 1, dispositions: support, feedbackForm: support-call }
messagingQueues:
  - { id: help, name: Help desk, channels: [livechat, whatsapp], autoAssign: false }
  - { id: other-desk, name: Other desk, channels: [livechat], autoAssign: false }
campaigns:
  - { id: renew, name: Renewals, strategy: preview, dispositions: support, timeZone: UTC, callingWindow: { start: "00:00", end: "23:59" } }
agents:
  - { number: "1101", name: Ada Agent, email: a@m.io, pin: "1101", password: pass, voiceQueues: ["7101"], messagingQueues: [help], campaigns: [renew], capacity: { livechat: 20 } }
  - { number: "1102", name: Otto Other, email: o@m.io, pin: "1102", password: pass, voiceQueues: ["7101"], messagingQueues: [help], campaigns: [renew], capacity: { livechat: 20 } }
  - { number: "1103", name: Dora Desk, email: d@m.io, pin: "1103", password: pass, messagingQueues: [other-desk], capacity: { livechat: 20 } }
  - { number: "1104", name: Spare Agent, email: s@m.io, pin: "1104", password: pass, messagingQueues: [help], capacity: { livechat: 3 } }
  - { number: "1190", name: Sue Super, email: u@m.io, pin: "1190", password: pass, role: supervisor, voiceQueues: ["7101"], messagingQueues: [help], campaigns: [renew], capacity: { livechat: 20 } }
whatsapp:
  numbers: [{ phoneNumberId: "1065403522", displayNumber: "+44 7700 900100", queue: help }]
  templates: [{ name: order_update, language: en_US, body: "Hello {{1}}, your order has shipped." }]
simulator: { callsPerMinute: 0, patienceSeconds: { min: 100000, max: 100000 }, talkSeconds: { min: 100000, max: 100000 } }
`;

export const ROLES = ['anonymous', 'visitor', 'agent', 'other', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];

export const AGENT = '1101';
export const OTHER = '1102';
export const DESK_AGENT = '1103';
export const SPARE = '1104';
export const SUPERVISOR = '1190';
const NUMBER_OF: Partial<Record<Role, string>> = { agent: AGENT, other: OTHER, supervisor: SUPERVISOR };

const callOf = (e: EventFrame) => e.data.call as Call;

let addresses = 0;

/** A server and its people; fixtures are made on first use and kept for the desk's life. */
export class Desk {
  private readonly made = new Map<string, Promise<unknown>>();
  /** The owner's socket, through which the owner makes the fixtures. */
  owner!: RawClient;
  tokens: Partial<Record<Role, string>> = {};
  visitorToken = '';

  private constructor(
    readonly server: RunningServer,
    readonly clock: FakeClock,
  ) {}

  static async open(): Promise<Desk> {
    const clock = new FakeClock(Date.now());
    // X-Forwarded-For from loopback is believed so each fixture's visitor has an address of its own.
    const server = await startTestServer({ config: parseConfig(MATRIX_CONFIG, 'matrix.yaml'), clock, random: new SeededRandom(7), trustedProxies: ['127.0.0.1'] });
    const desk = new Desk(server, clock);
    // The other agent and the supervisor are paused: calls ring the agent only.
    desk.owner = await desk.login(AGENT);
    await desk.login(OTHER, { as: 'paused', pauseReason: 'Lunch' });
    await desk.login(SUPERVISOR, { as: 'paused', pauseReason: 'Lunch' });
    const v = await desk.visitor();
    desk.visitorToken = v.token;
    return desk;
  }

  get url(): string {
    return agentUrlOf(this.server);
  }

  async login(agent: string, extra: Record<string, unknown> = {}): Promise<RawClient> {
    const client = await RawClient.open(this.url);
    const r = ok<{ token: string }>(await client.request('session.login', { agent, pin: agent, ...extra }));
    const role = (Object.keys(NUMBER_OF) as Role[]).find((k) => NUMBER_OF[k] === agent);
    if (role) this.tokens[role] ??= r.token;
    return client;
  }

  /** A fresh socket acting as the role: logged in (joining the running session), or not; the visitor's has offered its chat token. */
  async socketFor(role: Role): Promise<RawClient> {
    const number = NUMBER_OF[role];
    if (number) return this.login(number);
    const client = await RawClient.open(this.url);
    if (role === 'visitor') {
      // A visitor's token is no agent's: the socket stays logged out.
      const r = await client.request('session.resume', { token: this.visitorToken, lastSeq: 0 });
      if (r.ok) throw new Error('a visitor token resumed an agent session');
    }
    return client;
  }

  /** Made once per desk (and per key). */
  once<T>(key: string, make: () => Promise<T>): Promise<T> {
    if (!this.made.has(key)) this.made.set(key, make());
    return this.made.get(key) as Promise<T>;
  }

  /** A visitor with an address of its own who has started a chat in queue (visitor id: the same customer each time). */
  async visitor(queue = 'help', visitorId = `v-${randomUUID()}`): Promise<{ socket: VisitorSocket; conversation: string; token: string }> {
    const socket = await VisitorSocket.open(this.server, { 'X-Forwarded-For': `198.51.100.${++addresses}` });
    const started = await socket.start({ queue, visitorId, email: undefined });
    return { socket, conversation: started.conversation.id, token: started.visitorToken };
  }

  // --- calls: the agent can have one at a time, so each kind is made once and shared by the roles.

  ringing(): Promise<string> {
    return this.once('ringing', async () => {
      const from = this.owner.frames.length;
      this.server.sim.placeInboundCall('7101', { number: '+442071234567', name: 'Pat Caller' });
      const e = await this.owner.nextEvent((f) => f.ev === 'call.updated' && callOf(f).state === 'ringing' && callOf(f).offers.some((o) => o.agent === AGENT), from);
      return callOf(e).id;
    });
  }

  onCall(): Promise<string> {
    return this.once('on-call', async () => {
      const id = await this.ringing();
      ok(await this.owner.request('call.answer', { callId: id }));
      return id;
    });
  }

  held(): Promise<string> {
    return this.once('held', async () => {
      const id = await this.onCall();
      ok(await this.owner.request('call.hold', { callId: id }));
      return id;
    });
  }

  /** Answered and hung up: it owes its disposition and form. */
  owing(): Promise<string> {
    return this.once('owing', async () => {
      const id = await this.onCall();
      ok(await this.owner.request('call.hangup', { callId: id }));
      return id;
    });
  }

  /** Disposed (Resolved) and its form in: it has left the agent's list for the call records. */
  disposed(): Promise<string> {
    return this.once('disposed', async () => {
      const id = await this.owing();
      ok(await this.owner.request('disposition.submit', { callId: id, hotkey: '1' }));
      ok(await this.owner.request('form.submit', { callId: id, values: { topic: 'Billing' } }));
      return id;
    });
  }

  // --- chats: cheap, so a role that may change one gets its own (key it by role).

  /** A chat in the Help desk that nobody has taken. */
  waitingChat(key: string): Promise<string> {
    return this.once(`waiting:${key}`, async () => (await this.visitor()).conversation);
  }

  /** A chat the agent took. */
  agentsChat(key: string): Promise<string> {
    return this.once(`chat:${key}`, async () => {
      const id = await this.waitingChat(`for-agent:${key}`);
      ok(await this.owner.request('conversation.assign', { id }));
      return id;
    });
  }

  /**
   * A WhatsApp conversation the agent took: the customer's message as the
   * WhatsApp adapter hands it to the core (its webhook is tested in
   * test/channels), then Assign to me through the protocol.
   */
  agentsWhatsapp(key: string): Promise<string> {
    return this.once(`whatsapp:${key}`, async () => {
      const n = String(100000 + this.made.size);
      const { conversation } = this.server.engine.run((ctx) =>
        receiveInbound(ctx, {
          channel: 'whatsapp',
          queue: 'help',
          externalId: `wamid.matrix-${key}`,
          threadRef: `whatsapp:1065403522:447700${n}`,
          customer: { id: `phone:+447700${n}`, name: 'Wanda', email: null, phone: `+447700${n}`, ip: null, geo: null },
          text: 'Where is my order?',
          attachments: [],
        }),
      );
      ok(await this.owner.request('conversation.assign', { id: conversation.id }));
      return conversation.id;
    });
  }

  /** The agent's chat that the customer ended: it stays in My Chats until hidden. */
  endedByCustomer(key: string): Promise<string> {
    return this.once(`ended:${key}`, async () => {
      const v = await this.visitor();
      ok(await this.owner.request('conversation.assign', { id: v.conversation }));
      const from = this.owner.frames.length;
      v.socket.send({ type: 'close' });
      await this.owner.nextEvent((e) => e.ev === 'conversation.updated' && (e.data.conversation as Conversation).id === v.conversation && (e.data.conversation as Conversation).status === 'closed', from);
      return v.conversation;
    });
  }

  /** A chat the agent took and closed: it is in the Closed list. */
  closedByAgent(): Promise<string> {
    return this.once('closed-by-agent', async () => {
      const id = await this.agentsChat('closed-by-agent');
      ok(await this.owner.request('conversation.close', { id }));
      return id;
    });
  }

  /** A ban the agent made (banning the customer of one of their chats); its address. */
  agentsBan(key: string): Promise<string> {
    return this.once(`ban:${key}`, async () => {
      const id = await this.agentsChat(`ban:${key}`);
      return ok<{ ban: { id: string } }>(await this.owner.request('ban.customer', { conversation: id, hours: 1, reason: 'Abuse' })).ban.id;
    });
  }

  /**
   * One customer's chats, for conversation.history: one the agent handled and
   * closed, one the other agent handled and closed, one in the Other desk
   * (handled and closed by 1103), and the one going on now, with the agent.
   */
  customerHistory(): Promise<{ current: string; agents: string; others: string; otherQueue: string }> {
    return this.once('history', async () => {
      const customer = `returning-${randomUUID()}`;
      const handled = async (client: RawClient, queue: string) => {
        const v = await this.visitor(queue, customer);
        ok(await client.request('conversation.assign', { id: v.conversation }));
        ok(await client.request('conversation.close', { id: v.conversation }));
        return v.conversation;
      };
      const agents = await handled(this.owner, 'help');
      const others = await handled(await this.login(OTHER), 'help');
      const otherQueue = await handled(await this.login(DESK_AGENT), 'other-desk');
      this.clock.advance(1000);
      const v = await this.visitor('help', customer);
      ok(await this.owner.request('conversation.assign', { id: v.conversation }));
      return { current: v.conversation, agents, others, otherQueue };
    });
  }

  /** A lead of the Renewals campaign that nobody has disposed. */
  lead(): Promise<string> {
    return this.once('lead', async () => {
      const sup = await this.login(SUPERVISOR);
      ok(await sup.request('leads.import', { campaign: 'renew', rows: [{ line: 1, phone: '+442071230000', name: 'Lee Lead' }] }));
      // Leads are not news to every supervisor (protocol/entities.ts): the id is read from the server.
      return [...this.server.engine.state.all('lead')].find((l) => l.phone === '+442071230000')!.id;
    });
  }

  /** An email signature of the agent's own (each role's call gets one of its own to act on). */
  signature(key: string): Promise<string> {
    return this.once(`signature:${key}`, async () => ok<{ signature: { id: string } }>(await this.owner.request('signature.create', { name: `Sig ${key}`, text: 'Regards' })).signature.id);
  }

  /** A canned response (the supervisor's). */
  canned(): Promise<string> {
    return this.once('canned', async () => {
      const sup = await this.login(SUPERVISOR);
      return ok<{ canned: { id: string } }>(await sup.request('canned.create', { title: 'Hello', text: 'Hello there' })).canned.id;
    });
  }

  /** A contact the agent created. */
  contact(key: string): Promise<string> {
    return this.once(`contact:${key}`, async () => {
      const r = ok<{ contact: { id: string } }>(await this.owner.request('contact.create', { firstName: 'Kim', lastName: `Lee ${key}`, personType: 'Customer' }));
      return r.contact.id;
    });
  }

  /** A chat the agent took and closed (one per key): in their Closed list and their supervisor's, not the other agent's. */
  closedChat(key: string): Promise<string> {
    return this.once(`closed:${key}`, async () => {
      const id = await this.agentsChat(`closed:${key}`);
      ok(await this.owner.request('conversation.close', { id }));
      return id;
    });
  }

  /** A closed chat of the agent's, linked by the agent to a contact. */
  linkedChat(key: string): Promise<string> {
    return this.once(`linked:${key}`, async () => {
      const id = await this.closedChat(`linked:${key}`);
      ok(await this.owner.request('contact.link', { id: await this.contact(`linked:${key}`), conversation: id }));
      return id;
    });
  }
}
