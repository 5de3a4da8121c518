import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/core/protocol/model.js';
import { commandSchemas, PUBLIC_COMMANDS } from '../../src/core/protocol/commands.js';
import type { ResponseFrame } from '../../src/core/protocol/frames.js';
import { AGENT, Desk, OTHER, SPARE, type Role } from './authorization-desk.js';
import { ok, runCleanups } from './support.js';

/**
 * The authorization matrix: every protocol command, sent by each of five
 * callers - an anonymous socket, a socket that offered a visitor's chat token,
 * the agent who owns what the command names, another agent of the same
 * queues, and their supervisor - with the answer each must get. The table
 * below is the one declaration of who may do what; a command without a row
 * fails the first test. Rows name fixtures (a call ringing for the agent, the
 * agent's chat...) that authorization-desk.ts makes through the protocol on a
 * fresh server for each row.
 *
 * The rules of issue 10 are rows too: conversation.history follows the Closed
 * list's rules, ALREADY_DISPOSED tells another agent nothing about a call that
 * is not theirs, and a stored answer goes back only to its sender.
 */

afterEach(runCleanups);

/** 'ok', a refusal's code, any refusal ('refused'), any answer ('answered'), or a check that throws when the answer is wrong. */
type Expectation = 'ok' | 'refused' | string | ((r: ResponseFrame, desk: Desk, role: Role) => void | Promise<void>);
type Expected = Record<Role, Expectation>;

interface Case {
  /** Shown in the test's name when a command has more than one case. */
  name?: string;
  args: (desk: Desk, role: Role) => Promise<Record<string, unknown>> | Record<string, unknown>;
  expect: Expected;
}

/** Non-public commands: no answer but NOT_LOGGED_IN before a login. */
const signedIn = (agent: Expectation, other: Expectation, supervisor: Expectation): Expected => ({
  anonymous: 'NOT_LOGGED_IN',
  visitor: 'NOT_LOGGED_IN',
  agent,
  other,
  supervisor,
});
const everyone = (e: Expectation): Expected => ({ anonymous: e, visitor: e, agent: e, other: e, supervisor: e });
/** The caller acts on their own state: each may, once logged in. */
const own = signedIn('ok', 'ok', 'ok');
const supervisorOnly = signedIn('FORBIDDEN', 'FORBIDDEN', 'ok');
/** Something of the agent's: theirs to act on, the other agent's not; a supervisor's as said. */
const agentsOnly = (supervisor: Expectation = 'NOT_YOUR_CALL', other: Expectation = 'NOT_YOUR_CALL') => signedIn('ok', other, supervisor);

/**
 * Conversations the viewer may see in the Conversations lists (Active and
 * Closed): what conversation.history must stay within.
 */
async function listed(desk: Desk, role: Role): Promise<Set<string>> {
  const client = await desk.socketFor(role);
  const ids = new Set<string>();
  for (const state of ['active', 'closed']) {
    const rows = ok<{ rows: Array<{ id: string }> }>(await client.request('conversations.list', { state, limit: 500 })).rows;
    for (const r of rows) ids.add(r.id);
  }
  return ids;
}

/** conversation.history shows what the Closed list's rules let this caller see of the customer, and no more. */
const historyFollowsClosedList = async (r: ResponseFrame, desk: Desk, role: Role) => {
  const h = await desk.customerHistory();
  expect(r.ok, JSON.stringify(r)).toBe(true);
  const shown = (r as { result: { conversations: Array<{ conversation: Conversation }> } }).result.conversations.map((x) => x.conversation.id);
  const visible = await listed(desk, role);
  const names: Record<string, string> = { [h.agents]: "the agent's closed chat", [h.others]: "the other agent's closed chat", [h.otherQueue]: 'the Other desk chat' };
  const beyond = shown.filter((id) => !visible.has(id)).map((id) => names[id] ?? id);
  expect(beyond, `history shows what ${role}'s Conversations lists do not`).toEqual([]);
  // And it is the customer's history: what the lists show of it is there.
  const expected = [h.agents, h.others, h.otherQueue].filter((id) => visible.has(id)).map((id) => names[id]);
  expect(shown.map((id) => names[id] ?? id).sort()).toEqual(expected.sort());
};

