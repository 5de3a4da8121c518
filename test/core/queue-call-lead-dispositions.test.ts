import { describe, expect, it } from 'vitest';
import { demoConfig, errorOf, makeCore, resultOf } from '../helpers.js';

/**
 * A Callback or Personal callback is kept on a campaign's lead. A queue call
 * has none: the disposition used to be recorded and schedule nothing, the
 * customer waiting for a call that never came and the agent's Callbacks tab
 * empty. The demo's Sales queue (7002) shares the campaigns' list: hotkey 4
 * is Callback, 5 Personal callback.
 */
function answeredSalesCall() {
  const config = demoConfig();
  config.simulator.patienceSeconds = { min: 100_000, max: 100_000 };
  config.simulator.talkSeconds = { min: 100_000, max: 100_000 };
  const core = makeCore({ config });
  const ava = core.login('1001', { strategy: 'inbound' });
  core.sim.placeInboundCall('7002', { number: '+442071234567', name: 'Pat Caller' });
  const call = resultOf<{ call: { id: string } }>(core.send('call.answer', {}, ava)).call;
  return { core, ava, call };
}

describe('a callback disposition on a queue call', () => {
  it('is refused with a code and a sentence saying why, and nothing is recorded', () => {
    const { core, ava, call } = answeredSalesCall();
    const refused = errorOf(core.send('disposition.submit', { hotkey: '5', callbackAt: core.clock.now() + 3600_000 }, ava));
    expect(refused.code).toBe('NO_LEAD_TO_CALL_BACK');
    expect(refused.message).toBe(
      "Personal callback (PCB) needs a campaign's lead to call back; a call of Sales (7002) has none. Choose another disposition.",
    );
    expect(errorOf(core.send('disposition.submit', { code: 'CB' }, ava)).code).toBe('NO_LEAD_TO_CALL_BACK');
    // The call still owes its disposition, and another outcome is taken.
    expect(core.engine.state.call(call.id)!.disposition).toBeNull();
    expect(resultOf<{ disposition: { code: string } }>(core.send('disposition.submit', { hotkey: '1' }, ava)).disposition.code).toBe('SALE');
  });
});

describe('a callback time on a queue call', () => {
  it('is refused as needing a lead, whatever the disposition, and nothing is recorded', () => {
    const { core, ava, call } = answeredSalesCall();
    // Sale is no callback: this was NOT_A_CALLBACK, "choose a callback disposition", which the call refuses too.
    const refused = errorOf(core.send('disposition.submit', { hotkey: '1', callbackAt: core.clock.now() + 3600_000 }, ava));
    expect(refused.code).toBe('NO_LEAD_TO_CALL_BACK');
    expect(refused.message).toBe("A call of Sales (7002) takes no callback time: only a campaign's call has a lead to call back. Leave the time out.");
    expect(core.engine.state.call(call.id)!.disposition).toBeNull();
  });
});

/*
 * A Retry puts a campaign's lead back in the dialler after the campaign's
 * retry delay. A queue call has no lead: Retry later on one (the demo's
 * Sales queue, hotkey 3) was recorded as done and nobody was ever dialled.
 */
describe('a retry disposition on a queue call', () => {
  it('is refused with a code and a sentence saying why, and nothing is recorded', () => {
    const { core, ava, call } = answeredSalesCall();
    const refused = errorOf(core.send('disposition.submit', { hotkey: '3' }, ava));
    expect(refused.code).toBe('NO_LEAD_TO_RETRY');
    expect(refused.message).toBe(
      "Retry later (RETRY) needs a campaign's lead to dial again; a call of Sales (7002) has none. Choose another disposition.",
    );
    expect(errorOf(core.send('disposition.submit', { code: 'RETRY' }, ava)).code).toBe('NO_LEAD_TO_RETRY');
    expect(core.engine.state.call(call.id)!.disposition).toBeNull();
    expect(resultOf<{ disposition: { code: string } }>(core.send('disposition.submit', { hotkey: '2' }, ava)).disposition.code).toBe('NI');
  });
});
