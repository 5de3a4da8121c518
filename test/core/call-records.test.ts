import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config/parse.js';
import type { Origin } from '../../src/core/context.js';
import { FakeClock } from '../fake-clock.js';
import { assignTo } from '../../src/core/messaging/assign.js';
import { close, createConversation } from '../../src/core/messaging/conversation.js';
import type { ConversationRow } from '../../src/core/protocol/conversation-rows.js';
import type { Call, CallRecord } from '../../src/core/protocol/model.js';
import { errorOf, makeCore, resultOf, type TestCore } from '../helpers.js';

/**
 * Answered calls kept as call records when they leave the agent's list, and
 * listed in Conversations > Closed beside closed chats and emails.
 */
const CONFIG = `
center: { name: Test, timeZone: UTC }
dispositions:
  support:
    - { name: Resolved, code: RES, hotkey: "1" }
    - { name: Escalated, code: ESC, hotkey: "2" }
feedbackForms:
  support-call:
    title: Support call
    fields:
      - { name: topic, label: Topic, type: choice, options: [Billing, Technical], required: true }
voiceQueues:
  - { number: "7001", name: Support, wrapUpSeconds: 0, dispositions: support, feedbackForm: support-call, record: true }
  - { number: "7002", name: Plain, wrapUpSeconds: 0 }
messagingQueues:
  - { id: web, name: Web, channels: [livechat, email] }
agents:
  - { number: "1001", name: Ada Stone, email: a@x.io, pin: "1001", password: pass, voiceQueues: ["7001", "7002"], messagingQueues: [web] }
  - { number: "1002", name: Bo Reed, email: b@x.io, pin: "1002", password: pass, voiceQueues: ["7001", "7002"], messagingQueues: [web] }
  - { number: "9001", name: Sue Lead, email: s@x.io, pin: "9001", password: pass, role: supervisor, voiceQueues: ["7001"], messagingQueues: [web] }
  - { number: "9002", name: Max Plain, email: m@x.io, pin: "9002", password: pass, role: supervisor, voiceQueues: ["7002"] }
`;

const S = 1000;
const CALLER = { number: '+442071234567', name: 'Pat Caller' };

function core(): TestCore {
  const config = parseConfig(CONFIG, 'records.yaml');
  config.simulator.callsPerMinute = 0;
  config.simulator.patienceSeconds = { min: 1e6, max: 1e6 };
  config.simulator.talkSeconds = { min: 1e6, max: 1e6 };
  return makeCore({ config, clock: new FakeClock('2026-01-06T09:00:00Z') });
}

/** A caller reaches `queue`; the agent (the only one free) answers it in the panel. */
function answered(c: TestCore, who: Origin, queue: string, caller = CALLER): Call {
  c.sim.placeInboundCall(queue, caller);
  const call = [...c.engine.state.all('call')].find((x) => x.state === 'ringing' && x.offers.some((o) => o.agent === who.principal!.agent));
  if (!call) throw new Error(`no call rings for ${who.principal!.agent}`);
  return (resultOf<{ call: Call }>(c.send('call.answer', { callId: call.id }, who))).call;
}

const list = (c: TestCore, who: Origin, args: Record<string, unknown> = {}) =>
  resultOf<{ total: number; offset: number; rows: ConversationRow[] }>(c.send('conversations.list', { state: 'closed', ...args }, who));
const ids = (rows: ConversationRow[]) => rows.map((r) => r.id);

/** A chat the agent took and closed, with a survey answer if given. */
function closedChat(c: TestCore, agent: string, name: string, survey: { score: number; comment: string } | null, channel: 'livechat' | 'email' = 'livechat'): string {
  return c.engine.run((ctx) => {
    const conv = createConversation(ctx, { channel, queue: 'web', customer: { id: `x:${name}`, name, email: null, phone: null, ip: null, geo: null }, subject: `About ${name}` });
    const closed = close(ctx, assignTo(ctx, conv, agent, 'manual', agent), { kind: 'agent', id: agent });
    if (survey) ctx.tx.put('conversation', { ...closed, survey: { ...survey, at: ctx.clock.now() } }, 'survey');
    return conv.id;
  });
}

