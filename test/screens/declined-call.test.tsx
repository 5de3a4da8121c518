import { afterEach, describe, expect, it } from 'vitest';
import { expectFits, loginAgent, logIn, patientConfig, placeCall, startPanel, type Panel } from './support.js';

/**
 * Declining a queue call at 80x24: the agent is told in one line where the
 * call went, it does not ring them again until the queue's hold-back is
 * over, and colleagues see declines apart from missed offers.
 */
let panel: Panel | undefined;
afterEach(async () => {
  await panel?.close();
  panel = undefined;
});

const bar = (screen: string) => screen.split('\n').find((l) => l.includes('☎ RINGING')) ?? '';
const ringingFor = (p: Panel, agent: string) => [...p.server.engine.state.all('call')].find((c) => c.state === 'ringing' && c.offers.some((o) => o.agent === agent));

describe('a declined queue call', () => {
  it('says it went back to its queue, and rings the agent again only once the hold-back is over', async () => {
    const config = patientConfig();
    config.voiceQueues.find((q) => q.number === '7001')!.declineRetrySeconds = 2;
    panel = await startPanel({ config });
    await logIn(panel, '1001');
    placeCall(panel, '7001', { number: '+441234', name: 'Test Caller' });
    await panel.waitFor((s) => bar(s).includes('Test Caller'), 'the ringing bar');
    const call = ringingFor(panel, '1001')!;
    await panel.key('x');
    const screen = await panel.waitForText('Declined: the call went back to Support; not offered to you again for 2 s.');
    expectFits(panel.frame());
    // Ava is the only agent free, yet the call she declined waits rather than ringing her again at once.
    expect(bar(screen)).toBe('');
    expect(panel.server.engine.state.call(call.id)).toMatchObject({ state: 'waiting', offers: [] });
    expect(panel.server.engine.state.agent('1001')).toMatchObject({ status: 'available', missedOffers: 0, declinedOffers: 1 });
    await panel.waitFor((s) => bar(s).includes('Test Caller'), 'the call ringing again after 2 s', 6_000);
  });

  it("shows a colleague's declines apart from missed offers in their agent info", async () => {
    panel = await startPanel({ config: patientConfig() });
    // Elena is Billing's only agent: she declines its caller, who waits in Billing (Ava is not in it).
    const elena = loginAgent(panel.server, '1005');
    placeCall(panel, '7003', { number: '+441999', name: 'Billing Caller' });
    expect(elena('call.hangup')).toEqual({ declined: true });
    await logIn(panel, '1001');
    await panel.press('nav.dashboard');
    await panel.waitForText('My Performance');
    await panel.waitFor((s) => s.includes('Elena Rossi') && /\d+ agents/.test(s), 'the Agents tab');
    for (let i = 0; i < 12 && !/›.*Elena Rossi/.test(panel.screen()); i++) await panel.key('down');
    expect(panel.screen()).toMatch(/›.*Elena Rossi/);
    await panel.press('dash.agentInfo');
    const screen = await panel.waitForText('Agent info');
    expect(screen).toMatch(/State\s+Logged in for/);
    expect(screen).toMatch(/Offers\s+0 missed · 1 declined, in a row/);
    expectFits(panel.frame());
  });
});
