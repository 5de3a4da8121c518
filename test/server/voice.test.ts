import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock, SeededRandom } from '../fake-clock.js';
import type { Agent, Call, DayMetrics, QueueStats } from '../../src/core/protocol/model.js';
import type { EventFrame } from '../../src/core/protocol/events.js';
import type { RunningServer } from '../../src/server/runtime.js';
import { demoConfig } from '../helpers.js';
import { agentUrlOf, err, isAgentUpdate, loginAgent, ok, runCleanups, startTestServer, type LoggedIn } from './support.js';

/**
 * Inbound voice over the real protocol: two agents of the demo's Support queue
 * (7001, longest-idle, 15 s wrap-up, dispositions and a feedback form) on a
 * real WebSocket server, time on a fake clock so wrap-up is exact.
 */

afterEach(runCleanups);

const SUPPORT = '7001';
const WRAP_UP_MS = 15_000;
const CALLER = { number: '+442071234567', name: 'Pat Caller' };

const callOf = (e: EventFrame) => e.data.call as Call;
const agentIn = (e: EventFrame) => e.data.agent as Agent;
const statsOf = (e: EventFrame) => e.data.stats as QueueStats;

const callUpdate = (pred: (c: Call) => boolean) => (e: EventFrame) => e.ev === 'call.updated' && pred(callOf(e));
const activityOf = (agent: string, activity: Agent['activity']) => (e: EventFrame) =>
  isAgentUpdate(agent)(e) && agentIn(e).activity === activity;
const offeredTo = (agent: string) => callUpdate((c) => c.state === 'ringing' && c.offers.some((o) => o.agent === agent));
const statsFor = (queue: string, pred: (s: QueueStats) => boolean) => (e: EventFrame) =>
  e.ev === 'queue.stats' && statsOf(e).id === queue && pred(statsOf(e));
const callEvents = (who: LoggedIn) => who.client.events.filter((e) => e.ev === 'call.updated' || e.ev === 'call.removed');

interface Desk {
  server: RunningServer;
  clock: FakeClock;
  url: string;
  ava: LoggedIn;
  ben: LoggedIn;
}

/**
 * Ava (1001) and Ben (1002), both in Support and Sales. Callers never hang up
 * by themselves. `longestIdle` logs that agent in a second before the other,
 * so the longest-idle strategy offers them the first call even though the
 * other comes first in the configuration.
 */
async function desk(longestIdle: '1001' | '1002'): Promise<Desk> {
  const config = demoConfig();
  config.simulator.patienceSeconds = { min: 1_000_000, max: 1_000_000 };
  config.simulator.talkSeconds = { min: 1_000_000, max: 1_000_000 };
  const clock = new FakeClock(Date.now());
  const server = await startTestServer({ config, clock, random: new SeededRandom(5) });
  const url = agentUrlOf(server);
  const first = await loginAgent(url, longestIdle);
  clock.advance(1000);
  const second = await loginAgent(url, longestIdle === '1001' ? '1002' : '1001');
  const [ava, ben] = longestIdle === '1001' ? [first, second] : [second, first];
  // Each has the Agents tab open: they follow each other's state (in the live batches).
  for (const who of [ava, ben]) ok(await who.client.request('roster.subscribe', { view: 'agents-tab', agents: ['1001', '1002'] }));
  return { server, clock, url, ava, ben };
}

/** A caller reaches Support; resolves with the call once it rings for `who`. */
async function ringsFor(d: Desk, who: LoggedIn, agent: string): Promise<Call> {
  const from = who.client.frames.length;
  d.server.sim.placeInboundCall(SUPPORT, CALLER);
  return callOf(await who.client.nextEvent(offeredTo(agent), from));
}

/** The agent answers and hangs up: the call now owes its disposition and form. */
async function talkAndHangUp(who: LoggedIn): Promise<Call> {
  ok(await who.client.request('call.answer'));
  return ok<{ call: Call }>(await who.client.request('call.hangup')).call;
}

