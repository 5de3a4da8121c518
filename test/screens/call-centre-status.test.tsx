import { afterEach, describe, expect, it } from 'vitest';
import { setService } from '../../src/core/services.js';
import { expectFits, logIn, startPanel, type Panel } from './support.js';

let panel: Panel | null = null;
afterEach(async () => {
  await panel?.close();
  panel = null;
});

/**
 * What the telephony side reports, as the SIP adapter would report it: the
 * service going down and up (the drachtio connection) and the agent's
 * deskphone registering. The panel only reads the entities it is sent.
 */
function telephony(p: Panel, ready: boolean) {
  p.server.engine.run((ctx) => setService(ctx, 'telephony', ready, ready ? null : 'Call center module is not ready.'));
}

function deskphone(p: Panel, agent: string, registered: boolean, detail: string) {
  p.server.engine.run((ctx) => {
    const a = ctx.state.agent(agent)!;
    ctx.tx.put('agent', { ...a, deviceRegistered: { registered, detail, at: ctx.clock.now() } }, registered ? 'device-registered' : 'device-unregistered');
  });
}

describe('Call Centre Status', () => {
  it('shows "Call center module is not ready." while the telephony side is down, and clears it when it is back', async () => {
    panel = await startPanel();
    await logIn(panel);
    expect(panel.screen()).not.toContain('Call center module is not ready.');
    telephony(panel, false);
    const screen = await panel.waitForText('Call center module is not ready.');
    expect(screen).toContain('Profile'); // the panel is still there around it
    expectFits(panel.frame());
    telephony(panel, true);
    await panel.waitFor((s) => !s.includes('Call center module is not ready.'), 'the banner to go');
  });

  it("Profile says whether the agent's deskphone is registered", async () => {
    panel = await startPanel();
    await logIn(panel);
    await panel.press('nav.profile');
    await panel.waitForText(/Deskphone\s+not tracked \(simulated phones\)/);
    deskphone(panel, '1001', true, 'sip:1001@192.0.2.21:5062');
    await panel.waitForText(/Deskphone\s+registered \(sip:1001@192\.0\.2\.21:5062\)/);
    deskphone(panel, '1001', false, 'registration expired');
    await panel.waitForText(/Deskphone\s+not registered \(registration expired\)/);
    expectFits(panel.frame());
  });
});
