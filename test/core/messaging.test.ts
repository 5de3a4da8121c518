import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config/parse.js';
import type { Config } from '../../src/core/config/schema.js';
import type { Origin } from '../../src/core/context.js';
import { FakeClock } from '../fake-clock.js';
import type { Conversation } from '../../src/core/protocol/model.js';
import { visitorClose, visitorEmail, visitorMessage, visitorStart, visitorSurvey } from '../../src/core/messaging/visitor.js';
import { agentsOnline } from '../../src/core/messaging/availability.js';
import { createConversation } from '../../src/core/messaging/conversation.js';
import { allMessages, errorOf, makeCore, resultOf, scratchDatabases, type TestCore } from '../helpers.js';

const dataFile = scratchDatabases('sb-member-');

const CONFIG = `
center: { name: Test, timeZone: Europe/London }
messagingQueues:
  - { id: web, name: Web, channels: [livechat, email], survey: true }
  - { id: sales, name: Sales Chat, channels: [livechat], hours: { timeZone: Europe/London, weekly: { mon: "09:00-17:00", tue: "09:00-17:00" } } }
  - { id: empty, name: Empty, channels: [livechat] }
  - { id: manual, name: Manual, channels: [livechat], autoAssign: false }
cannedResponses:
  - { title: Greeting, text: "Hello {{customer.name}}, this is {{agent.name}}." }
  - { title: Email us, text: "We will write to {{customer.email}}." }
agents:
  - { number: "301", name: Ada, email: a@x.io, pin: "3010", password: pass, messagingQueues: [web, sales, manual], capacity: { livechat: 2, email: 1 } }
  - { number: "302", name: Bo, email: b@x.io, pin: "3020", password: pass, messagingQueues: [web, sales, manual], capacity: { livechat: 2, email: 1 } }
  - { number: "303", name: Cy, email: c@x.io, pin: "3030", password: pass, messagingQueues: [web], capacity: { livechat: 1 } }
  - { number: "309", name: Sue, email: s@x.io, pin: "3090", password: pass, role: supervisor, messagingQueues: [web], capacity: { livechat: 1 } }
`;

function chatCore(opts: { start?: string; config?: Config } = {}) {
  return makeCore({ config: opts.config ?? parseConfig(CONFIG, 'chat.yaml'), clock: new FakeClock(opts.start ?? '2026-01-05T10:00:00Z') });
}

function login(core: TestCore, agent: string, extra: Record<string, unknown> = {}): Origin {
  const r = core.send('session.login', { agent, pin: `${agent}0`, ...extra });
  if (!r.ok) throw new Error(r.error.message);
  return { principal: core.engine.authenticate((r.result as { token: string }).token), address: 'x' };
}

let visitors = 0;
/** A visitor starts a chat; `visitorId` is the widget's id of their browser (the same one returning). */
function visit(core: TestCore, opts: { queue?: string; email?: string; ip?: string; name?: string; visitorId?: string } = {}): Conversation {
  ++visitors;
  return core.engine.run((ctx) =>
    visitorStart(ctx, {
      visitorId: opts.visitorId ?? `v${visitors}`,
      name: opts.name ?? 'Visitor',
      email: opts.email ?? null,
      queue: opts.queue ?? 'web',
      ip: opts.ip ?? `198.51.100.${visitors}`,
      geo: null,
      text: 'Hello',
    }),
  );
}

const conv = (core: TestCore, id: string) => core.engine.state.get('conversation', id)!;
const notices = (core: TestCore, id: string) =>
  allMessages(core.engine).filter((m) => m.conversation === id && m.author === 'system').map((m) => m.text);

