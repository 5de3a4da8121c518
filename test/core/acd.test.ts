import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config/parse.js';
import type { Origin } from '../../src/core/context.js';
import { errorOf, makeCore, resultOf, type TestCore } from '../helpers.js';

/** Five agents in one queue whose strategy each test chooses. */
function acdConfig(strategy: string, extra = '') {
  return parseConfig(
    `
dispositions:
  main:
    - { name: Resolved, code: RES, hotkey: "1" }
    - { name: Escalated, code: ESC, hotkey: "2" }
feedbackForms:
  f:
    title: Call form
    fields:
      - { name: topic, label: Topic, type: choice, options: [Billing, Tech], required: true }
      - { name: score, label: Score, type: number, min: 1, max: 5 }
voiceQueues:
  - { number: "7001", name: Main, strategy: ${strategy}, ringTimeoutSeconds: 10, wrapUpSeconds: 5, maxMissedOffers: 2, dispositions: main ${extra} }
  - { number: "7002", name: Plain, strategy: linear, ringTimeoutSeconds: 10, wrapUpSeconds: 0 }
  - { number: "7003", name: Forms, strategy: linear, ringTimeoutSeconds: 10, wrapUpSeconds: 0, dispositions: main, feedbackForm: f }
ringGroups:
  - { number: "7100", name: Front desk, queue: "7002" }
agents:
  - { number: "101", name: A1, email: a1@x.io, pin: "1010", password: pass, voiceQueues: ["7001", "7002", "7003"] }
  - { number: "102", name: A2, email: a2@x.io, pin: "1020", password: pass, voiceQueues: ["7001", "7002"] }
  - { number: "103", name: A3, email: a3@x.io, pin: "1030", password: pass, voiceQueues: [{ queue: "7001", penalty: 0 }] }
  - { number: "104", name: A4, email: a4@x.io, pin: "1040", password: pass, voiceQueues: [{ queue: "7001", penalty: 5 }] }
  - { number: "105", name: S1, email: s1@x.io, pin: "1050", password: pass, role: supervisor, voiceQueues: ["7002"] }
`,
    'acd.yaml',
  );
}

function logIn(core: TestCore, agent: string): Origin {
  const r = core.send('session.login', { agent, pin: `${agent}0` });
  if (!r.ok) throw new Error(r.error.message);
  return { principal: core.engine.authenticate((r.result as { token: string }).token), address: 'x' };
}

function ringing(core: TestCore): string[] {
  return [...core.engine.state.all('agent')].filter((a) => a.activity === 'ringing').map((a) => a.id).sort();
}

/** A caller with endless patience, so only the ACD decides what happens. */
function call(core: TestCore, queue = '7001'): string {
  return core.sim.placeInboundCall(queue, { number: '+15550001', name: 'Pat Caller' });
}

function patientCore(strategy: string, extra = '') {
  const config = acdConfig(strategy, extra);
  config.simulator.patienceSeconds = { min: 100_000, max: 100_000 };
  config.simulator.talkSeconds = { min: 100_000, max: 100_000 };
  return makeCore({ config });
}

function answerAndHangUp(core: TestCore, who: Origin) {
  resultOf(core.send('call.answer', {}, who));
  resultOf(core.send('call.hangup', {}, who));
}

