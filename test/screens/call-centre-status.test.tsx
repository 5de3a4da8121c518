import { afterEach, describe, expect, it } from 'vitest';
import { setService } from '../../src/core/services.js';
import { expectFits, footerOf, logIn, placeCall, rebind, startPanel, type Panel } from './support.js';

let panel: Panel | null = null;
/** A dialog's words as one line: borders gone, wrapped lines joined. */
const prose = (screen: string) => screen.replace(/[║│╔╗╚╝═─]/g, ' ').replace(/\s+/g, ' ');
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

  it('Enter on the banner asks, then logs the agent out and hangs up their call', async () => {
    panel = await startPanel();
    await logIn(panel);
    placeCall(panel);
    await panel.waitForText('Ring In');
    await panel.press('call.answer');
    await panel.waitForText('ON CALL');
    telephony(panel, false);
    // The banner says which key acts on it here; the footer offers it too.
    await panel.waitForText('Call center module is not ready. (Enter: log out and hang up)');
    await panel.key('enter');
    let asked = await panel.waitForText('Log out and hang up all your calls?');
    expect(prose(asked)).toContain('1 call will be hung up.');
    expectFits(panel.frame());
    // Esc: nothing happens.
    await panel.press('dialog.cancel');
    await panel.waitFor((s) => !s.includes('Log out and hang up all your calls?'), 'the question to go');
    expect(panel.sent('session.logout')).toEqual([]);
    await panel.key('enter');
    asked = await panel.waitForText('Log out and hang up all your calls?');
    await panel.press('dialog.confirm');
    await panel.waitForText('Logged out; 1 call hung up.');
    await panel.waitForText('switchboard — agent login');
    expect(panel.sent('session.logout').map((c) => c.args)).toEqual([{ hangUp: true }]);
    const calls = [...panel.server.engine.state.all('call')];
    expect(calls.map((c) => c.state)).toEqual(['ended']);
    expect(panel.server.engine.state.agent('1001')!.status).toBe('logged-out');
  });

  it("the banner names the agent's own keys: theirs for it, else their log out key where a section has Enter", async () => {
    panel = await startPanel();
    await logIn(panel);
    rebind({ 'service.logout': 'ctrl+o', 'session.logout': 'ctrl+l' });
    telephony(panel, false);
    await panel.waitForText('Call center module is not ready. (Ctrl+O: log out and hang up)');
    await panel.key('ctrl+o');
    await panel.waitForText('Log out and hang up all your calls?');
    await panel.press('dialog.cancel');
    await panel.waitFor((s) => !s.includes('Log out and hang up all your calls?'), 'the question to go');
    // Only log out moved: Enter where it reaches the banner, Ctrl+L where a section has Enter.
    rebind({ 'session.logout': 'ctrl+l' });
    await panel.press('nav.dashboard');
    await panel.waitForText('Call center module is not ready. (Ctrl+L: log out and hang up)');
    await panel.key('ctrl+l');
    await panel.waitForText('Log out and hang up all your calls?');
  });

  it('where a section has Enter, the banner names L, and L asks the same question', async () => {
    panel = await startPanel();
    await logIn(panel);
    telephony(panel, false);
    await panel.press('nav.dashboard');
    await panel.waitForText('Call center module is not ready. (L: log out and hang up)');
    expectFits(panel.frame());
    await panel.press('session.logout');
    const asked = await panel.waitForText('Log out and hang up all your calls?');
    expect(prose(asked)).toContain('You have no call to hang up.');
    await panel.press('dialog.confirm');
    await panel.waitForText('switchboard — agent login');
    expect(panel.sent('session.logout').map((c) => c.args)).toEqual([{ hangUp: true }]);
  });

  it('with the telephony side ready, L is the ordinary logout and Enter is not offered', async () => {
    panel = await startPanel();
    await logIn(panel);
    telephony(panel, false);
    await panel.press('nav.profile');
    await panel.waitFor((s) => footerOf(s).includes('Enter log out, hang up'), 'the footer to offer it while the module is down');
    telephony(panel, true);
    await panel.waitFor((s) => !footerOf(s).includes('log out, hang up'), 'the footer to drop it');
    await panel.press('session.logout');
    await panel.waitForText('Log out?');
    expect(panel.screen()).not.toContain('hang up');
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