describe('automatic assignment', () => {
  it('assigns a new conversation to the free member with the lowest workload, and says so', () => {
    const core = chatCore();
    login(core, '301');
    login(core, '302');
    const a = visit(core);
    expect(conv(core, a.id).agent).toBe('301');
    const b = visit(core);
    expect(conv(core, b.id).agent).toBe('302'); // 301 is at 50%, 302 at 0%
    expect(notices(core, b.id)).toEqual(['Conversation started in queue Web.', 'Conversation assigned to Bo automatically.']);
    expect(conv(core, b.id).assignment).toMatchObject({ rule: 'automatic', capacityLeft: 1, workload: 50 });
  });

  it('weighs workload across channels: an email takes a whole unit of an agent with capacity 1', () => {
    const core = chatCore();
    login(core, '301');
    login(core, '302');
    core.engine.run((ctx) =>
      createConversation(ctx, { channel: 'email', queue: 'web', customer: { id: 'email:z@z.io', name: 'Z', email: 'z@z.io', phone: null, ip: null, geo: null }, text: 'hi' }),
    );
    const chat = visit(core);
    expect(conv(core, chat.id).agent).toBe('302');
  });

  it('leaves conversations waiting when nobody has room, and assigns them on login, unpause and closure', () => {
    const core = chatCore();
    const c = [visit(core), visit(core), visit(core)];
    expect(c.map((x) => conv(core, x.id).agent)).toEqual([null, null, null]);
    const cy = login(core, '303', { as: 'paused', pauseReason: 'Break' });
    expect(conv(core, c[0]!.id).agent).toBeNull(); // paused agents get none
    resultOf(core.send('agent.unpause', {}, cy)); // unpause
    expect(conv(core, c[0]!.id).agent).toBe('303');
    expect(conv(core, c[1]!.id).agent).toBeNull(); // capacity 1
    resultOf(core.send('conversation.close', { id: c[0]!.id }, cy)); // closure frees room
    expect(conv(core, c[1]!.id).agent).toBe('303');
    login(core, '301'); // login
    expect(conv(core, c[2]!.id).agent).toBe('301');
  });

  it("a chat closed in one queue lets its agent take one waiting in another of their queues", () => {
    const core = chatCore();
    const ada = login(core, '301');
    const web = [visit(core), visit(core)];
    expect(web.map((x) => conv(core, x.id).agent)).toEqual(['301', '301']);
    const sales = visit(core, { queue: 'sales' });
    expect(conv(core, sales.id).agent).toBeNull(); // no room: livechat capacity 2
    resultOf(core.send('conversation.close', { id: web[0]!.id }, ada));
    expect(conv(core, sales.id).agent).toBe('301');
  });

  it('takes a paused agent out of assignment (status change) and back', () => {
    const core = chatCore();
    const ada = login(core, '301');
    resultOf(core.send('agent.pause', { reason: 'Break' }, ada));
    const c = visit(core);
    expect(conv(core, c.id).agent).toBeNull();
    resultOf(core.send('agent.unpause', {}, ada));
    expect(conv(core, c.id).agent).toBe('301');
  });

  it('sends a returning customer back to their last agent when that agent has room', () => {
    const core = chatCore();
    login(core, '301');
    const first = visit(core, { visitorId: 'pat' });
    expect(conv(core, first.id).agent).toBe('301');
    login(core, '302');
    const again = visit(core, { visitorId: 'pat' });
    expect(conv(core, again.id).agent).toBe('301'); // 302 has a lower workload, but Pat talked to Ada
    expect(notices(core, again.id)).toContain('Conversation assigned to Ada due to last interaction with returning customer.');
  });

  it('waits for operation hours and assigns when the queue opens', () => {
    const core = chatCore({ start: '2026-01-05T07:00:00Z' }); // Monday 07:00 in London
    login(core, '301');
    const c = visit(core, { queue: 'sales' });
    expect(conv(core, c.id).agent).toBeNull();
    core.clock.advance(2 * 3600_000); // 09:00
    expect(conv(core, c.id).agent).toBe('301');
  });

  it('assigns an agent newly added to a queue in the configuration', () => {
    const file = dataFile();
    const clock = new FakeClock('2026-01-05T10:00:00Z');
    const first = makeCore({ config: parseConfig(CONFIG, 'chat.yaml'), clock, file });
    login(first, '303');
    const c = visit(first, { queue: 'sales' });
    expect(conv(first, c.id).agent).toBeNull();
    first.engine.stop();
    first.store.close();
    // A restart reads the new membership: Cy is now in Sales.
    const config = parseConfig(CONFIG, 'chat.yaml');
    config.agents.find((a) => a.number === '303')!.messagingQueues.push('sales');
    const second = makeCore({ config, clock, file });
    expect(conv(second, c.id).agent).toBe('303');
    expect(second.engine.state.agent('303')!.session!.messagingQueues).toContain('sales');
    second.store.close();
  });

  it('lets an agent assign to themselves even with automatic assignment on, and off', () => {
    const core = chatCore();
    const c = visit(core, { queue: 'manual' });
    const bo = login(core, '302');
    expect(conv(core, c.id).agent).toBeNull(); // automatic assignment off in this queue
    resultOf(core.send('conversation.assign', { id: c.id }, bo));
    expect(notices(core, c.id)).toContain('Bo assigned the conversation to themselves.');
    expect(errorOf(core.send('conversation.assign', { id: c.id }, login(core, '301'))).code).toBe('ALREADY_ASSIGNED');
  });
});

