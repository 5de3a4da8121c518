import { afterEach, describe, expect, it } from 'vitest';
import { visitorStart } from '../../src/core/messaging/visitor.js';
import { themeFor } from '../../src/ui/theme.js';
import { demoConfig } from '../helpers.js';
import { expectFits, footerOf, logIn, loginAgent, placeCall, startPanel, type Panel } from './support.js';

/**
 * A call ringing for the agent is the loudest thing on every screen (issue
 * 20): a bar with the caller, the queue and the keys, answerable and
 * declinable from every section, from a dialog and from a text box, with and
 * without colour, at 80x24.
 */
let panel: Panel | undefined;
afterEach(async () => {
  await panel?.close();
  panel = undefined;
});

const bar = (screen: string) => screen.split('\n').find((l) => l.includes('☎ RINGING')) ?? '';
const ringingCall = (p: Panel) => [...p.server.engine.state.all('call')].find((c) => c.state === 'ringing');
const callOf = (p: Panel, agent: string) => [...p.server.engine.state.all('call')].find((c) => c.agent === agent);

async function ringIn(p: Panel): Promise<string> {
  placeCall(p, '7001', { number: '+441234', name: 'Test Caller' });
  // The call and the agent's ringing state are applied one after the other, each drawn: the bar and the header both.
  return p.waitFor((s) => bar(s).includes('Test Caller') && /RINGING \d:\d\d/.test(s.split('\n')[0] ?? ''), 'the ringing bar and header');
}

async function chatOpen(p: Panel): Promise<void> {
  const config = p.server.engine.config;
  const queue = config.messagingQueues.find((q) => q.channels.includes('livechat'))!.id;
  p.server.engine.run((ctx) =>
    visitorStart(ctx, { visitorId: 'v-ring', name: 'Pat Jones', email: null, queue, ip: '198.51.100.9', geo: null, text: 'Hello' }),
  );
  await p.press('nav.chats');
  await p.waitForText('Pat Jones');
  await p.press('chats.open');
  await p.waitFor((s) => s.includes('Pat Jones —') && s.includes('Reply'), 'the conversation');
}

/** The demo with its chat queue always open. */
function openChatConfig() {
  const config = demoConfig();
  for (const q of config.messagingQueues) delete (q as { hours?: unknown }).hours;
  return config;
}

