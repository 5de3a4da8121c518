import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config/parse.js';
import type { Origin } from '../../src/core/context.js';
import type { Call } from '../../src/core/protocol/model.js';
import { FakeClock } from '../fake-clock.js';
import { makeCore, resultOf, scratchDatabases, type CoreOptions, type TestCore } from '../helpers.js';

const dataFile = scratchDatabases('sb-decline-');

/** Sales with two agents; `queue` adds settings to the queue (a decline limit, another hold-back); `store` a database file and clock to restart on. */
function declineCore(queue = '', store: Pick<CoreOptions, 'file' | 'clock'> = {}) {
  const config = parseConfig(
    `
voiceQueues:
  - { number: "7002", name: Sales, strategy: linear, ringTimeoutSeconds: 15, wrapUpSeconds: 0, maxMissedOffers: 2 ${queue} }
agents:
  - { number: "101", name: Ann, email: ann@x.io, pin: "1010", password: pass, voiceQueues: ["7002"] }
  - { number: "102", name: Ben, email: ben@x.io, pin: "1020", password: pass, voiceQueues: ["7002"] }
`,
    'decline.yaml',
  );
  // Callers with endless patience, so only the ACD decides what happens.
  config.simulator.patienceSeconds = { min: 100_000, max: 100_000 };
  config.simulator.talkSeconds = { min: 100_000, max: 100_000 };
  return makeCore({ config, ...store });
}

function logIn(core: TestCore, agent: string): Origin {
  const r = core.send('session.login', { agent, pin: `${agent}0` });
  if (!r.ok) throw new Error(r.error.message);
  return { principal: core.engine.authenticate((r.result as { token: string }).token), address: 'x' };
}

function callIn(core: TestCore, name = 'Pat Caller'): Call {
  core.sim.placeInboundCall('7002', { number: '+15550001', name });
  return [...core.engine.state.all('call')].find((c) => c.caller.name === name)!;
}

const ringingFor = (core: TestCore, callId: string) => core.engine.state.call(callId)!.offers.map((o) => o.agent);
const decline = (core: TestCore, who: Origin, callId: string) => expect(resultOf(core.send('call.hangup', { callId }, who))).toEqual({ declined: true });