describe('who can answer a visitor now', () => {
  const online = (core: TestCore, queue: string) => agentsOnline(core.engine.config, core.engine.state, queue, core.clock.now(), core.engine.presence);

  it('counts members logged in to the queue and available: not paused ones, not other queues, not outside the hours', () => {
    const core = chatCore({ start: '2026-01-05T07:00:00Z' }); // Monday 07:00 in London: Sales Chat opens at 09:00
    expect(online(core, 'web')).toBe(0);
    const ada = login(core, '301');
    login(core, '303');
    expect(online(core, 'web')).toBe(2);
    resultOf(core.send('agent.pause', { reason: 'Break' }, ada));
    expect(online(core, 'web')).toBe(1);
    // Ada is a member of Sales Chat and Cy is not; Ada is paused, and before 09:00 nobody answers there anyway.
    resultOf(core.send('agent.unpause', {}, ada));
    expect(online(core, 'sales')).toBe(0);
    core.clock.advance(2 * 3600_000);
    expect(online(core, 'sales')).toBe(1);
  });
});

describe('an email address a visitor leaves during the chat', () => {
  it('is put on the conversation and the contact; a bad one and one for an ended chat are refused', () => {
    const core = chatCore();
    const c = visit(core, { ip: '198.51.100.90' });
    expect(conv(core, c.id).customer.email).toBeNull();
    expect(() => core.engine.run((ctx) => visitorEmail(ctx, c.id, '198.51.100.90', 'no-at-sign'))).toThrow('That email address does not look right.');
    core.engine.run((ctx) => visitorEmail(ctx, c.id, '198.51.100.90', ' pat@example.com '));
    expect(conv(core, c.id).customer.email).toBe('pat@example.com');
    expect(core.engine.state.get('customer', c.customer.id)?.email).toBe('pat@example.com');
    core.engine.run((ctx) => visitorClose(ctx, c.id, '198.51.100.90'));
    core.engine.run((ctx) => visitorSurvey(ctx, c.id, 7, ''));
    expect(() => core.engine.run((ctx) => visitorEmail(ctx, c.id, '198.51.100.90', 'pat@example.com'))).toThrow('This chat has ended; start a new one.');
  });

  it("does not change the address of a customer known by theirs: anyone may type someone else's email on the chat form", () => {
    const core = chatCore();
    const c = visit(core, { ip: '198.51.100.91', email: 'victim@example.com' });
    core.engine.run((ctx) => visitorEmail(ctx, c.id, '198.51.100.91', 'attacker@example.net'));
    // This chat is answered where its visitor asked; the address the customer came with stays theirs.
    expect(conv(core, c.id).customer.email).toBe('attacker@example.net');
    expect(core.engine.state.get('customer', c.customer.id)?.email).toBe('victim@example.com');
  });
});