/** A chat's Conversation History (conversation.pastHistory) shows what the Closed list shows of the customer, and no more. */
const pastFollowsClosedList = async (r: ResponseFrame, desk: Desk, role: Role) => {
  const h = await desk.customerHistory();
  expect(r.ok, JSON.stringify(r)).toBe(true);
  const shown = (r as { result: { rows: Array<{ id: string }> } }).result.rows.map((x) => x.id);
  const visible = await listed(desk, role);
  expect(shown.filter((id) => !visible.has(id)), `Conversation History shows what ${role}'s lists do not`).toEqual([]);
  expect(shown.sort()).toEqual([h.agents, h.others, h.otherQueue].filter((id) => visible.has(id)).sort());
};

/** A refusal that does not name the disposition of a call that is not the caller's. */
const refusedWithoutTheDisposition = (r: ResponseFrame) => {
  expect(r.ok, JSON.stringify(r)).toBe(false);
  if (r.ok) return;
  expect(r.error.message, 'the refusal tells the disposition of someone else\'s call').not.toMatch(/Resolved|RES\b/);
  expect(JSON.stringify(r.error.details ?? {})).not.toMatch(/Resolved|RES\b/);
};

/** conversations.list {closed} of a caller who may not see the agent's closed chat does not list it. */
const closedListWithout = (r: ResponseFrame, desk: Desk) =>
  desk.closedByAgent().then((id) => {
    expect(r.ok, JSON.stringify(r)).toBe(true);
    const rows = (r as { result: { rows: Array<{ id: string }> } }).result.rows.map((x) => x.id);
    expect(rows).not.toContain(id);
  });
const closedListWith = (r: ResponseFrame, desk: Desk) =>
  desk.closedByAgent().then((id) => {
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expect((r as { result: { rows: Array<{ id: string }> } }).result.rows.map((x) => x.id)).toContain(id);
  });