describe('an agent declines an offered queue call', () => {
  it('the call rings the next free agent at once, and the decline is no missed offer', () => {
    const core = declineCore();
    const ann = logIn(core, '101');
    logIn(core, '102');
    const call = callIn(core);
    expect(ringingFor(core, call.id)).toEqual(['101']);
    decline(core, ann, call.id);
    expect(ringingFor(core, call.id)).toEqual(['102']);
    expect(core.engine.state.agent('101')).toMatchObject({ activity: 'idle', missedOffers: 0, declinedOffers: 1 });
  });

  it('with nobody else free, the call is not offered to the agent again until the hold-back is over; other calls still are', () => {
    const core = declineCore();
    const ann = logIn(core, '101');
    const first = callIn(core, 'First Caller');
    decline(core, ann, first.id);
    // Before: the queue rang Ann again at once with the call she had just declined.
    expect(core.engine.state.call(first.id)).toMatchObject({ state: 'waiting', offers: [] });
    core.clock.advance(9_000);
    expect(core.engine.state.call(first.id)).toMatchObject({ state: 'waiting', offers: [] });
    const second = callIn(core, 'Second Caller');
    expect(ringingFor(core, second.id)).toEqual(['101']);
    decline(core, ann, second.id);
    // 10 s after the first decline nobody else has taken it: it rings Ann again, the one who can.
    core.clock.advance(1_000);
    expect(ringingFor(core, first.id)).toEqual(['101']);
    expect(core.engine.state.call(second.id)).toMatchObject({ state: 'waiting', offers: [] });
  });

  it("the hold-back is the queue's declineRetrySeconds", () => {
    const core = declineCore(', declineRetrySeconds: 30');
    const ann = logIn(core, '101');
    const call = callIn(core);
    decline(core, ann, call.id);
    core.clock.advance(29_000);
    expect(ringingFor(core, call.id)).toEqual([]);
    core.clock.advance(1_000);
    expect(ringingFor(core, call.id)).toEqual(['101']);
  });

  it('declines never pause the agent "No answer", however many', () => {
    const core = declineCore();
    const ann = logIn(core, '101');
    const call = callIn(core);
    for (let i = 0; i < 4; i++) {
      expect(ringingFor(core, call.id)).toEqual(['101']);
      decline(core, ann, call.id);
      core.clock.advance(10_000);
    }
    expect(core.engine.state.agent('101')).toMatchObject({ status: 'available', pauseReason: null, missedOffers: 0, declinedOffers: 4 });
  });

  it('a centre that limits declines (maxDeclinedOffers) pauses the agent "Declined N calls"; an answer starts the count again', () => {
    const core = declineCore(', maxDeclinedOffers: 2');
    const ann = logIn(core, '101');
    const first = callIn(core, 'First Caller');
    decline(core, ann, first.id);
    core.clock.advance(10_000);
    resultOf(core.send('call.answer', { callId: first.id }, ann));
    expect(core.engine.state.agent('101')).toMatchObject({ declinedOffers: 0 });
    resultOf(core.send('call.hangup', { callId: first.id }, ann));
    const second = callIn(core, 'Second Caller');
    decline(core, ann, second.id);
    core.clock.advance(10_000);
    decline(core, ann, second.id);
    expect(core.engine.state.agent('101')).toMatchObject({ status: 'paused', pauseReason: 'Declined 2 calls', missedOffers: 0 });
  });

  it('a limit of one decline pauses at the first, in words ("Declined 1 call")', () => {
    const core = declineCore(', maxDeclinedOffers: 1');
    const ann = logIn(core, '101');
    decline(core, ann, callIn(core).id);
    expect(core.engine.state.agent('101')).toMatchObject({ status: 'paused', pauseReason: 'Declined 1 call' });
  });

  it('a phone that answers busy or reject declined the offer; one that gave up ringing missed it', () => {
    const core = declineCore();
    logIn(core, '101');
    const call = callIn(core);
    core.sim.hangUp(core.engine.state.call(call.id)!.offers[0]!.leg, 'rejected');
    expect(core.engine.state.agent('101')).toMatchObject({ missedOffers: 0, declinedOffers: 1 });
    expect(ringingFor(core, call.id)).toEqual([]);
    core.clock.advance(10_000);
    core.sim.hangUp(core.engine.state.call(call.id)!.offers[0]!.leg, 'no-answer');
    expect(core.engine.state.agent('101')).toMatchObject({ missedOffers: 1, declinedOffers: 1 });
    // A missed offer is tried again at once when nobody else is free, as before.
    expect(ringingFor(core, call.id)).toEqual(['101']);
  });
});