describe('ring strategies', () => {
  it('ring-all rings every free member of the best penalty; the first to answer gets it', () => {
    const core = patientCore('ring-all');
    const a = ['101', '102', '103', '104'].map((n) => logIn(core, n));
    call(core);
    expect(ringing(core)).toEqual(['101', '102', '103']); // 104 has a worse penalty
    resultOf(core.send('call.answer', {}, a[1]!));
    expect(ringing(core)).toEqual([]);
    expect(core.engine.state.agent('102')!.activity).toBe('on-call');
    expect(core.engine.state.agent('101')!.activity).toBe('idle');
    // A second answer to the same call is refused.
    expect(errorOf(core.send('call.answer', {}, a[0]!)).code).toBe('NO_CALL');
  });

  it('higher penalties ring only when no lower penalty is free', () => {
    const core = patientCore('linear');
    const origins = ['101', '102', '103', '104'].map((n) => logIn(core, n));
    for (const origin of origins.slice(0, 3)) core.send('agent.pause', { reason: 'Break' }, origin);
    call(core);
    expect(ringing(core)).toEqual(['104']);
  });

  it('linear always starts from the first member in configuration order', () => {
    const core = patientCore('linear');
    const a = ['103', '102', '101'].map((n) => logIn(core, n));
    call(core);
    expect(ringing(core)).toEqual(['101']);
    answerAndHangUp(core, a[2]!);
    core.clock.advance(6000); // wrap-up over, but no disposition yet: 101 still owes it
    call(core);
    expect(ringing(core)).toEqual(['102']);
  });

  it('round-robin remembers who was offered last and moves on', () => {
    const core = patientCore('round-robin');
    const who = Object.fromEntries(['101', '102', '103'].map((n) => [n, logIn(core, n)]));
    const offered: string[] = [];
    for (let i = 0; i < 4; i++) {
      call(core);
      const [agent] = ringing(core);
      offered.push(agent!);
      answerAndHangUp(core, who[agent!]!);
      resultOf(core.send('disposition.submit', { hotkey: '1' }, who[agent!]!));
      core.clock.advance(6000);
    }
    expect(offered).toEqual(['101', '102', '103', '101']);
  });

  it('longest-idle picks the agent whose last call ended longest ago', () => {
    const core = patientCore('longest-idle');
    const who = Object.fromEntries(['101', '102', '103'].map((n) => [n, logIn(core, n)]));
    core.clock.advance(1000);
    call(core);
    const first = ringing(core)[0]!;
    expect(first).toBe('101'); // all logged in together: ties go by order
    answerAndHangUp(core, who[first]!);
    resultOf(core.send('disposition.submit', { hotkey: '1' }, who[first]!));
    core.clock.advance(6000);
    call(core);
    expect(ringing(core)).toEqual(['102']);
  });

  it('fewest-calls picks the agent who has answered fewest', () => {
    const core = patientCore('fewest-calls');
    const who = Object.fromEntries(['101', '102'].map((n) => [n, logIn(core, n)]));
    call(core);
    answerAndHangUp(core, who['101']!);
    resultOf(core.send('disposition.submit', { hotkey: '1' }, who['101']!));
    core.clock.advance(6000);
    call(core);
    expect(ringing(core)).toEqual(['102']);
  });

  it('random picks among the free members using the injected random source', () => {
    const picks = new Set<string>();
    for (let seed = 1; seed < 12; seed++) {
      const config = acdConfig('random');
      config.simulator.patienceSeconds = { min: 1000, max: 1000 };
      const core = makeCore({ config, seed });
      ['101', '102', '103'].forEach((n) => logIn(core, n));
      call(core);
      const r = ringing(core);
      expect(r).toHaveLength(1);
      picks.add(r[0]!);
    }
    expect(picks.size).toBeGreaterThan(1);
  });

  it('callers wait in order of arrival', () => {
    const core = patientCore('linear');
    const first = call(core);
    core.clock.advance(1000);
    call(core);
    const me = logIn(core, '101');
    const offered = resultOf<{ call: { customerLeg: string } }>(core.send('call.answer', {}, me)).call;
    expect(offered.customerLeg).toBe(first);
  });
});