describe("a visitor who types a known customer's email on the chat form", () => {
  it("is not that customer: no earlier conversations of theirs, not sent to their last agent, their name kept", () => {
    const core = chatCore();
    const ada = login(core, '301');
    const kim = visit(core, { visitorId: 'kim-browser', name: 'Kim Lee', email: 'kim@example.com' });
    resultOf(core.send('message.send', { conversation: kim.id, text: 'Your card ending 4242 is refunded.' }, ada));
    resultOf(core.send('conversation.close', { id: kim.id }, ada));
    login(core, '302');
    const other = visit(core, { visitorId: 'someone-else', name: 'Mallory', email: 'KIM@example.com' });
    expect(conv(core, other.id).customer.id).not.toBe(kim.customer.id);
    // Typed, not proven: shown on the chat as given, and nothing of Kim's comes with it.
    expect(conv(core, other.id).customer.email).toBe('KIM@example.com');
    expect(conv(core, other.id).assignment?.rule).not.toBe('returning-customer');
    const earlier = resultOf<{ conversations: unknown[] }>(core.send('conversation.history', { id: other.id }, ada)).conversations;
    expect(earlier).toEqual([]);
    expect(resultOf<{ rows: unknown[] }>(core.send('conversation.pastHistory', { id: other.id }, ada)).rows).toEqual([]);
    expect(core.engine.state.get('customer', kim.customer.id)?.name).toBe('Kim Lee');
  });
});

describe('a returning visitor', () => {
  it('is the same customer on the same browser, whatever email they type', () => {
    const core = chatCore();
    login(core, '301');
    const first = visit(core, { visitorId: 'pat-browser', email: 'pat@example.com' });
    const again = visit(core, { visitorId: 'pat-browser', email: 'pat@work.example' });
    expect(conv(core, again.id).customer.id).toBe(conv(core, first.id).customer.id);
  });
});