const MATRIX: Record<string, Case[]> = {
  'session.check': [{ args: () => ({ agent: SPARE, pin: SPARE }), expect: everyone('ok') }],
  'session.login': [{ args: () => ({ agent: SPARE, pin: SPARE }), expect: everyone('ok') }],
  'session.resume': [
    {
      name: 'with the caller\'s own token (a made-up one, a visitor\'s)',
      args: (d, role) => ({ token: role === 'anonymous' ? `made-up-${randomUUID()}` : role === 'visitor' ? d.visitorToken : d.tokens[role]!, lastSeq: 0 }),
      expect: { anonymous: 'SESSION_BROKEN', visitor: 'SESSION_BROKEN', agent: 'ok', other: 'ok', supervisor: 'ok' },
    },
  ],
  'session.logout': [{ args: () => ({}), expect: own }],
  'agent.pause': [{ args: () => ({ reason: 'Break' }), expect: own }],
  // The agent is available already; the other two are paused (Lunch).
  'agent.unpause': [{ args: () => ({}), expect: signedIn('ILLEGAL_TRANSITION', 'ok', 'ok') }],
  'call.answer': [{ args: async (d) => ({ callId: await d.ringing() }), expect: agentsOnly() }],
  'call.hold': [{ args: async (d) => ({ callId: await d.onCall() }), expect: agentsOnly() }],
  'call.resume': [{ args: async (d) => ({ callId: await d.held() }), expect: agentsOnly() }],
  'call.hangup': [{ args: async (d) => ({ callId: await d.onCall() }), expect: agentsOnly() }],
  'call.transfer': [{ args: async (d) => ({ callId: await d.onCall(), queue: '7101' }), expect: agentsOnly() }],
  'call.dial': [{ args: () => ({ to: '+442079460000' }), expect: own }],
  'disposition.submit': [
    { name: 'a call owing its disposition', args: async (d) => ({ callId: await d.owing(), hotkey: '1' }), expect: agentsOnly() },
    {
      name: 'a call already disposed (issue 10: ALREADY_DISPOSED tells nobody else the disposition)',
      args: async (d) => ({ callId: await d.disposed(), hotkey: '2' }),
      expect: signedIn('ALREADY_DISPOSED', refusedWithoutTheDisposition, 'refused'),
    },
  ],
  'form.submit': [{ args: async (d) => ({ callId: await d.owing(), values: { topic: 'Billing' } }), expect: agentsOnly() }],
  'alerts.configure': [{ args: () => ({ mwtThresholdMinutes: 2, intervalMinutes: 5, myQueuesOnly: true }), expect: own }],
  'alerts.clear': [{ args: () => ({}), expect: own }],
  // The agent's own phone: on the simulator no phone is ever marked unreachable, whoever asks.
  'device.retry': [{ args: () => ({}), expect: signedIn('DEVICE_NOT_UNREACHABLE', 'DEVICE_NOT_UNREACHABLE', 'DEVICE_NOT_UNREACHABLE') }],
  'agent.strategy': [{ args: () => ({ strategy: 'outbound', campaign: 'renew' }), expect: own }],
  // Inbound sessions: there is no lead to fetch, skip or dial, whoever asks.
  'dialer.next': [{ args: () => ({}), expect: signedIn('NOT_OUTBOUND', 'NOT_OUTBOUND', 'NOT_OUTBOUND') }],
  'dialer.skip': [{ args: () => ({}), expect: signedIn('NOT_OUTBOUND', 'NOT_OUTBOUND', 'NOT_OUTBOUND') }],
  'dialer.dial': [{ args: async (d) => ({ leadId: await d.lead() }), expect: signedIn('NOT_YOUR_CAMPAIGN', 'NOT_YOUR_CAMPAIGN', 'NOT_YOUR_CAMPAIGN') }],
  'lead.dispose': [{ args: async (d) => ({ leadId: await d.lead(), code: 'ESC' }), expect: signedIn('NOT_YOUR_LEAD', 'NOT_YOUR_LEAD', 'ok') }],
  'leads.import': [{ args: () => ({ campaign: 'renew', rows: [{ line: 1, phone: '+442071239999' }] }), expect: supervisorOnly }],
  'conversation.assign': [
    { name: 'a chat nobody has taken', args: async (d, role) => ({ id: await d.waitingChat(role) }), expect: own },
    { name: "the agent's chat", args: async (d) => ({ id: await d.agentsChat('shared') }), expect: signedIn('ALREADY_YOURS', 'ALREADY_ASSIGNED', 'ALREADY_ASSIGNED') },
  ],
  'conversation.status': [{ args: async (d, role) => ({ id: await d.agentsChat(role), status: 'waiting' }), expect: agentsOnly('ok', 'NOT_YOUR_CONVERSATION') }],
  'conversation.subject': [{ args: async (d, role) => ({ id: await d.agentsChat(role), subject: 'Billing question' }), expect: agentsOnly('ok', 'NOT_YOUR_CONVERSATION') }],
  'conversation.transfer': [{ args: async (d, role) => ({ id: await d.agentsChat(role), queue: 'other-desk' }), expect: agentsOnly('ok', 'NOT_YOUR_CONVERSATION') }],
  'conversation.close': [{ args: async (d, role) => ({ id: await d.agentsChat(role) }), expect: agentsOnly('ok', 'NOT_YOUR_CONVERSATION') }],
  'conversation.hide': [{ args: async (d, role) => ({ id: await d.endedByCustomer(role) }), expect: agentsOnly('ok', 'NOT_YOUR_CONVERSATION') }],
  'conversation.seen': [{ args: async (d, role) => ({ id: await d.agentsChat(role) }), expect: agentsOnly('ok', 'NOT_YOUR_CONVERSATION') }],
  // Typing in a chat that is not yours is not sent to the visitor ({sent: false}), and says so without refusing.
  'conversation.typing': [{ args: async (d) => ({ id: await d.agentsChat('shared'), typing: true }), expect: own }],
  'conversation.messages': [
    { name: "the agent's live chat (members of the queue read it)", args: async (d) => ({ id: await d.agentsChat('shared') }), expect: own },
    { name: "the agent's closed chat (the Closed list's rule)", args: async (d) => ({ id: await d.closedByAgent() }), expect: agentsOnly('ok', 'NOT_YOUR_CONVERSATION') },
  ],
  'conversation.history': [
    {
      name: "a returning customer's earlier chats (issue 10: the Closed list's rules)",
      args: async (d) => ({ id: (await d.customerHistory()).current }),
      expect: signedIn(historyFollowsClosedList, historyFollowsClosedList, historyFollowsClosedList),
    },
  ],
  'agentchat.send': [{ args: (_d, role) => ({ to: role === 'agent' ? OTHER : AGENT, text: 'Can you take my 3 pm?' }), expect: own }],
  'agentchat.seen': [{ args: (_d, role) => ({ with: role === 'agent' ? OTHER : AGENT }), expect: own }],
  'agentchat.typing': [{ args: (_d, role) => ({ to: role === 'agent' ? OTHER : AGENT, typing: true }), expect: own }],
  'message.send': [{ args: async (d, role) => ({ conversation: await d.agentsChat(role), text: 'Hello, how can I help?' }), expect: agentsOnly('ok', 'NOT_YOUR_CONVERSATION') }],
  'message.template': [
    { args: async (d, role) => ({ conversation: await d.agentsWhatsapp(role), name: 'order_update', params: ['Wanda'] }), expect: agentsOnly('ok', 'NOT_YOUR_CONVERSATION') },
  ],
  'ban.customer': [{ args: async (d, role) => ({ conversation: await d.agentsChat(`ban-${role}`), hours: 1, reason: 'Abuse' }), expect: agentsOnly('ok', 'NOT_YOUR_CONVERSATION') }],
  'ban.address': [{ args: () => ({ ip: '203.0.113.50', hours: 1, reason: 'Abuse' }), expect: supervisorOnly }],
  'ban.lift': [{ args: async (d, role) => ({ ip: await d.agentsBan(role) }), expect: agentsOnly('ok', 'NOT_YOUR_BAN') }],
  'canned.create': [{ args: () => ({ title: 'Bye', text: 'Goodbye' }), expect: supervisorOnly }],
  'canned.update': [{ args: async (d) => ({ id: await d.canned(), title: 'Hello', text: 'Hello again' }), expect: supervisorOnly }],
  'canned.delete': [{ args: async (d) => ({ id: await d.canned() }), expect: supervisorOnly }],
  'signature.create': [{ args: () => ({ name: 'Mine', text: 'Regards' }), expect: own }],
  'signature.update': [{ args: async (d, role) => ({ id: await d.signature(role), name: 'Renamed', text: 'Regards' }), expect: agentsOnly('SIGNATURE_NOT_FOUND', 'SIGNATURE_NOT_FOUND') }],
  'signature.delete': [{ args: async (d, role) => ({ id: await d.signature(role) }), expect: agentsOnly('SIGNATURE_NOT_FOUND', 'SIGNATURE_NOT_FOUND') }],
  'conversations.list': [
    { name: "Closed: the agent's closed chat is theirs and their supervisor's", args: () => ({ state: 'closed' }), expect: signedIn(closedListWith, closedListWithout, closedListWith) },
  ],
  // Anyone logged in may follow any agent's state and any queue's figures (transfers go to anyone); what
  // comes back is the state and the directory row, never secrets (the answer check is in protocol.test.ts).
  'roster.subscribe': [{ args: () => ({ view: 'agents-tab', agents: [AGENT, OTHER] }), expect: own }],
  'roster.unsubscribe': [{ args: () => ({ view: 'agents-tab' }), expect: own }],
  'stats.subscribe': [{ args: () => ({ view: 'queues-tab', voiceQueues: ['7101'] }), expect: own }],
  'stats.unsubscribe': [{ args: () => ({ view: 'queues-tab' }), expect: own }],
  'directory.lookup': [{ args: () => ({ agents: [AGENT, OTHER] }), expect: own }],
  // Contacts (issue 15): everyone creates, edits, reads and links what they may see; delete and merge are
  // for the roles the configuration gives (supervisors by default); the CSV upload is supervisors' only.
  'contact.create': [{ args: () => ({ firstName: 'Ann', lastName: 'Lee', personType: 'Customer', phones: ['+442079460123'] }), expect: own }],
  'contact.update': [{ args: async (d) => ({ id: await d.contact('shared'), firstName: 'Ann', lastName: 'Lee', personType: 'Partner' }), expect: own }],
  'contact.delete': [{ args: async (d, role) => ({ id: await d.contact(`delete:${role}`) }), expect: signedIn('CONTACT_DELETE_FORBIDDEN', 'CONTACT_DELETE_FORBIDDEN', 'ok') }],
  'contact.get': [{ args: async (d) => ({ id: await d.contact('shared') }), expect: own }],
  'contact.history': [{ args: async (d) => ({ id: await d.contact('shared') }), expect: own }],
  'contact.merge': [
    {
      args: async (d, role) => ({ primary: await d.contact(`merge-a:${role}`), other: await d.contact(`merge-b:${role}`), take: {}, emails: [], phones: [] }),
      expect: signedIn('CONTACT_MERGE_FORBIDDEN', 'CONTACT_MERGE_FORBIDDEN', 'ok'),
    },
  ],
  'contact.link': [
    { name: "the agent's closed chat (the Closed list's rule)", args: async (d, role) => ({ id: await d.contact(`link:${role}`), conversation: await d.closedByAgent() }), expect: agentsOnly('ok', 'NOT_YOUR_CONVERSATION') },
    { name: "the agent's call", args: async (d) => ({ id: await d.contact('call'), call: await d.onCall() }), expect: agentsOnly('NOT_YOUR_CALL', 'NOT_YOUR_CALL') },
  ],
  'contact.unlink': [{ args: async (d, role) => ({ conversation: await d.linkedChat(role) }), expect: agentsOnly('ok', 'NOT_YOUR_CONVERSATION') }],
  'contacts.search': [{ args: () => ({ query: 'lee' }), expect: own }],
  'contacts.suggest': [{ args: async (d) => ({ conversation: await d.closedByAgent() }), expect: agentsOnly('ok', 'NOT_YOUR_CONVERSATION') }],
  'contacts.watch': [{ args: async (d) => ({ ids: [await d.contact('shared')] }), expect: own }],
  'contacts.import': [{ args: () => ({ rows: [{ line: 2, firstName: 'Bo', lastName: 'Ray', personType: 'Customer' }] }), expect: supervisorOnly }],
  'conversation.pastHistory': [
    {
      name: "a returning customer's closed chats (the Closed list's rules)",
      args: async (d) => ({ id: (await d.customerHistory()).current }),
      expect: signedIn(pastFollowsClosedList, pastFollowsClosedList, pastFollowsClosedList),
    },
  ],
  'sys.ping': [{ args: () => ({}), expect: everyone('ok') }],
};