describe('queue figures', () => {
  /** Each queue's members counted one by one from the agents as they are: what the kept counts must equal. */
  function recount(core: TestCore, queue: string) {
    const members = [...core.engine.state.all('agent')].filter((a) => a.session?.voiceQueues.includes(queue));
    // A member with a call is busy, paused or not (the pause counts once the call is done).
    const busy = members.filter((a) => a.activity !== 'idle' || (a.status !== 'paused' && a.session?.mode === 'outbound')).length;
    const paused = members.filter((a) => a.activity === 'idle' && a.status === 'paused').length;
    return { loggedIn: members.length, paused, busy, idle: members.length - paused - busy };
  }
  const shown = (core: TestCore, queue: string) => {
    const s = core.engine.state.stats(queue)!;
    return { loggedIn: s.loggedIn, paused: s.paused, busy: s.busy, idle: s.idle };
  };

  it('busy, idle and paused members are counted as a recount finds them, through logins, offers, calls, wrap-up, pauses and logouts', () => {
    const core = patientCore('ring-all');
    const queues = ['7001', '7002', '7003'];
    const check = (when: string) => {
      for (const q of queues) expect({ when, q, ...shown(core, q) }).toEqual({ when, q, ...recount(core, q) });
    };
    const who = Object.fromEntries(['101', '102', '103', '104', '105'].map((n) => [n, logIn(core, n)]));
    check('all logged in');
    resultOf(core.send('agent.pause', { reason: 'Break' }, who['104']!));
    call(core);
    check('ringing');
    expect(shown(core, '7001')).toEqual({ loggedIn: 4, paused: 1, busy: 3, idle: 0 });
    resultOf(core.send('call.answer', {}, who['102']!));
    check('one on a call');
    resultOf(core.send('call.hangup', {}, who['102']!));
    check('in wrap-up');
    resultOf(core.send('disposition.submit', { hotkey: '1' }, who['102']!));
    core.clock.advance(6000);
    check('wrap-up over');
    // An agent who pauses on a call is still busy with it in the queue's figures, and paused once it is done.
    call(core);
    resultOf(core.send('call.answer', {}, who['103']!));
    resultOf(core.send('agent.pause', { reason: 'Lunch' }, who['103']!));
    check('paused on a call');
    expect(shown(core, '7001')).toEqual({ loggedIn: 4, paused: 1, busy: 1, idle: 2 });
    resultOf(core.send('call.hangup', {}, who['103']!));
    resultOf(core.send('disposition.submit', { hotkey: '1' }, who['103']!));
    core.clock.advance(6000);
    check('paused after the call');
    expect(shown(core, '7001')).toEqual({ loggedIn: 4, paused: 2, busy: 0, idle: 2 });
    resultOf(core.send('agent.unpause', {}, who['103']!));
    resultOf(core.send('agent.unpause', {}, who['104']!));
    resultOf(core.send('session.logout', {}, who['101']!));
    check('one unpaused, one gone');
    expect(shown(core, '7001')).toEqual({ loggedIn: 3, paused: 0, busy: 0, idle: 3 });
  });
});

describe('Enhanced Ring Groups', () => {
  it("a call to a ring group's number waits in its queue and carries the group's name; a direct call carries none", () => {
    const core = patientCore('linear');
    logIn(core, '102');
    call(core, '7100');
    const viaGroup = [...core.engine.state.all('call')][0]!;
    expect(viaGroup).toMatchObject({ queue: '7002', erg: 'Front desk', state: 'ringing' });
    expect(ringing(core)).toEqual(['102']);
    call(core, '7002');
    const direct = [...core.engine.state.all('call')].find((c) => c.id !== viaGroup.id)!;
    expect(direct).toMatchObject({ queue: '7002', erg: null, state: 'waiting' });
  });
});

describe('ring timeout and missed offers', () => {
  it('moves to the next agent after the ring timeout, and pauses an agent after too many misses', () => {
    const core = patientCore('linear');
    logIn(core, '101');
    logIn(core, '102');
    call(core);
    expect(ringing(core)).toEqual(['101']);
    core.clock.advance(10_000);
    expect(ringing(core)).toEqual(['102']); // the one who missed is tried after the others
    core.clock.advance(10_000);
    expect(ringing(core)).toEqual(['101']);
    core.clock.advance(10_000); // 101 missed twice: paused "No answer"
    const a1 = core.engine.state.agent('101')!;
    expect(a1).toMatchObject({ status: 'paused', pauseReason: 'No answer' });
    expect(ringing(core)).toEqual(['102']);
  });

  it('a call that rang out waits again ahead of the calls that came after it', () => {
    const core = patientCore('linear');
    logIn(core, '103');
    call(core);
    core.clock.advance(1000);
    call(core);
    const [first, second] = [...core.engine.state.all('call')].sort((a, b) => a.arrivedAt - b.arrivedAt);
    expect(core.engine.state.call(first!.id)!.state).toBe('ringing');
    core.clock.advance(10_000); // the first rings out and waits again, after the second in the waiting index
    expect(core.engine.state.call(first!.id)!.state).toBe('ringing'); // still the oldest: offered again first
    expect(core.engine.state.call(second!.id)!.state).toBe('waiting');
  });

  it('a declined offer rings someone else and is no missed offer (acd-decline.test.ts has the rest)', () => {
    const core = patientCore('linear');
    const a = logIn(core, '101');
    logIn(core, '102');
    call(core);
    expect(resultOf(core.send('call.hangup', {}, a))).toEqual({ declined: true });
    expect(ringing(core)).toEqual(['102']);
    expect(core.engine.state.agent('101')).toMatchObject({ missedOffers: 0, declinedOffers: 1 });
  });

  it('a caller who hangs up while waiting is an abandon in the queue statistics', () => {
    const core = patientCore('linear');
    const leg = call(core);
    core.sim.hangUp(leg, 'normal');
    expect(core.engine.state.stats('7001')).toMatchObject({ waiting: 0, abandoned: 1, answered: 0 });
  });
});