describe('inbound voice between two agents over WebSocket', () => {
  it('a call rings the longest-idle agent, is answered, held, hung up, disposed, and leaves after the form; wrap-up then ends on time', async () => {
    const d = await desk('1002');
    const { ava, ben, clock } = d;

    // Ben has been idle longest, so the call rings him and not Ava.
    const offered = await ringsFor(d, ben, '1002');
    expect(offered).toMatchObject({ queue: SUPPORT, state: 'ringing', direction: 'inbound', caller: CALLER, postCallSurvey: true });
    expect(offered.offers.map((o) => o.agent)).toEqual(['1002']);
    // Ava sees Ben's phone ring on the Agents tab, but not his call.
    await ava.client.nextSeen(activityOf('1002', 'ringing'));
    expect(callEvents(ava)).toEqual([]);
    expect(d.server.engine.state.agent('1001')!.activity).toBe('idle');

    // Ben answers.
    const answered = ok<{ call: Call }>(await ben.client.request('call.answer')).call;
    expect(answered).toMatchObject({ id: offered.id, state: 'on-call', agent: '1002' });
    expect(answered.screenPopUrl).toBe('/crm/lookup?number=%2B442071234567&queue=Support');
    await ben.client.nextSeen(activityOf('1002', 'on-call'));
    // Everyone's Queues tab counts the answer.
    for (const who of [ava, ben]) {
      const stats = statsOf(await who.client.nextSeen(statsFor(SUPPORT, (s) => s.answered === 1)));
      expect(stats).toMatchObject({ answered: 1, waiting: 0, busy: 1, idle: 1, abandoned: 0 });
    }

    // Hold for four seconds, then resume: the hold time is kept.
    expect(ok<{ call: Call }>(await ben.client.request('call.hold')).call.state).toBe('on-hold');
    await ben.client.nextEvent(callUpdate((c) => c.id === offered.id && c.state === 'on-hold'));
    expect(err(await ben.client.request('call.hold')).code).toBe('CALL_STATE');
    clock.advance(4000);
    const resumed = ok<{ call: Call }>(await ben.client.request('call.resume')).call;
    expect(resumed).toMatchObject({ state: 'on-call', holdMs: 4000, holdStartedAt: null });

    // Ben hangs up: the call stays on his list, owing its disposition and form; he is in wrap-up.
    const hungUpAt = clock.now();
    const ended = ok<{ call: Call }>(await ben.client.request('call.hangup')).call;
    expect(ended).toMatchObject({ id: offered.id, state: 'ended', endCause: 'normal', needsDisposition: true, needsForm: true, disposition: null, form: null });
    await ben.client.nextSeen(activityOf('1002', 'wrap-up'));
    // A panel that reconnects now still finds the call on the list.
    const again = await loginAgent(d.url, '1002');
    expect(again.snapshot.entities.call).toEqual([expect.objectContaining({ id: offered.id, state: 'ended', needsDisposition: true })]);

    // Disposition by hotkey 1 (Resolved): the form is still owed.
    const disposed = ok<{ message: string; completed: boolean; disposition: { name: string; code: string } }>(
      await ben.client.request('disposition.submit', { hotkey: '1' }),
    );
    expect(disposed).toMatchObject({ message: 'Disposition submitted successfully', completed: false, disposition: { name: 'Resolved', code: 'RES' } });
    expect(ben.client.events.some((e) => e.ev === 'call.removed')).toBe(false);

    // The form completes the call: it leaves Ben's list.
    const from = ben.client.frames.length;
    const form = ok<{ completed: boolean; call: Call }>(
      await ben.client.request('form.submit', { values: { topic: 'Technical', satisfied: 'yes', notes: 'Router reset' } }),
    );
    expect(form.completed).toBe(true);
    expect(form.call.form?.values).toEqual({ topic: 'Technical', satisfied: true, notes: 'Router reset' });
    const removed = await ben.client.nextEvent((e) => e.ev === 'call.removed', from);
    expect(removed.data.id).toBe(offered.id);

    // Still in wrap-up until the queue's 15 seconds since the hang-up have passed.
    clock.advance(hungUpAt + WRAP_UP_MS - 1 - clock.now());
    expect(d.server.engine.state.agent('1002')!.activity).toBe('wrap-up');
    const marks = [ben, ava].map((who) => who.client.frames.length);
    clock.advance(1);
    for (const [i, who] of [ben, ava].entries()) {
      const idle = agentIn(await who.client.nextSeen(activityOf('1002', 'idle'), marks[i]));
      expect(idle.activitySince).toBe(hungUpAt + WRAP_UP_MS);
    }

    // Nothing of Ben's call ever reached Ava.
    expect(callEvents(ava)).toEqual([]);

    // Ava has now been idle longest: the next caller rings her.
    const next = await ringsFor(d, ava, '1001');
    expect(next.offers.map((o) => o.agent)).toEqual(['1001']);
  });

  it("an offer reaches the agent in one frame: the ringing call and the agent's own ringing state, in sequence order", async () => {
    const d = await desk('1002');
    const raw: string[] = [];
    d.ben.client.ws.on('message', (data) => raw.push(data.toString()));
    const offered = await ringsFor(d, d.ben, '1002');
    const frames = raw.map((text) => JSON.parse(text) as { events?: EventFrame[] });
    const carrying = frames.filter((f) => (f.events ?? [f as unknown as EventFrame]).some((e) => e.ev === 'call.updated' && callOf(e).id === offered.id));
    expect(carrying).toHaveLength(1);
    const events = carrying[0]!.events!;
    expect(events.map((e) => e.ev)).toEqual(expect.arrayContaining(['call.updated', 'agent.updated']));
    expect(events.find((e) => e.ev === 'agent.updated')!.data.agent).toMatchObject({ id: '1002', activity: 'ringing' });
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    // The test client reads the group as its events, one by one, as a panel does.
    expect(d.ben.client.events.filter((e) => seqs.includes(e.seq)).map((e) => e.seq)).toEqual(seqs);
  });

  it('no new queue call reaches an agent whose last call still owes its disposition or form, however long ago it ended', async () => {
    const d = await desk('1002');
    const { ava, ben, clock } = d;
    ok(await ava.client.request('agent.pause', { reason: 'Break' }));
    await ringsFor(d, ben, '1002');
    await talkAndHangUp(ben);
    clock.advance(WRAP_UP_MS * 4);

    // A second caller waits: Ben is still owing, Ava is paused.
    const from = ben.client.frames.length;
    d.server.sim.placeInboundCall(SUPPORT, { number: '+442079999999', name: null });
    await ava.client.nextSeen(statsFor(SUPPORT, (s) => s.waiting === 1));
    expect(d.server.engine.state.agent('1002')!.activity).toBe('wrap-up');

    ok(await ben.client.request('disposition.submit', { code: 'ESC' }));
    expect(d.server.engine.state.agent('1002')!.activity).toBe('wrap-up');
    expect(ben.client.events.slice(from).some(offeredTo('1002'))).toBe(false);

    // The form is the last thing owed, and wrap-up time is long over: the waiting call rings him at once.
    ok(await ben.client.request('form.submit', { values: { topic: 'Account' } }));
    const next = callOf(await ben.client.nextEvent(offeredTo('1002'), from));
    expect(next.caller.number).toBe('+442079999999');
  });

  it('blind transfer to another agent rings only that agent, who can answer; the transferring agent owes the disposition', async () => {
    const d = await desk('1001');
    const { ava, ben } = d;
    const original = await ringsFor(d, ava, '1001');
    ok(await ava.client.request('call.answer'));
    await ben.client.nextSeen(activityOf('1001', 'on-call'));

    const from = ben.client.frames.length;
    const moved = ok<{ call: Call; transferredTo: string }>(await ava.client.request('call.transfer', { agent: '1002' }));
    expect(moved.call).toMatchObject({ id: original.id, state: 'ended', endCause: 'transferred', transfer: { to: '1002', kind: 'agent' } });
    expect(moved.call.needsDisposition).toBe(true);

    // Ben's phone rings with the same caller.
    const ringing = callOf(await ben.client.nextEvent(offeredTo('1002'), from));
    expect(ringing).toMatchObject({ id: moved.transferredTo, caller: CALLER, queue: SUPPORT, transferredFrom: original.id });
    expect(ringing.offers.map((o) => o.agent)).toEqual(['1002']);
    await ben.client.nextSeen(activityOf('1002', 'ringing'), from);

    const answered = ok<{ call: Call }>(await ben.client.request('call.answer')).call;
    expect(answered).toMatchObject({ id: moved.transferredTo, state: 'on-call', agent: '1002', caller: CALLER });
    await ava.client.nextSeen(activityOf('1002', 'on-call'));
    // Ava is in wrap-up for her part, and her disposition still works.
    expect(d.server.engine.state.agent('1001')!.activity).toBe('wrap-up');
    expect(ok<{ message: string }>(await ava.client.request('disposition.submit', { hotkey: '2' })).message).toBe(
      'Disposition submitted successfully',
    );
    // Ava never saw Ben's new call, nor Ben Ava's old one.
    expect(callEvents(ava).every((e) => (e.ev === 'call.removed' ? e.data.id : callOf(e).id) === original.id)).toBe(true);
    expect(callEvents(ben).every((e) => (e.ev === 'call.removed' ? e.data.id : callOf(e).id) === moved.transferredTo)).toBe(true);
  });

  it.each([
    { how: 'in the panel', decline: async (d: Desk, _leg: string) => expect(ok(await d.ben.client.request('call.hangup'))).toEqual({ declined: true }) },
    { how: 'on the phone', decline: async (d: Desk, leg: string) => d.server.sim.hangUp(leg, 'rejected') },
  ])('an agent who declines a call transferred to them ($how) sends it back to its queue: it rings someone else, not them again', async ({ decline }) => {
    const d = await desk('1001');
    const { ava, ben } = d;
    const carla = await loginAgent(d.url, '1003');
    await ringsFor(d, ava, '1001');
    ok(await ava.client.request('call.answer'));
    const fromBen = ben.client.frames.length;
    const fromCarla = carla.client.frames.length;
    const moved = ok<{ transferredTo: string }>(await ava.client.request('call.transfer', { agent: '1002' })).transferredTo;
    const offer = callOf(await ben.client.nextEvent(offeredTo('1002'), fromBen)).offers[0]!;

    // Ben declines: Carla, the one free agent left in Support, is rung.
    await decline(d, offer.leg);
    const toCarla = callOf(await carla.client.nextEvent(offeredTo('1003'), fromCarla));
    expect(toCarla).toMatchObject({ id: moved, caller: CALLER, queue: SUPPORT });
    expect(toCarla.offers.map((o) => o.agent)).toEqual(['1003']);
    expect(d.server.engine.state.agent('1002')).toMatchObject({ activity: 'idle', missedOffers: 0, declinedOffers: 1 });
    ok(await carla.client.request('call.answer'));
    expect(d.server.engine.state.call(moved)).toMatchObject({ state: 'on-call', agent: '1003' });
  });

  it.each([
    { how: 'in the panel', decline: async (d: Desk, _leg: string) => expect(ok(await d.ben.client.request('call.hangup'))).toEqual({ declined: true }) },
    { how: 'on the phone', decline: async (d: Desk, leg: string) => d.server.sim.hangUp(leg, 'rejected') },
  ])("a decline ($how) is counted in the agent's own day figures, live and in a later snapshot, and in nobody else's", async ({ decline }) => {
    const d = await desk('1002');
    const { ben } = d;
    const offer = (await ringsFor(d, ben, '1002')).offers[0]!;
    const from = ben.client.frames.length;
    const toAva = d.ava.client.frames.length;
    await decline(d, offer.leg);
    const day = (scope: string) => (e: EventFrame) => e.ev === 'metrics.updated' && (e.data.metrics as DayMetrics).scope === scope;
    const mine = (await ben.client.nextSeen(day('agent:1002'), from)).data.metrics as DayMetrics;
    expect(mine).toMatchObject({ callsDeclined: 1, callsAnswered: 0 });
    // The call went to Ava, who answers it: the answer is hers, the decline still Ben's alone.
    await d.ava.client.nextEvent(offeredTo('1001'), toAva);
    ok(await d.ava.client.request('call.answer'));
    const avas = (await d.ava.client.nextSeen((e) => day('agent:1001')(e) && (e.data.metrics as DayMetrics).callsAnswered === 1, toAva)).data.metrics as DayMetrics;
    expect(avas.callsDeclined ?? 0).toBe(0);
    expect(d.server.engine.state.get('metrics', `${mine.day}|vqueue:${SUPPORT}`)).toMatchObject({ callsDeclined: 1, callsAnswered: 1 });

    // A second panel of Ben's is given the figure in its snapshot.
    const again = (await loginAgent(d.url, '1002')).snapshot as { entities: { metrics: DayMetrics[] } };
    expect(again.entities.metrics.find((m) => m.scope === 'agent:1002')).toMatchObject({ day: mine.day, callsDeclined: 1 });
  });

  it('blind transfer to a queue puts the caller in that queue, with that queue\'s dispositions', async () => {
    const d = await desk('1001');
    const { ava, ben } = d;
    await ringsFor(d, ava, '1001');
    ok(await ava.client.request('call.answer'));

    const from = ben.client.frames.length;
    const moved = ok<{ call: Call; transferredTo: string }>(await ava.client.request('call.transfer', { queue: 'Sales' }));
    expect(moved.call.transfer).toEqual({ to: '7002', kind: 'queue' });
    const ringing = callOf(await ben.client.nextEvent(offeredTo('1002'), from));
    expect(ringing).toMatchObject({ id: moved.transferredTo, queue: '7002', caller: CALLER });

    ok(await ben.client.request('call.answer'));
    await ava.client.nextSeen(statsFor('7002', (s) => s.answered === 1));
    ok(await ben.client.request('call.hangup'));
    // Sales dispositions apply now: SALE exists there, RES (Support's) does not.
    expect(err(await ben.client.request('disposition.submit', { code: 'RES' })).code).toBe('UNKNOWN_DISPOSITION');
    expect(ok<{ disposition: { name: string } }>(await ben.client.request('disposition.submit', { code: 'SALE' })).disposition.name).toBe('Sale');
  });

  it('a transfer to a queue nobody is working leaves the caller waiting there, for everyone to see', async () => {
    const d = await desk('1001');
    const { ava, ben } = d;
    // 7003 is neither's queue: its figures reach them while a screen follows them (the Queues tab set to all).
    for (const who of [ava, ben]) ok(await who.client.request('stats.subscribe', { view: 'queues-tab', voiceQueues: ['7001', '7002', '7003'] }));
    await ringsFor(d, ava, '1001');
    ok(await ava.client.request('call.answer'));
    ok(await ava.client.request('call.transfer', { queue: '7003' }));
    for (const who of [ava, ben]) {
      expect(statsOf(await who.client.nextSeen(statsFor('7003', (s) => s.waiting === 1)))).toMatchObject({ waiting: 1, loggedIn: 0 });
    }
  });

  describe('bad input gets its code and sentence, changes nothing, and the connection carries on', () => {
    /** Ben owes a disposition and form for a Support call; Ava is talking to a second caller. */
    async function busyDesk() {
      const d = await desk('1002');
      const benCall = await ringsFor(d, d.ben, '1002');
      await talkAndHangUp(d.ben);
      const avaCall = await ringsFor(d, d.ava, '1001');
      ok(await d.ava.client.request('call.answer'));
      return { ...d, benCall, avaCall };
    }
    type Busy = Awaited<ReturnType<typeof busyDesk>>;

    const cases: Array<{
      name: string;
      send: (d: Busy) => Promise<ReturnType<typeof err>>;
      code: string;
      message: (d: Busy) => string | RegExp;
      field?: string;
      /** A proper command afterwards, on the same socket, still works. */
      after: (d: Busy) => Promise<void>;
    }> = [
      {
        name: 'an unknown hotkey',
        send: async (d) => err(await d.ben.client.request('disposition.submit', { hotkey: '9' })),
        code: 'UNKNOWN_DISPOSITION',
        message: () => 'No disposition has hotkey 9 in Support (7001).',
        after: async (d) => {
          expect(ok<{ disposition: { code: string } }>(await d.ben.client.request('disposition.submit', { hotkey: '1' })).disposition.code).toBe('RES');
        },
      },
      {
        name: 'an unknown code',
        send: async (d) => err(await d.ben.client.request('disposition.submit', { code: 'NOPE' })),
        code: 'UNKNOWN_DISPOSITION',
        message: () => 'No disposition has code or name "NOPE" in Support (7001).',
        after: async (d) => {
          expect(ok<{ disposition: { code: string } }>(await d.ben.client.request('disposition.submit', { code: 'wn' })).disposition.code).toBe('WN');
        },
      },
      {
        name: 'a disposition for a call that is not mine',
        send: async (d) => err(await d.ava.client.request('disposition.submit', { callId: d.benCall.id, hotkey: '1' })),
        code: 'NOT_YOUR_CALL',
        message: (d) => `Call ${d.benCall.id} is not yours.`,
        after: async (d) => {
          expect(d.server.engine.state.call(d.benCall.id)!.disposition).toBeNull();
          // Ava's own call takes her disposition.
          expect(ok<{ call: Call }>(await d.ava.client.request('disposition.submit', { callId: d.avaCall.id, hotkey: '2' })).call.id).toBe(d.avaCall.id);
        },
      },
      {
        name: 'a form value of the wrong type (yes/no)',
        send: async (d) => err(await d.ben.client.request('form.submit', { values: { topic: 'Billing', satisfied: 'maybe' } })),
        code: 'FORM_INVALID',
        message: () => 'Customer satisfied must be yes or no.',
        field: 'satisfied',
        after: async (d) => {
          expect(d.server.engine.state.call(d.benCall.id)!.form).toBeNull();
          ok(await d.ben.client.request('form.submit', { values: { topic: 'Billing', satisfied: false } }));
        },
      },
      {
        name: 'a form value of the wrong type (a number for a choice)',
        send: async (d) => err(await d.ben.client.request('form.submit', { values: { topic: 2 } })),
        code: 'FORM_INVALID',
        message: () => 'Topic must be one of Billing, Technical, Account, Other.',
        field: 'topic',
        after: async (d) => {
          ok(await d.ben.client.request('form.submit', { values: { topic: 'other' } }));
        },
      },
      {
        name: 'a form field the form does not have',
        send: async (d) => err(await d.ben.client.request('form.submit', { values: { topic: 'Billing', mood: 'good' } })),
        code: 'FORM_INVALID',
        message: () => 'The form "Support call" has no field "mood".',
        field: 'mood',
        after: async (d) => {
          ok(await d.ben.client.request('form.submit', { values: { topic: 'Billing' } }));
        },
      },
      {
        name: 'a transfer to a queue that does not exist',
        send: async (d) => err(await d.ava.client.request('call.transfer', { queue: '7999' })),
        code: 'QUEUE_NOT_FOUND',
        message: () => 'There is no voice queue "7999".',
        after: async (d) => {
          // The caller is still with Ava, and she can still put them on hold.
          expect(d.server.engine.state.call(d.avaCall.id)).toMatchObject({ state: 'on-call', agent: '1001' });
          expect(ok<{ call: Call }>(await d.ava.client.request('call.hold')).call.state).toBe('on-hold');
        },
      },
      {
        name: 'a transfer with no target',
        send: async (d) => err(await d.ava.client.request('call.transfer', {})),
        code: 'BAD_ARGS',
        message: () => 'call.transfer: args: expected exactly one of queue, agent or number to transfer to.',
        after: async (d) => {
          expect(ok<{ call: Call }>(await d.ava.client.request('call.transfer', { queue: '7002' })).call.state).toBe('ended');
        },
      },
      {
        name: 'a transfer with two targets',
        send: async (d) => err(await d.ava.client.request('call.transfer', { queue: '7002', agent: '1002' })),
        code: 'BAD_ARGS',
        message: () => 'call.transfer: args: expected exactly one of queue, agent or number to transfer to.',
        after: async (d) => {
          expect(d.server.engine.state.call(d.avaCall.id)!.state).toBe('on-call');
          expect(ok<{ call: Call }>(await d.ava.client.request('call.transfer', { number: '+442070000000' })).call.transfer).toEqual({
            to: '+442070000000',
            kind: 'number',
          });
        },
      },
      {
        name: 'a transfer to an agent who is busy',
        send: async (d) => err(await d.ava.client.request('call.transfer', { agent: '1002' })),
        code: 'AGENT_NOT_AVAILABLE',
        message: () => 'Ben Okafor (1002) is not available: busy.',
        after: async (d) => {
          expect(d.server.engine.state.call(d.avaCall.id)!.state).toBe('on-call');
        },
      },
    ];

    it.each(cases)('$name → $code', async ({ send, code, message, field, after }) => {
      const d = await busyDesk();
      const error = await send(d);
      expect(error.code).toBe(code);
      expect(error.message).toEqual(message(d));
      if (field) expect((error as { details?: { field?: string } }).details?.field).toBe(field);
      await after(d);
      expect(d.ava.client.closeInfo).toBeNull();
      expect(d.ben.client.closeInfo).toBeNull();
    });
  });

  it('the same disposition command sent twice (a retry) is applied once and answered the same both times', async () => {
    const d = await desk('1002');
    const { ben } = d;
    const call = await ringsFor(d, ben, '1002');
    await talkAndHangUp(ben);

    const id = randomUUID();
    const from = ben.client.frames.length;
    ben.client.send('disposition.submit', { hotkey: '1' }, id);
    ben.client.send('disposition.submit', { hotkey: '1' }, id);
    const answers = await ben.client.waitFor('two answers', () => {
      const got = ben.client.frames.slice(from).filter((f) => !('seq' in f) && f.re === id);
      return got.length >= 2 ? got : undefined;
    });
    expect(answers[0]!.ok).toBe(true);
    expect(answers[1]).toEqual(answers[0]);

    // Once the form's removal arrives, every event of the dispositions has too (one stream, in order).
    ok(await ben.client.request('form.submit', { values: { topic: 'Billing' } }));
    await ben.client.nextEvent((e) => e.ev === 'call.removed' && e.data.id === call.id, from);
    const disposedUpdates = ben.client.events.filter(callUpdate((c) => c.id === call.id && c.disposition !== null && c.form === null));
    expect(disposedUpdates).toHaveLength(1);
  });

  it('two different disposition commands for one call (a hotkey pressed twice): the first wins, the second is ALREADY_DISPOSED', async () => {
    const d = await desk('1002');
    const { ben } = d;
    const call = await ringsFor(d, ben, '1002');
    await talkAndHangUp(ben);

    // Both sent before either is answered, as fast keys would.
    const first = ben.client.request('disposition.submit', { hotkey: '1' });
    const second = ben.client.request('disposition.submit', { hotkey: '2' });
    expect(ok<{ disposition: { name: string } }>(await first).disposition.name).toBe('Resolved');
    const refused = err(await second);
    expect(refused).toEqual({ code: 'ALREADY_DISPOSED', message: 'A disposition was already submitted for this call (Resolved).' });
    expect(d.server.engine.state.call(call.id)!.disposition).toMatchObject({ code: 'RES', by: '1002' });
  });
});
