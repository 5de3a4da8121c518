import { describe, expect, it } from 'vitest';
import { importLeads } from '../../src/core/dialer/import.js';
import { FakeClock } from '../fake-clock.js';
import { demoConfig, errorOf, makeCore, resultOf } from '../helpers.js';

/**
 * Do not call (hotkey 6 of the demo's Sales queue, 7002) on an inbound queue
 * call was recorded and did nothing: the do-not-call list kept no trace of the
 * caller, so the campaigns went on dialling the number the customer had asked
 * not to be called on.
 */
function salesCallFrom(number: string) {
  const config = demoConfig();
  config.simulator.patienceSeconds = { min: 100_000, max: 100_000 };
  config.simulator.talkSeconds = { min: 100_000, max: 100_000 };
  // 10:00 in London: inside the campaigns' calling hours.
  const core = makeCore({ config, clock: new FakeClock('2026-01-05T10:00:00Z') });
  const ava = core.login('1001', { strategy: 'inbound' });
  core.sim.placeInboundCall('7002', { number, name: 'Pat Caller' });
  resultOf(core.send('call.answer', {}, ava));
  return { core, ava };
}

describe('Do not call on a queue call', () => {
  it("puts the caller's number on the do-not-call list, so no campaign dials it", () => {
    const { core, ava } = salesCallFrom('+442071234567');
    expect(resultOf<{ disposition: { code: string } }>(core.send('disposition.submit', { hotkey: '6' }, ava)).disposition.code).toBe('DNC');
    // The same customer in a lead list, written another way, is refused at Dial.
    core.engine.run((ctx) => importLeads(ctx, 'preview-renewals', [{ line: 2, phone: '020 7123 4567', name: 'Pat Caller' }]));
    const ben = core.login('1002', { strategy: 'outbound', campaign: 'preview-renewals' });
    const lead = [...core.engine.state.all('lead')].find((l) => l.phone === '+442071234567')!;
    const refused = errorOf(core.send('dialer.dial', { leadId: lead.id }, ben));
    expect(refused).toMatchObject({ code: 'DNC', message: '+442071234567 is on the do-not-call list.' });
  });

  it('is refused for a caller without a phone number, rather than recorded as done', () => {
    const { core, ava } = salesCallFrom('anonymous');
    const refused = errorOf(core.send('disposition.submit', { hotkey: '6' }, ava));
    expect(refused).toMatchObject({ code: 'NO_NUMBER_TO_LIST', message: 'anonymous is not a phone number the do-not-call list can hold. Choose another disposition.' });
  });
});
