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

describe("the agent's own declines on Dashboard > My Performance", () => {
  it('at 80x24 the voice line counts them beside answered, and a decline made while it is open counts at once', async () => {
    panel = await startPanel({ config: patientConfig() });
    await logIn(panel, '1001');
    placeCall(panel, '7001', { number: '+441234', name: 'First Caller' });
    await panel.waitFor((s) => bar(s).includes('First Caller'), 'the ringing bar');
    await panel.press('call.decline');
    await panel.waitForText('Declined: the call went back to Support');
    await panel.press('nav.dashboard');
    await panel.waitForText('My Performance');
    await panel.press('tab.prev');
    let screen = await panel.waitForText('My workload');
    // Before, the line read "Voice     0 answered · 0 abandoned · avg talk …": a decline was counted for the queue only.
    expect(screen).toMatch(/^ Voice {5}0 answered · 1 declined · 0 abandoned$/m);
    expect(screen).toMatch(/^ {11}avg talk — · avg wait — · SL —$/m);
    expectFits(panel.frame());
    // Another queue's caller, declined from this page: the figure follows.
    placeCall(panel, '7002', { number: '+441555', name: 'Sales Caller' });
    await panel.waitFor((s) => bar(s).includes('Sales Caller'), 'the ringing bar');
    await panel.press('call.decline');
    screen = await panel.waitFor((s) => /^ Voice {5}0 answered · 2 declined · 0 abandoned$/m.test(s), 'the second decline counted');
    expect(screen).toMatch(/^ Channels {2}Voice, Live chat/m);
    expectFits(panel.frame());
  });
});

/** Ben declines a Sales caller; Ava, paused, reads Sales on Dashboard > Queues with the Sales row selected. */
async function salesAfterADecline(columns: number, rows: number): Promise<string> {
  panel = await startPanel({ config: patientConfig(), columns, rows });
  const ben = loginAgent(panel.server, '1002');
  await logIn(panel, '1001', { paused: true });
  placeCall(panel, '7002', { number: '+441555', name: 'Sales Caller' });
  expect(ben('call.hangup')).toEqual({ declined: true });
  await panel.press('nav.dashboard');
  await panel.waitForText('My Performance');
  await panel.press('tab.next');
  await panel.waitForText(/\d+ queues/);
  await panel.press('list.end');
  return panel.waitFor((s) => /› ●\s+☎ Sales/.test(s) && s.includes('declined 1'), 'Sales selected, its decline counted');
}

describe("a queue's declines on Dashboard > Queues", () => {
  it('at 80x24 the lines under the table count them beside answered and abandoned, and nothing of the line is cut', async () => {
    const screen = await salesAfterADecline(80, 24);
    // Before, the line read "... · answered 0 · abandoned 0 · avg wait — · SL — in 30…", and no declines anywhere.
    // The figures after it go on the same line while they fit whole (flowParts), the rest on the next.
    expect(screen).toMatch(/^ ☎ Sales \(7002\)\s+MWT \d:\d\d · answered 0 · abandoned 0 · declined 1( · [^…]*)?$/m);
    expect(screen).toMatch(/^\s+(avg wait — · )?SL — in 30s · idle 1$/m);
    expectFits(panel!.frame(), 80, 24);
    // The info key says what a decline counts.
    await panel!.press('dash.columnInfo');
    await panel!.press('tab.prev');
    const info = await panel!.waitForText('Voice figures (☎ queues)  4/4');
    expect(info).toMatch(/Declined\s+Offers an agent declined/);
    expectFits(panel!.frame(), 80, 24);
  });

  it('from 110 columns they have a column of their own; between 100 and 110 the table still fits', async () => {
    let screen = await salesAfterADecline(120, 40);
    expect(screen).toMatch(/MWT\s+Answered\s+Abandoned\s+Declined\s+SL/);
    expect(screen).toMatch(/☎ Sales \(7002\).*\s0\s+0\s+1\s+—\s*$/m);
    expect(screen).not.toContain('…');
    expectFits(panel!.frame(), 120, 40);
    await panel!.close();
    screen = await salesAfterADecline(104, 30);
    // Drawn there, the columns were cut ("Decli…", "☎ Support (70…"): they wait for 110 columns.
    expect(screen).not.toContain('…');
    expect(screen).toContain('declined 1 · avg wait');
    expectFits(panel!.frame(), 104, 30);
  });
});