/** The order roles act in: those that are refused first, the owner last, so a success cannot spoil a later cell. */
const ORDER: Role[] = ['anonymous', 'visitor', 'other', 'supervisor', 'agent'];

async function check(expectation: Expectation, r: ResponseFrame, desk: Desk, role: Role): Promise<string | null> {
  const got = r.ok ? 'ok' : r.error.code;
  if (typeof expectation === 'function') {
    try {
      await expectation(r, desk, role);
      return null;
    } catch (e) {
      return `${(e as Error).message.split('\n')[0]} (answer: ${JSON.stringify(r).slice(0, 300)})`;
    }
  }
  if (expectation === 'refused') return r.ok ? 'expected a refusal, got ok' : null;
  if (expectation === 'answered') return null;
  return got === expectation ? null : `expected ${expectation}, got ${got}${r.ok ? '' : `: ${r.error.message}`}`;
}

describe('the authorization matrix', () => {
  it('has a row for every protocol command, and none for a command that is gone', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(commandSchemas).sort());
    // The public commands answer before a login; every other one answers NOT_LOGGED_IN.
    for (const [cmd, cases] of Object.entries(MATRIX)) {
      for (const c of cases) if (!PUBLIC_COMMANDS.has(cmd)) expect([c.expect.anonymous, c.expect.visitor], cmd).toEqual(['NOT_LOGGED_IN', 'NOT_LOGGED_IN']);
    }
  });

  const cells = Object.entries(MATRIX).flatMap(([cmd, cases]) => cases.map((c) => ({ cmd, c, title: c.name ? `${cmd}: ${c.name}` : cmd })));
  it.each(cells)('$title', { timeout: 60_000 }, async ({ cmd, c }) => {
    const desk = await Desk.open();
    const wrong: string[] = [];
    for (const role of ORDER) {
      const args = await c.args(desk, role);
      const client = await desk.socketFor(role);
      const r = await client.request(cmd, args);
      const problem = await check(c.expect[role], r, desk, role);
      if (problem) wrong.push(`${role}: ${problem}`);
    }
    expect(wrong).toEqual([]);
  });
});