describe('call records', () => {
  it('a completed call becomes a record with its wait, talk and hold, disposition and form; not before it is complete', () => {
    const c = core();
    const ada = c.login('1001');
    c.clock.advance(5 * S);
    c.sim.placeInboundCall('7001', CALLER);
    c.clock.advance(4 * S); // rings 4 s
    const ringing = [...c.engine.state.all('call')][0]!;
    resultOf(c.send('call.answer', { callId: ringing.id }, ada));
    c.clock.advance(10 * S);
    resultOf(c.send('call.hold', {}, ada));
    c.clock.advance(3 * S);
    resultOf(c.send('call.resume', {}, ada));
    c.clock.advance(20 * S);
    resultOf(c.send('call.hangup', {}, ada));
    // Still owed its disposition and form: on the list, no record yet.
    expect(c.engine.state.call(ringing.id)?.state).toBe('ended');
    expect(c.engine.state.get('callRecord', ringing.id)).toBeUndefined();
    c.clock.advance(7 * S);
    resultOf(c.send('disposition.submit', { hotkey: '2' }, ada));
    expect(c.engine.state.get('callRecord', ringing.id)).toBeUndefined();
    resultOf(c.send('form.submit', { values: { topic: 'Technical' } }, ada));

    expect(c.engine.state.call(ringing.id)).toBeUndefined();
    const record = c.engine.state.get('callRecord', ringing.id)!;
    const t0 = Date.parse('2026-01-06T09:00:05Z');
    expect(record).toMatchObject({
      id: ringing.id,
      direction: 'inbound',
      queue: '7001',
      campaign: null,
      agent: '1001',
      caller: CALLER,
      erg: null,
      arrivedAt: t0,
      answeredAt: t0 + 4 * S,
      endedAt: t0 + 37 * S,
      endCause: 'normal',
      waitMs: 4 * S,
      holdMs: 3 * S,
      talkMs: 30 * S,
      disposition: { code: 'ESC', name: 'Escalated', by: '1001' },
      form: { values: { topic: 'Technical' } },
      transfer: null,
      recording: null,
    });
    // Not in the login snapshot: records are read a page at a time.
    const snapshot = c.engine.snapshot(ada.principal!) as unknown as { entities: Record<string, unknown> };
    expect(snapshot.entities.callRecord).toBeUndefined();
  });

  it('a call that owes nothing is recorded as it ends; an unanswered one is not; a transfer records each agent\'s part', () => {
    const c = core();
    const ada = c.login('1001');
    const call = answered(c, ada, '7002');
    c.clock.advance(12 * S);
    c.sim.hangUp(call.customerLeg, 'normal');
    expect(c.engine.state.call(call.id)).toBeUndefined();
    expect(c.engine.state.get('callRecord', call.id)).toMatchObject({ queue: '7002', talkMs: 12 * S, disposition: null, form: null });

    // Nobody answers: an abandoned caller leaves no record.
    resultOf(c.send('agent.pause', { reason: 'Break' }, ada));
    const leg = c.sim.placeInboundCall('7002', { number: '+15550001', name: null });
    c.clock.advance(5 * S);
    c.sim.hangUp(leg, 'normal');
    expect(c.engine.state.count('callRecord')).toBe(1);

    // Ada takes a call and sends it to Bo, who answers it.
    resultOf(c.send('agent.unpause', {}, ada));
    const first = answered(c, ada, '7002', { number: '+15550002', name: 'Tess Transfer' });
    c.clock.advance(3 * S);
    const bo = c.login('1002');
    resultOf(c.send('call.transfer', { agent: '1002' }, ada));
    const second = [...c.engine.state.all('call')].find((x) => x.transferredFrom === first.id)!;
    resultOf(c.send('call.answer', { callId: second.id }, bo));
    c.clock.advance(8 * S);
    resultOf(c.send('call.hangup', {}, bo));
    expect(c.engine.state.get('callRecord', first.id)).toMatchObject({ agent: '1001', talkMs: 3 * S, transfer: { to: '1002', kind: 'agent' }, endCause: 'transferred' });
    expect(c.engine.state.get('callRecord', second.id)).toMatchObject({ agent: '1002', talkMs: 8 * S, transferredFrom: first.id, transferredFromQueue: '7002' });
  });

  it('links a recording kept by the server, before or after the call is complete; an unknown call is refused', () => {
    const c = core();
    const ada = c.login('1001');
    const done = answered(c, ada, '7002');
    resultOf(c.send('call.hangup', {}, ada));
    c.engine.recordingKept(done.id, { id: 'file-a', name: 'a.wav', size: 100, type: 'audio/wav', owner: `call:${done.id}` }, 12);
    expect(c.engine.state.get('callRecord', done.id)!.recording).toEqual({ fileId: 'file-a', seconds: 12 });
    expect(c.engine.state.get('file', 'file-a')).toMatchObject({ owner: `call:${done.id}`, type: 'audio/wav' });

    // Support owes a disposition: the recording waits on the call, and the record takes it.
    const owing = answered(c, ada, '7001');
    resultOf(c.send('call.hangup', {}, ada));
    c.engine.recordingKept(owing.id, { id: 'file-b', name: 'b.wav', size: 100, type: 'audio/wav', owner: `call:${owing.id}` }, 7);
    expect(c.engine.state.call(owing.id)!.recording).toEqual({ fileId: 'file-b', seconds: 7 });
    resultOf(c.send('disposition.submit', { hotkey: '1', fields: { topic: 'Billing' } }, ada));
    expect(c.engine.state.get('callRecord', owing.id)!.recording).toEqual({ fileId: 'file-b', seconds: 7 });

    expect(() => c.engine.recordingKept('call-nope', { id: 'file-c', name: 'c.wav', size: 1, type: 'audio/wav', owner: 'call:call-nope' }, 1)).toThrow(/no call call-nope/);
    expect(c.engine.state.get('file', 'file-c')).toBeUndefined();
  });

  it('the simulator asks to record only the calls of a queue with record: true', () => {
    const c = core();
    const ada = c.login('1001');
    const bridged: Array<{ record?: boolean } | undefined> = [];
    const bridge = c.sim.bridge.bind(c.sim);
    c.sim.bridge = (customer, agent, options) => {
      bridged.push(options);
      bridge(customer, agent, options);
    };
    answered(c, ada, '7001');
    resultOf(c.send('call.hangup', {}, ada));
    resultOf(c.send('disposition.submit', { hotkey: '1', fields: { topic: 'Billing' } }, ada));
    answered(c, ada, '7002');
    expect(bridged).toEqual([{ record: true }, undefined]);
  });
});