describe('a ringing call', () => {
  it('shows a full-width bar with caller, queue and keys in every section, and is answered there with a', async () => {
    for (const nav of ['nav.calls', 'nav.chats', 'nav.dashboard', 'nav.conversations', 'nav.settings', 'nav.profile', 'nav.email', 'nav.contacts']) {
      panel = await startPanel();
      await logIn(panel, '1001');
      await panel.press(nav);
      const screen = await ringIn(panel);
      const line = bar(screen);
      expect(line, nav).toMatch(/☎ RINGING \d:\d\d {2}Test Caller \+441234 → Support/);
      expect(line, nav).toMatch(/a answer {2}x decline\s*$/);
      expect(screen.split('\n')[0], nav).toMatch(/RINGING \d:\d\d/);
      // The footer follows once the bar's keys are bound (an effect after the frame).
      await panel.waitFor((s) => footerOf(s).includes('a answer'), `a answer in the footer (${nav})`);
      expectFits(panel.frame());
      await panel.key('a');
      await panel.waitFor((s) => !s.includes('☎ RINGING'), `the bar to go (${nav})`);
      expect(callOf(panel, '1001')?.state, nav).toBe('on-call');
      await panel.close();
      panel = undefined;
    }
  }, 120_000); // A panel per section, eight of them.

  it('is declined with x from a section whose own x means something else', async () => {
    panel = await startPanel();
    await logIn(panel, '1001');
    await panel.press('nav.dashboard');
    await ringIn(panel);
    await panel.key('x');
    await panel.waitForText('Declined: the call went back to Support; not offered to you again for 10 s.');
    // Declined, not hung up on a live call: the call was ringing for this agent, and no dashboard filter opened.
    expect(panel.sent('call.hangup')).toHaveLength(1);
    expect(panel.screen()).not.toContain('Filter');
  });

  it("takes a and x from the screen under it, whose footer and help then no longer offer them: Unassigned Chats' a answers", async () => {
    const config = openChatConfig();
    for (const q of config.messagingQueues) q.autoAssign = false;
    panel = await startPanel({ config });
    const p = panel;
    await logIn(p, '1001');
    await p.press('nav.chats');
    await p.waitForText('My Chats 0');
    const queue = config.messagingQueues.find((q) => q.channels.includes('livechat'))!.id;
    p.server.engine.run((ctx) => visitorStart(ctx, { visitorId: 'v-wait', name: 'Pat Jones', email: null, queue, ip: '198.51.100.10', geo: null, text: 'Hello' }));
    await p.waitForText('New unassigned chat');
    await p.press('tab.next');
    await p.waitFor((s) => s.includes('Pat Jones') && footerOf(s).includes('a assign to me'), 'Unassigned Chats offering a assign to me');
    await ringIn(p);
    let screen = await p.waitFor((s) => footerOf(s).includes('a answer'), 'a answer in the footer');
    expect(footerOf(screen)).not.toContain('a assign to me');
    await p.press('app.help');
    screen = await p.waitForText(/Keys\s+\(/);
    // The help lists the assigning command by no key: a answers now (the palette still runs it).
    expect(screen).toMatch(/^│ a \/ Ctrl\+Y\s+Answer the call/m);
    expect(screen).not.toMatch(/^│ a\s+Assign the selected/m);
    await p.press('help.close');
    await p.waitFor((s) => !/Keys\s+\(/.test(s), 'the help to close');
    await p.key('a');
    await p.waitFor(() => ringingCall(p) === undefined, 'the call answered');
    expect(p.sent('call.answer')).toHaveLength(1);
    expect(p.sent('conversation.assign')).toHaveLength(0);
    expectFits(p.frame());
  });

  it("a colleague's direct call, declined, says their call ends rejected, not that someone else gets it", async () => {
    panel = await startPanel();
    const p = panel;
    await logIn(p, '1001');
    const colleague = loginAgent(p.server, '1004');
    colleague('call.dial', { to: '1001' });
    await p.waitFor((s) => bar(s).includes('internal call'), 'the ringing bar');
    const name = [...p.server.engine.state.all('call')].find((c) => c.offers.some((o) => o.agent === '1001'))!.caller.name!;
    await p.key('x');
    const screen = await p.waitForText(`Declined: ${name}'s call ends, and they see it was rejected.`);
    expect(screen).not.toContain('offered to someone else');
    // What the sentence says is what happened: the colleague's call ended (rejected), offered to nobody else.
    await p.waitFor(() => [...p.server.engine.state.all('call')].length === 0, 'the call to end');
  });

  it('while the chat composer has the keyboard: a and x type, Ctrl+Y answers, and the bar says so', async () => {
    panel = await startPanel({ config: openChatConfig() });
    await logIn(panel, '1001');
    await chatOpen(panel);
    await panel.type('ok');
    const screen = await ringIn(panel);
    expect(bar(screen)).toMatch(/Ctrl\+Y answer {2}Ctrl\+X decline\s*$/);
    await panel.type('ax');
    await panel.waitForText('okax');
    expect(ringingCall(panel)).toBeDefined();
    await panel.key('ctrl+y');
    await panel.waitFor((s) => !s.includes('☎ RINGING'), 'the bar to go');
    expect(callOf(panel, '1001')?.state).toBe('on-call');
    // The draft is untouched.
    expect(panel.screen()).toContain('okax');
  });

  it('while a dialog is open: answered, and the dialog stays', async () => {
    panel = await startPanel();
    await logIn(panel, '1001');
    await panel.press('session.logout');
    await panel.waitForText('Log out?');
    await ringIn(panel);
    await panel.key('a');
    await panel.waitFor((s) => !s.includes('☎ RINGING'), 'the bar to go');
    expect(callOf(panel, '1001')?.state).toBe('on-call');
    expect(panel.screen()).toContain('Log out?');
    expect(panel.client.session).toBe('logged-in');
  });

  it('is offered in the palette', async () => {
    panel = await startPanel();
    await logIn(panel, '1001');
    await panel.press('nav.settings');
    await ringIn(panel);
    await panel.press('app.palette');
    await panel.type('answer');
    await panel.waitForText(/answer/);
    await panel.press('palette.run');
    await panel.waitFor((s) => !s.includes('☎ RINGING'), 'the bar to go');
    expect(callOf(panel, '1001')?.state).toBe('on-call');
  });

  it('is as loud without colour: inverse and bold under NO_COLOR', async () => {
    panel = await startPanel({ theme: themeFor({ NO_COLOR: '1' }) });
    await logIn(panel, '1001');
    await ringIn(panel);
    const line = panel.frame().split('\n').find((l) => l.includes('RINGING') && l.includes('Test Caller'))!;
    // SGR 7 is inverse, 1 bold; no colour codes at all.
    expect(line).toMatch(/\u001b\[[0-9;]*7[;m]/);
    expect(line).toMatch(/\u001b\[[0-9;]*1[;m]/);
    expect(panel.frame()).not.toMatch(/\u001b\[(3|4|9|10)[0-7]m/);
  });
});

describe('states the agent must see', () => {
  it('keeps the state and both its times whole at 80 columns beside chats waiting: the agent number gives way first', async () => {
    const config = openChatConfig();
    for (const q of config.messagingQueues) q.autoAssign = false;
    panel = await startPanel({ config });
    await logIn(panel, '1001');
    // With room to spare the agent's number is there.
    let screen = await panel.waitFor((s) => /^Ava Turner 1001 {2}AVAILABLE \d:\d\d {2}idle \d:\d\d/.test(s.split('\n')[0]!), 'the header with the number');
    const queue = config.messagingQueues.find((q) => q.channels.includes('livechat'))!.id;
    for (let i = 0; i < 12; i++) {
      panel.server.engine.run((ctx) =>
        visitorStart(ctx, { visitorId: `v-wait-${i}`, name: `Visitor ${i}`, email: null, queue, ip: `198.51.100.${20 + i}`, geo: null, text: 'Hello' }),
      );
    }
    await panel.waitFor((s) => s.split('\n')[0]!.includes('12 waiting'), 'the chats waiting in the header');
    screen = await ringIn(panel);
    const headline = screen.split('\n')[0]!;
    // Not "available 0…": the status's time is read whole.
    expect(headline).toMatch(/^Ava Turner {2}RINGING \d:\d\d {2}available \d:\d\d\s+Chats 0 12 waiting/);
    expect(headline).not.toContain('…');
    expectFits(panel.frame());
  });

  it('puts ON CALL and ON HOLD in the headline and offers the unpause key only where it works', async () => {
    panel = await startPanel({ config: openChatConfig() });
    await logIn(panel, '1001');
    await chatOpen(panel);
    await panel.client.send('agent.pause', { reason: 'Break' });
    await panel.waitForText('(Esc, then u, to unpause)');
    await panel.press('composer.leave');
    await panel.waitForText('(u to unpause)');
    await panel.key('u');
    await panel.waitFor((s) => /AVAILABLE \d:\d\d/.test(s.split('\n')[0]!), 'available');
    await panel.press('nav.calls');
    await ringIn(panel);
    await panel.key('a');
    await panel.waitFor((s) => /ON CALL \d:\d\d {2}available/.test(s.split('\n')[0]!), 'ON CALL in the headline');
    await panel.press('call.hold');
    await panel.waitFor((s) => /ON HOLD \d:\d\d {2}available/.test(s.split('\n')[0]!), 'ON HOLD in the headline');
    expectFits(panel.frame());
  });
});