describe('completion rule and wrap-up', () => {
  it('keeps the call on the list and the agent in wrap-up until disposition and form are in', () => {
    const core = patientCore('linear');
    const a = logIn(core, '101');
    call(core, '7003');
    const answered = resultOf<{ call: { id: string; needsDisposition: boolean; needsForm: boolean } }>(core.send('call.answer', {}, a)).call;
    expect(answered).toMatchObject({ needsDisposition: true, needsForm: true });
    core.send('call.hangup', {}, a);
    expect(core.engine.state.agent('101')!.activity).toBe('wrap-up');
    const d = resultOf<{ message: string; completed: boolean }>(core.send('disposition.submit', { hotkey: '2' }, a));
    expect(d).toMatchObject({ message: 'Disposition submitted successfully', completed: false });
    expect(core.engine.state.call(answered.id)).toBeDefined();
    // A new caller is not offered to an agent who still owes a form.
    call(core, '7003');
    expect(ringing(core)).toEqual([]);
    const f = resultOf<{ completed: boolean }>(core.send('form.submit', { values: { topic: 'billing', score: '4' } }, a));
    expect(f.completed).toBe(true);
    expect(core.engine.state.call(answered.id)).toBeUndefined();
    expect(ringing(core)).toEqual(['101']);
  });

  it('holds the agent in wrap-up for the queue wrap-up time even after the disposition', () => {
    const core = patientCore('linear');
    const a = logIn(core, '101');
    call(core);
    answerAndHangUp(core, a);
    resultOf(core.send('disposition.submit', { code: 'RES' }, a));
    expect(core.engine.state.agent('101')!.activity).toBe('wrap-up');
    call(core);
    expect(ringing(core)).toEqual([]);
    core.clock.advance(5000);
    expect(core.engine.state.agent('101')!.activity).toBe('ringing');
  });

  it('a call from a queue without dispositions or wrap-up leaves at once', () => {
    const core = patientCore('linear');
    const a = logIn(core, '101');
    call(core, '7002');
    answerAndHangUp(core, a);
    expect(core.engine.state.agent('101')!.activity).toBe('idle');
    expect([...core.engine.state.all('call')]).toEqual([]);
  });

  it('keeps a call that owes its disposition across a restart', () => {
    const core = patientCore('linear');
    const a = logIn(core, '101');
    call(core);
    resultOf(core.send('call.answer', {}, a));
    core.engine.stop();
    core.engine.start(); // the live call is ended by the restart...
    const calls = [...core.engine.state.all('call')];
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ state: 'ended', endCause: 'service-restart', needsDisposition: true });
    expect(core.engine.state.agent('101')!.activity).toBe('wrap-up');
    expect(resultOf(core.send('disposition.submit', { hotkey: '1' }, a))).toMatchObject({ completed: true });
  });
});