describe("the queue's declined figure", () => {
  const figures = (core: TestCore) => {
    const { answered, abandoned, declined } = core.engine.state.stats('7002')!;
    return { answered, abandoned, declined };
  };

  it('counts every decline of the queue\'s calls, beside the answer the call still ends in', () => {
    const core = declineCore();
    const ann = logIn(core, '101');
    const ben = logIn(core, '102');
    const call = callIn(core);
    decline(core, ann, call.id);
    decline(core, ben, call.id);
    // Before, a supervisor saw nothing of this: the call simply kept waiting.
    expect(figures(core)).toEqual({ answered: 0, abandoned: 0, declined: 2 });
    core.clock.advance(10_000);
    resultOf(core.send('call.answer', { callId: call.id }, ringingFor(core, call.id)[0] === '101' ? ann : ben));
    expect(figures(core)).toEqual({ answered: 1, abandoned: 0, declined: 2 });
  });

  it("a phone's busy or reject counts as declined; a phone that gave up ringing, or an offer rung out, does not", () => {
    const core = declineCore();
    logIn(core, '101');
    const call = callIn(core);
    core.sim.hangUp(core.engine.state.call(call.id)!.offers[0]!.leg, 'busy');
    expect(figures(core).declined).toBe(1);
    core.clock.advance(10_000);
    core.sim.hangUp(core.engine.state.call(call.id)!.offers[0]!.leg, 'no-answer');
    core.clock.advance(15_000); // Sales rings 15 s: the next offer rings out, the second miss (maxMissedOffers 2)
    expect(core.engine.state.agent('101')).toMatchObject({ status: 'paused', pauseReason: 'No answer', declinedOffers: 1 });
    expect(figures(core).declined).toBe(1);
  });

  it('is kept across a restart on the same data, as answered and abandoned are', () => {
    const file = dataFile();
    const clock = new FakeClock();
    const first = declineCore('', { file, clock });
    const ann = logIn(first, '101');
    decline(first, ann, callIn(first).id);
    first.store.close();
    const second = declineCore('', { file, clock });
    expect(figures(second)).toEqual({ answered: 0, abandoned: 0, declined: 1 });
    second.store.close();
  });

  it("is counted over the centre's day, as answered and abandoned are: at local midnight they start again from zero, nothing else happening", () => {
    const core = declineCore();
    const ann = logIn(core, '101');
    const ben = logIn(core, '102');
    const call = callIn(core); // 09:00 UTC, the centre's zone
    decline(core, ann, call.id);
    resultOf(core.send('call.answer', { callId: call.id }, ben));
    core.clock.advance(15 * 3600_000 - 1_000); // 23:59:59, Ben still talking
    expect(figures(core)).toEqual({ answered: 1, abandoned: 0, declined: 1 });
    core.clock.advance(1_000);
    // Before, the Dashboard's "Voice today" went on showing yesterday's (and every earlier day's) figures.
    expect(core.engine.state.stats('7002')).toMatchObject({ day: '2026-01-06', busy: 1, answered: 0, abandoned: 0, declined: 0 });
  });

  it("a restart on a later day starts the day's figures from zero", () => {
    const file = dataFile();
    const clock = new FakeClock();
    const first = declineCore('', { file, clock });
    const ann = logIn(first, '101');
    decline(first, ann, callIn(first).id);
    first.store.close();
    clock.advance(24 * 3600_000);
    const second = declineCore('', { file, clock });
    expect(figures(second)).toEqual({ answered: 0, abandoned: 0, declined: 0 });
    second.store.close();
  });

  it("on data kept from before figures had a day, today's come from the day metrics; declined starts at zero and counts from there", () => {
    const file = dataFile();
    const clock = new FakeClock();
    const first = declineCore('', { file, clock });
    const ben = logIn(first, '102');
    const call = callIn(first, 'Answered Caller');
    resultOf(first.send('call.answer', { callId: call.id }, ben));
    first.store.close();
    // The queue's figures as a store written before `declined` and `day` holds them: counted since it began.
    const db = new Database(file);
    db.prepare("UPDATE entities SET value = json_set(json_remove(value, '$.declined', '$.day'), '$.answered', 40) WHERE kind = 'queueStats'").run();
    db.close();
    const second = declineCore('', { file, clock });
    expect(figures(second)).toEqual({ answered: 1, abandoned: 0, declined: 0 });
    const ann = logIn(second, '101');
    decline(second, ann, callIn(second).id);
    expect(figures(second)).toEqual({ answered: 1, abandoned: 0, declined: 1 });
    second.store.close();
  });
});

describe('a decline and a restart', () => {
  it('no hold-back is left to arm again: the declined call ends at the restart, and a new call from the caller rings the agent at once', () => {
    const file = dataFile();
    const clock = new FakeClock();
    const first = declineCore('', { file, clock });
    const ann = logIn(first, '101');
    const call = callIn(first);
    decline(first, ann, call.id);
    expect(first.engine.state.call(call.id)!.declinedBy).toEqual([{ agent: '101', until: clock.now() + 10_000 }]);
    first.store.close(); // as a kill -9 leaves it: what was committed is all there is

    clock.advance(1_000);
    const second = declineCore('', { file, clock });
    // The caller's media went with the old process: the call is over, not waiting to be offered again.
    expect(second.engine.state.call(call.id)).toBeUndefined();
    expect(second.engine.state.agent('101')).toMatchObject({ activity: 'idle' });
    // The hold-back was for that call: the caller ringing back is a new call, offered to Ann now.
    const again = callIn(second);
    expect(ringingFor(second, again.id)).toEqual(['101']);
    second.store.close();
  });
});