describe('status rules', () => {
  it('solved asks for the survey, blocks messages, status changes and transfers; the survey closes it', () => {
    const core = chatCore();
    const ada = login(core, '301');
    const c = visit(core);
    resultOf(core.send('conversation.status', { id: c.id, status: 'solved' }, ada));
    expect(conv(core, c.id)).toMatchObject({ status: 'solved', surveyPending: true });
    expect(notices(core, c.id)).toContain('Ticket status updated from Open to Solved.');
    expect(errorOf(core.send('message.send', { conversation: c.id, text: 'one more thing' }, ada))).toEqual({
      code: 'CONVERSATION_SOLVED',
      message: 'Messages cannot be sent: the ticket is solved.',
    });
    expect(errorOf(core.send('conversation.status', { id: c.id, status: 'open' }, ada)).message).toBe(
      'Ticket status cannot be changed for live chat as the ticket is in survey mode.',
    );
    expect(errorOf(core.send('conversation.transfer', { id: c.id, queue: 'sales' }, ada)).message).toBe(
      "Ticket transfers are not allowed when the ticket's status is Solved.",
    );
    core.engine.run((ctx) => visitorSurvey(ctx, c.id, 9, 'great'));
    expect(conv(core, c.id)).toMatchObject({ status: 'closed', closedBy: { kind: 'survey' }, survey: { score: 9, comment: 'great' } });
    // Closed by the survey: it stays in My Chats greyed out until hidden.
    resultOf(core.send('conversation.hide', { id: c.id }, ada));
    expect(conv(core, c.id).hiddenBy).toEqual(['301']);
  });

  it("refuses to edit a solved conversation's subject: the manual has it finished once solved", () => {
    const core = chatCore();
    const ada = login(core, '301');
    const c = visit(core);
    resultOf(core.send('conversation.subject', { id: c.id, subject: 'Late parcel' }, ada));
    resultOf(core.send('conversation.status', { id: c.id, status: 'solved' }, ada));
    expect(errorOf(core.send('conversation.subject', { id: c.id, subject: 'Something else' }, ada))).toEqual({
      code: 'CONVERSATION_SOLVED',
      message: 'The subject cannot be edited: the ticket is solved.',
    });
    expect(conv(core, c.id).subject).toBe('Late parcel');
    expect(notices(core, c.id).some((n) => n.includes('Something else'))).toBe(false);
  });

  it('a customer ending the chat makes it Solved, then the survey closes it', () => {
    const core = chatCore();
    login(core, '301');
    const c = visit(core);
    core.engine.run((ctx) => visitorClose(ctx, c.id, 'x'));
    expect(conv(core, c.id).status).toBe('solved');
    expect(errorOf(core.send('conversation.hide', { id: c.id }, login(core, '301'))).code).toBe('NOT_CLOSED');
  });

  it('an agent closing moves it to the closed history (not hideable)', () => {
    const core = chatCore();
    const ada = login(core, '301');
    const c = visit(core);
    resultOf(core.send('conversation.close', { id: c.id }, ada));
    expect(conv(core, c.id).closedBy).toEqual({ kind: 'agent', id: '301' });
    expect(errorOf(core.send('conversation.hide', { id: c.id }, ada)).code).toBe('NOT_HIDEABLE');
  });

  it('waiting goes back to open when the customer replies', () => {
    const core = chatCore();
    const ada = login(core, '301');
    const c = visit(core);
    resultOf(core.send('conversation.status', { id: c.id, status: 'waiting' }, ada));
    core.engine.run((ctx) => visitorMessage(ctx, c.id, '198.51.100.200', 'here is my id', []));
    expect(conv(core, c.id).status).toBe('open');
  });
});

describe('transfers', () => {
  it('to an agent assigns directly, whatever their queues', () => {
    const core = chatCore();
    const ada = login(core, '301');
    login(core, '309', { as: 'paused', pauseReason: 'Break' });
    const c = visit(core, { queue: 'sales' });
    const r = resultOf<{ warning: string | null }>(core.send('conversation.transfer', { id: c.id, agent: '309' }, ada));
    expect(conv(core, c.id).agent).toBe('309');
    expect(r.warning).toContain('at capacity or paused');
    expect(notices(core, c.id)).toContain('Conversation assigned to Sue due to direct transfer from another agent.');
  });

  it('to a queue leaves it unassigned there, with the notice; an empty queue is refused; a closed one warns', () => {
    const core = chatCore({ start: '2026-01-05T18:00:00Z' }); // sales is closed at 18:00
    const ada = login(core, '301');
    const c = visit(core);
    expect(errorOf(core.send('conversation.transfer', { id: c.id, queue: 'empty' }, ada))).toEqual({
      code: 'QUEUE_EMPTY',
      message: 'Empty has no agents: transfers to it are not allowed.',
    });
    const r = resultOf<{ warning: string }>(core.send('conversation.transfer', { id: c.id, queue: 'sales' }, ada));
    expect(r.warning).toBe('Sales Chat is outside its operation hours: the conversation will wait there until it opens.');
    expect(conv(core, c.id)).toMatchObject({ queue: 'sales', agent: null });
    expect(notices(core, c.id)).toContain('Ada transferred the Conversation from queue Web to queue Sales Chat.');
  });
});