describe('refusals', () => {
  it('refuses an unknown hotkey, a second disposition, and a disposition for a call that is not mine', () => {
    const core = patientCore('linear');
    const a = logIn(core, '101');
    const b = logIn(core, '102');
    call(core);
    const c = resultOf<{ call: { id: string } }>(core.send('call.answer', {}, a)).call;
    core.send('call.hangup', {}, a);
    const unknown = errorOf(core.send('disposition.submit', { hotkey: '9' }, a));
    expect(unknown).toEqual({ code: 'UNKNOWN_DISPOSITION', message: 'No disposition has hotkey 9 in Main (7001).' });
    expect(errorOf(core.send('disposition.submit', { hotkey: '1', callId: c.id }, b)).code).toBe('NOT_YOUR_CALL');
    expect(errorOf(core.send('disposition.submit', { hotkey: '1' }, b)).code).toBe('NO_CALL');
    resultOf(core.send('disposition.submit', { hotkey: '1' }, a));
    // The call has left the list; a late second submission is still told why.
    expect(errorOf(core.send('disposition.submit', { hotkey: '1', callId: c.id }, a))).toEqual({
      code: 'ALREADY_DISPOSED',
      message: 'A disposition was already submitted for this call (Resolved).',
    });
    expect(errorOf(core.send('disposition.submit', { hotkey: '1', callId: 'call-nope' }, a)).code).toBe('CALL_NOT_FOUND');
    // Another agent naming that call learns nothing of it, its disposition least of all.
    expect(errorOf(core.send('disposition.submit', { hotkey: '1', callId: c.id }, b))).toEqual({ code: 'CALL_NOT_FOUND', message: `There is no call ${c.id}.` });
  });

  it('refuses a form value of the wrong type with a sentence naming the field', () => {
    const core = patientCore('linear');
    const a = logIn(core, '101');
    call(core, '7003');
    resultOf(core.send('call.answer', {}, a));
    expect(errorOf(core.send('form.submit', { values: { topic: 'Billing', score: 'lots' } }, a))).toMatchObject({
      code: 'FORM_INVALID',
      message: 'Score must be a number from 1 to 5 (got "lots").',
    });
    expect(errorOf(core.send('form.submit', { values: { score: 3 } }, a)).message).toBe('Topic is required.');
    expect(errorOf(core.send('form.submit', { values: { topic: 'Sales' } }, a)).message).toBe('Topic must be one of Billing, Tech.');
    expect(errorOf(core.send('form.submit', { values: { topic: 'Tech', colour: 'red' } }, a)).message).toContain('has no field "colour"');
  });

  it('refuses a transfer to a queue that does not exist, and moves the caller to one that does', () => {
    const core = patientCore('linear');
    const a = logIn(core, '101');
    call(core, '7002');
    resultOf(core.send('call.answer', {}, a));
    expect(errorOf(core.send('call.transfer', { queue: '7999' }, a))).toEqual({ code: 'QUEUE_NOT_FOUND', message: 'There is no voice queue "7999".' });
    expect(errorOf(core.send('call.transfer', {}, a)).code).toBe('BAD_ARGS');
    expect(errorOf(core.send('call.transfer', { number: 'call me' }, a)).code).toBe('BAD_NUMBER');
    resultOf(core.send('call.transfer', { queue: '7001' }, a));
    const waiting = [...core.engine.state.all('call')].filter((c) => c.state === 'waiting' || c.state === 'ringing');
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.queue).toBe('7001');
  });
});