/**
 * Stored answers go back only to their sender (issue 10, item 3): a command
 * id names an answer, and the answer is the sender's - the session that sent
 * it, or before a login the connection. Another caller reusing the id never
 * gets what the answer holds (a session token above all) nor the session it
 * opened: a kept answer is refused to them (DUPLICATE_ID); an answer the
 * server chose not to keep (a login's, a resume's) leaves the id free, and
 * the command runs as sent.
 */
describe('answers stored under a command id', () => {
  interface Stored {
    id: string;
    cmd: string;
    args: Record<string, unknown>;
    /** What the sender was answered. */
    answer: unknown;
    /** A session token the answer carries, which nobody else may see. */
    secret?: string;
  }
  /** Made by the agent: a login and a resume sent before a login (the connection's), a disposition (the session's). */
  const STORED: Record<string, { make: (d: Desk) => Promise<Stored>; ownSession: boolean }> = {
    "the agent's login": {
      ownSession: false,
      make: async (d) => {
        const args = { agent: AGENT, pin: AGENT };
        const id = `login-${randomUUID()}`;
        const r = ok<{ token: string }>(await (await d.socketFor('anonymous')).request('session.login', args, id));
        return { id, cmd: 'session.login', args, answer: r, secret: r.token };
      },
    },
    "the agent's resume": {
      ownSession: false,
      make: async (d) => {
        const args = { token: d.tokens.agent!, lastSeq: 0 };
        const id = `resume-${randomUUID()}`;
        const r = ok(await (await d.socketFor('anonymous')).request('session.resume', args, id));
        return { id, cmd: 'session.resume', args, answer: r, secret: d.tokens.agent! };
      },
    },
    "the agent's disposition": {
      ownSession: true,
      make: async (d) => {
        const args = { callId: await d.owing(), hotkey: '1' };
        const id = `dispose-${randomUUID()}`;
        return { id, cmd: 'disposition.submit', args, answer: ok(await d.owner.request('disposition.submit', args, id)) };
      },
    },
  };
  /** The id sent again: with the same command, another one, and the public commands that run before a login. */
  const AGAIN = [
    { name: 'the same command', frame: (s: Stored) => ({ cmd: s.cmd, args: s.args }) },
    { name: 'agent.pause', frame: () => ({ cmd: 'agent.pause', args: { reason: 'Break' } }) },
    { name: 'sys.ping', frame: () => ({ cmd: 'sys.ping', args: {} }) },
    { name: 'session.resume', frame: () => ({ cmd: 'session.resume', args: {} }) },
  ];

  for (const [what, row] of Object.entries(STORED)) {
    for (const again of AGAIN) {
      it(`${what}, its id sent again with ${again.name}`, { timeout: 60_000 }, async () => {
        const desk = await Desk.open();
        const stored = await row.make(desk);
        const { cmd, args } = again.frame(stored);
        const wrong: string[] = [];
        for (const role of ORDER) {
          const client = await desk.socketFor(role);
          const r = await client.request(cmd, args, stored.id);
          const own = row.ownSession && role === 'agent';
          // The same login or resume again carries the agent's PIN or token: it may log in, and say whose session it is.
          const credentials = cmd === stored.cmd && !row.ownSession;
          if (!credentials && stored.secret && JSON.stringify(r).includes(stored.secret)) wrong.push(`${role}: the answer carries the agent's session token`);
          else if (!own && r.ok && JSON.stringify(r.result) === JSON.stringify(stored.answer)) wrong.push(`${role}: was given the agent's stored answer`);
          // Nor did it log the socket in as the agent.
          if (!credentials && (role === 'anonymous' || role === 'visitor') && (await client.request('agent.pause', { reason: 'Break' })).ok)
            wrong.push(`${role}: the socket is logged in as the agent now`);
          // A command that needs a login is refused without one; a logged-in caller who is not the sender, with
          // a command id the sender's session keeps an answer under, is refused as such.
          const publicCmd = PUBLIC_COMMANDS.has(cmd);
          const expected: Expectation = own || publicCmd ? 'answered' : role === 'anonymous' || role === 'visitor' ? 'refused' : row.ownSession ? 'DUPLICATE_ID' : 'answered';
          const problem = await check(expected, r, desk, role);
          if (problem) wrong.push(`${role}: ${problem}`);
        }
        expect(wrong).toEqual([]);
      });
    }
  }
});