describe('Conversations > Closed with calls', () => {
  /** Ada: two calls (Support, Plain) and a rated chat; Bo: a Support call and an unrated email. A minute apart. */
  function day() {
    const c = core();
    const ada = c.login('1001');
    const calls: string[] = [];
    const chats: string[] = [];
    const support = answered(c, ada, '7001', { number: '+441111', name: 'Una Support' });
    resultOf(c.send('call.hangup', {}, ada));
    resultOf(c.send('disposition.submit', { hotkey: '1', fields: { topic: 'Billing' } }, ada));
    calls.push(support.id);
    c.clock.advance(60 * S);
    chats.push(closedChat(c, '1001', 'Rita Rated', { score: 9, comment: 'Very quick, thanks' }));
    c.clock.advance(60 * S);
    const plain = answered(c, ada, '7002', { number: '+442222', name: null });
    resultOf(c.send('call.hangup', {}, ada));
    calls.push(plain.id);
    c.clock.advance(60 * S);
    resultOf(c.send('agent.pause', { reason: 'Break' }, ada));
    const bo = c.login('1002');
    const bos = answered(c, bo, '7001', { number: '+443333', name: 'Vic Bo' });
    resultOf(c.send('call.hangup', {}, bo));
    resultOf(c.send('disposition.submit', { hotkey: '2', fields: { topic: 'Technical' } }, bo));
    calls.push(bos.id);
    c.clock.advance(60 * S);
    chats.push(closedChat(c, '1002', 'Eve Email', null, 'email'));
    chats.push(closedChat(c, '1002', 'Low Score', { score: 3, comment: '' }));
    return { c, ada, bo, sue: c.login('9001'), max: c.login('9002'), calls, chats };
  }

  it('merges calls as voice rows, newest first, under the Closed visibility rule', () => {
    const { c, ada, bo, sue, max, calls, chats } = day();
    // Ada: her rated chat and her two calls; none of Bo's.
    const mine = list(c, ada);
    expect(mine.total).toBe(3);
    expect(ids(mine.rows)).toEqual([calls[1], chats[0], calls[0]]);
    const row = mine.rows[0]!;
    expect(row).toMatchObject({ channel: 'voice', queue: '7002', agent: '1001', status: 'closed', subject: 'Call', survey: null });
    expect(row.customer).toMatchObject({ name: '+442222', phone: '+442222' });
    expect(mine.rows[2]).toMatchObject({ channel: 'voice', queue: '7001', subject: 'Resolved', customer: { name: 'Una Support' } });
    expect((mine.rows[2] as { call: CallRecord }).call).toMatchObject({ disposition: { name: 'Resolved' }, form: { values: { topic: 'Billing' } } });
    expect(ids(list(c, bo).rows)).toEqual([chats[2], chats[1], calls[2]]);
    // Sue supervises Support (and the web queue): every Support call and chat, not the Plain call.
    expect(ids(list(c, sue).rows)).toEqual([chats[2], chats[1], calls[2], chats[0], calls[0]]);
    // Max supervises Plain only: its call, and no chat (not a member of web).
    expect(ids(list(c, max).rows)).toEqual([calls[1]]);
    // Active lists no calls.
    expect(resultOf<{ total: number }>(c.send('conversations.list', { state: 'active' }, sue)).total).toBe(0);
  });

  it('pages across both kinds with one total', () => {
    const { c, sue, calls, chats } = day();
    const pages = [0, 2, 4].map((offset) => list(c, sue, { offset, limit: 2 }));
    expect(pages.map((p) => p.total)).toEqual([5, 5, 5]);
    expect(pages.flatMap((p) => ids(p.rows))).toEqual([chats[2], chats[1], calls[2], chats[0], calls[0]]);
  });

  it('filters voice rows on each column: channel, queue number, id, agent, customer, subject, dates', () => {
    const { c, sue, calls, chats } = day();
    const start = Date.parse('2026-01-06T09:00:00Z');
    expect(ids(list(c, sue, { channel: 'voice' }).rows)).toEqual([calls[2], calls[0]]);
    expect(ids(list(c, sue, { channel: 'livechat' }).rows)).toEqual([chats[2], chats[0]]);
    expect(ids(list(c, sue, { queue: '7001' }).rows)).toEqual([calls[2], calls[0]]);
    expect(ids(list(c, sue, { queue: 'web' }).rows)).toEqual([chats[2], chats[1], chats[0]]);
    expect(ids(list(c, sue, { id: calls[0]!.slice(-6) }).rows)).toEqual([calls[0]]);
    expect(ids(list(c, sue, { agent: 'bo', channel: 'voice' }).rows)).toEqual([calls[2]]);
    expect(ids(list(c, sue, { customer: '+44333' }).rows)).toEqual([calls[2]]);
    expect(ids(list(c, sue, { customer: 'una' }).rows)).toEqual([calls[0]]);
    expect(ids(list(c, sue, { subject: 'escalated' }).rows)).toEqual([calls[2]]);
    expect(ids(list(c, sue, { from: start + 30 * S, to: start + 200 * S }).rows)).toEqual([calls[2], chats[0]]);
  });

  it('filters on agent rate (at least, or unrated) and feedback (any, none, or words in it)', () => {
    const { c, sue, calls, chats } = day();
    expect(ids(list(c, sue, { rate: 9 }).rows)).toEqual([chats[0]]);
    expect(ids(list(c, sue, { rate: 3 }).rows)).toEqual([chats[2], chats[0]]);
    // Calls carry no survey score: they are unrated, as is the email nobody answered a survey for.
    expect(ids(list(c, sue, { rate: 'none' }).rows)).toEqual([chats[1], calls[2], calls[0]]);
    expect(ids(list(c, sue, { feedback: true }).rows)).toEqual([chats[0]]);
    expect(ids(list(c, sue, { feedback: false, channel: 'livechat' }).rows)).toEqual([chats[2]]);
    expect(ids(list(c, sue, { feedback: 'QUICK' }).rows)).toEqual([chats[0]]);
    expect(ids(list(c, sue, { feedback: 'slow' }).rows)).toEqual([]);
    expect(errorOf(c.send('conversations.list', { state: 'closed', rate: 11 }, sue)).code).toBe('BAD_ARGS');
    expect(errorOf(c.send('conversations.list', { state: 'closed', rate: 'some' }, sue)).message).toMatch(/rate/);
  });
});