describe('a conversation passed around many times', () => {
  it('carries its latest 20 transfers and counts the rest; every agent once named may still read it when closed', () => {
    const core = chatCore();
    const ada = login(core, '301');
    const bo = login(core, '302');
    const cy = login(core, '303');
    const c = visit(core, { queue: 'manual' });
    // Ada takes it and gives it to Cy, who passes it back; then Ada and Bo pass it back and forth 30 times.
    resultOf(core.send('conversation.assign', { id: c.id }, ada));
    resultOf(core.send('conversation.transfer', { id: c.id, agent: '303' }, ada));
    resultOf(core.send('conversation.transfer', { id: c.id, agent: '301' }, cy));
    for (let i = 0; i < 30; i++) resultOf(core.send('conversation.transfer', { id: c.id, agent: i % 2 === 0 ? '302' : '301' }, i % 2 === 0 ? ada : bo));
    const passed = conv(core, c.id);
    expect(passed.transfers).toHaveLength(20);
    expect(passed.transfersOmitted).toBe(12);
    expect(passed.transfers.at(-1)).toMatchObject({ fromAgent: '302', toAgent: '301' });
    expect(JSON.stringify(passed).length).toBeLessThan(6_000);
    resultOf(core.send('conversation.close', { id: c.id }, ada));
    // Cy was named only in transfers no longer carried, and still finds it in the Closed list and reads it.
    expect(resultOf<{ messages: unknown[] }>(core.send('conversation.messages', { id: c.id }, cy)).messages.length).toBeGreaterThan(0);
  });
});

describe('bans', () => {
  it('ends the conversation and keeps the customer out until the ban expires', () => {
    const core = chatCore();
    const ada = login(core, '301');
    const c = visit(core, { ip: '203.0.113.9' });
    resultOf(core.send('ban.customer', { conversation: c.id, hours: 2, reason: 'abusive language' }, ada));
    expect(conv(core, c.id)).toMatchObject({ status: 'closed', closedBy: { kind: 'ban' } });
    expect(() => visit(core, { ip: '203.0.113.9' })).toThrow(/You cannot chat with us until .* Reason: abusive language/);
    core.clock.advance(2 * 3600_000 + 1);
    expect(visit(core, { ip: '203.0.113.9' }).id).toBeTruthy();
  });

  it('a second ban of the same address overrides the first; agents lift only their own; supervisors any', () => {
    const core = chatCore();
    const ada = login(core, '301');
    const bo = login(core, '302');
    const sue = login(core, '309');
    const c = visit(core, { ip: '203.0.113.10' });
    const mine = conv(core, c.id).agent === '301' ? ada : bo;
    resultOf(core.send('ban.customer', { conversation: c.id, hours: 7 * 24, reason: 'spam links' }, mine));
    expect(errorOf(core.send('ban.address', { ip: '203.0.113.10', hours: 14 * 24, reason: 'again' }, ada)).code).toBe('FORBIDDEN');
    resultOf(core.send('ban.address', { ip: '203.0.113.10', hours: 14 * 24, reason: 'repeated spam' }, sue));
    const bans = [...core.engine.state.all('ban')];
    expect(bans).toHaveLength(1);
    expect(bans[0]).toMatchObject({ reason: 'repeated spam', end: core.clock.now() + 14 * 24 * 3600_000, by: { kind: 'supervisor', id: '309' } });
    expect(errorOf(core.send('ban.lift', { ip: '203.0.113.10' }, mine)).code).toBe('NOT_YOUR_BAN');
    resultOf(core.send('ban.lift', { ip: '203.0.113.10' }, sue));
    expect([...core.engine.state.all('ban')]).toHaveLength(0);
  });
});