describe('hold, resume and transfer to an agent', () => {
  it('holds and resumes, counting hold time', () => {
    const core = patientCore('linear');
    const a = logIn(core, '101');
    call(core, '7002');
    resultOf(core.send('call.answer', {}, a));
    expect(resultOf<{ call: { state: string } }>(core.send('call.hold', {}, a)).call.state).toBe('on-hold');
    expect(errorOf(core.send('call.hold', {}, a)).message).toBe('The call is already on hold.');
    core.clock.advance(7000);
    const back = resultOf<{ call: { state: string; holdMs: number } }>(core.send('call.resume', {}, a)).call;
    expect(back).toMatchObject({ state: 'on-call', holdMs: 7000 });
  });

  it('counts a caller transferred to another agent of the same queue as answered once', () => {
    const core = patientCore('linear');
    const a = logIn(core, '101');
    const b = logIn(core, '102');
    call(core, '7002');
    resultOf(core.send('call.answer', {}, a));
    resultOf(core.send('call.transfer', { agent: '102' }, a));
    resultOf(core.send('call.answer', {}, b));
    expect(core.engine.state.stats('7002')!.answered).toBe(1);
  });

  it('lets an agent log out in wrap-up once nothing is owed, but not while a disposition is', () => {
    const core = patientCore('linear');
    const a = logIn(core, '101');
    call(core);
    answerAndHangUp(core, a);
    expect(errorOf(core.send('session.logout', {}, a)).message).toBe('You cannot log out while a call awaits its disposition or form. Finish it first.');
    resultOf(core.send('disposition.submit', { hotkey: '1' }, a));
    expect(core.engine.state.agent('101')!.activity).toBe('wrap-up');
    expect(core.send('session.logout', {}, a).ok).toBe(true);
  });

  it('logs out on a call only when asked to hang up (Call Centre Status): the call ends, its disposition stays owed', () => {
    const core = patientCore('linear');
    const a = logIn(core, '101');
    call(core);
    const id = resultOf<{ call: { id: string } }>(core.send('call.answer', {}, a)).call.id;
    // The ordinary logout is still refused on a call.
    expect(errorOf(core.send('session.logout', {}, a))).toEqual({ code: 'AGENT_BUSY', message: 'You cannot log out while on a call. Finish it first.' });
    expect(errorOf(core.send('session.logout', { hangUp: 'yes' }, a)).code).toBe('BAD_ARGS');
    expect(resultOf(core.send('session.logout', { hangUp: true }, a))).toEqual({ loggedOut: true, hungUp: 1 });
    expect(core.engine.state.agent('101')!.status).toBe('logged-out');
    const ended = core.engine.state.call(id)!;
    expect(ended).toMatchObject({ state: 'ended', endCause: 'normal', agent: '101' });
    // The disposition is owed still: the next login sees the call.
    expect(ended.needsDisposition && !ended.disposition).toBe(true);
  });

  it('hanging up on the way out turns a ringing offer down: the caller is offered to the next agent', () => {
    const core = patientCore('linear');
    const a = logIn(core, '101');
    logIn(core, '102');
    call(core);
    expect(ringing(core)).toEqual(['101']);
    const id = [...core.engine.state.all('call')][0]!.id;
    expect(resultOf(core.send('session.logout', { hangUp: true }, a))).toEqual({ loggedOut: true, hungUp: 1 });
    expect(core.engine.state.call(id)!.offers.map((o) => o.agent)).toEqual(['102']);
  });

  it('transfers to a named agent, who alone is rung', () => {
    const core = patientCore('linear');
    const a = logIn(core, '101');
    logIn(core, '102');
    call(core, '7002');
    resultOf(core.send('call.answer', {}, a));
    resultOf(core.send('call.transfer', { agent: '102' }, a));
    expect(ringing(core)).toEqual(['102']);
  });
});

describe('MWT alerts', () => {
  it('alerts once per interval while a caller waits past the threshold, for my queues only', () => {
    const core = patientCore('linear');
    const a = logIn(core, '105'); // member of 7002 only
    resultOf(core.send('agent.pause', { reason: 'Break' }, a));
    resultOf(core.send('alerts.configure', { mwtThresholdMinutes: 1, intervalMinutes: 5, myQueuesOnly: true }, a));
    call(core, '7001'); // not my queue
    call(core, '7002');
    core.clock.advance(55_000);
    expect(core.engine.state.get('alerts', '105')!.items).toHaveLength(0);
    core.clock.advance(10_000);
    const items = core.engine.state.get('alerts', '105')!.items;
    expect(items).toHaveLength(1);
    expect(items[0]!.queue).toBe('7002');
    expect(items[0]!.text).toMatch(/^Plain \(7002\): a caller has waited 1:0\d, over the 1 min threshold/);
    core.clock.advance(4 * 60_000);
    expect(core.engine.state.get('alerts', '105')!.items).toHaveLength(1);
    core.clock.advance(60_000 + 5000);
    expect(core.engine.state.get('alerts', '105')!.items).toHaveLength(2);
    resultOf(core.send('alerts.clear', {}, a));
    expect(core.engine.state.get('alerts', '105')!.items).toHaveLength(0);
  });
});