describe('canned responses and placeholders', () => {
  it('fills placeholders on send and refuses one with no value', () => {
    const core = chatCore();
    const ada = login(core, '301');
    const c = visit(core, { name: 'Pat Lee' });
    const sent = resultOf<{ message: { text: string } }>(core.send('message.send', { conversation: c.id, text: 'Hello {{customer.name}}, this is {{agent.name}}.' }, ada));
    expect(sent.message.text).toBe('Hello Pat Lee, this is Ada.');
    expect(errorOf(core.send('message.send', { conversation: c.id, text: 'We will write to {{customer.email}}.' }, ada))).toEqual({
      code: 'PLACEHOLDER_EMPTY',
      message: '{{customer.email}} has no value in this conversation; edit the message before sending.',
    });
  });

  it('only supervisors create, edit and delete canned responses', () => {
    const core = chatCore();
    const ada = login(core, '301');
    const sue = login(core, '309');
    expect(errorOf(core.send('canned.create', { title: 'x', text: 'y' }, ada)).code).toBe('FORBIDDEN');
    const made = resultOf<{ canned: { id: string } }>(core.send('canned.create', { title: 'Thanks', text: 'Thank you!' }, sue)).canned;
    resultOf(core.send('canned.update', { id: made.id, title: 'Thanks', text: 'Thank you very much!' }, sue));
    expect(core.engine.state.get('canned', made.id)!.text).toBe('Thank you very much!');
    resultOf(core.send('canned.delete', { id: made.id }, sue));
    expect(core.engine.state.get('canned', made.id)).toBeUndefined();
    expect([...core.engine.state.all('canned')].map((x) => x.title).sort()).toEqual(['Email us', 'Greeting']);
  });
});

describe('bad input', () => {
  it('refuses an oversized attachment, keeping what was accepted', () => {
    const core = chatCore();
    login(core, '301');
    const c = visit(core);
    expect(() =>
      core.engine.run((ctx) => visitorMessage(ctx, c.id, '198.51.100.250', 'see file', [{ id: 'f1', name: 'big.zip', size: 21 * 1024 * 1024, type: 'application/zip' }])),
    ).toThrow('big.zip is 21.0 MB; files are limited to 20 MB each.');
    expect(allMessages(core.engine).filter((m) => m.conversation === c.id && m.author === 'customer')).toHaveLength(1);
  });

  it('lets queue members read an active conversation but only its agent answer; others read nothing', () => {
    const core = chatCore();
    login(core, '301');
    const bo = login(core, '302', { as: 'paused', pauseReason: 'Break' });
    const cy = login(core, '303');
    const c = visit(core, { queue: 'sales' });
    expect(conv(core, c.id).agent).toBe('301');
    expect(errorOf(core.send('message.send', { conversation: c.id, text: 'hi' }, bo)).code).toBe('NOT_YOUR_CONVERSATION');
    expect(resultOf<{ messages: unknown[] }>(core.send('conversation.messages', { id: c.id }, bo)).messages.length).toBeGreaterThan(0);
    expect(errorOf(core.send('conversation.messages', { id: c.id }, cy)).code).toBe('NOT_YOUR_CONVERSATION');
  });
});

describe('conversation history', () => {
  it("shows an agent only the customer's earlier chats they may read: not another agent's closed ones, not other queues'", () => {
    const core = chatCore();
    const cy = login(core, '303');
    const bo = login(core, '302');
    const sue = login(core, '309');
    const closeAs = (origin: Origin, id: string) => resultOf(core.send('conversation.close', { id }, origin));
    const chatFor = (origin: Origin, queue: string) => {
      const c = visit(core, { visitorId: 'kim', queue });
      if (conv(core, c.id).agent !== origin.principal!.agent) resultOf(core.send('conversation.transfer', { id: c.id, agent: origin.principal!.agent }, sue));
      return c.id;
    };
    const cys = chatFor(cy, 'web');
    closeAs(cy, cys);
    core.clock.advance(1000);
    const bos = chatFor(bo, 'sales');
    closeAs(bo, bos);
    core.clock.advance(1000);
    const now = chatFor(cy, 'web');
    const seen = (origin: Origin) =>
      resultOf<{ conversations: Array<{ conversation: { id: string } }> }>(core.send('conversation.history', { id: now }, origin)).conversations.map((h) => h.conversation.id);
    expect(seen(cy)).toEqual([cys]);
    // The supervisor of the web queue sees the web queue's, not the sales chat Bo closed.
    expect(seen(sue)).toEqual([cys]);
  });
});
