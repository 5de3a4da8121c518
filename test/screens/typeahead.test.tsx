import { afterEach, describe, expect, it } from 'vitest';
import { visitorStart } from '../../src/core/messaging/visitor.js';
import { demoConfig } from '../helpers.js';
import { footerOf, logIn, startPanel, type Panel } from './support.js';

/**
 * Keys that reach the panel in one read: tmux send-keys with several keys, a
 * paste, keystrokes bunched by a slow SSH link. Each key must act on the
 * screen the key before it produced, and none may be lost.
 */
let panel: Panel | null = null;
afterEach(async () => {
  await panel?.close();
  panel = null;
});

const header = (screen: string) => screen.split('\n')[0] ?? '';

describe('keys typed ahead', () => {
  it('"→ Enter" together on "Log in as" logs in Paused, as chosen', async () => {
    panel = await startPanel({ prefill: { agent: '1001', pin: '1001' } });
    await panel.press('login.submit');
    await panel.waitForText('Agent login —');
    for (let i = 0; i < 3; i++) await panel.press('form.next');
    await panel.waitFor((s) => /› Log in as/.test(s), 'the Log in as row to be focused');
    await panel.write('\u001b[C\r');
    const screen = await panel.waitFor((s) => s.includes('Ava Turner 1001'), 'the agent panel');
    expect(header(screen)).toContain('PAUSED');
    expect(header(screen)).not.toContain('AVAILABLE');
  });

  it('Tab, a PIN and Enter together log in', async () => {
    panel = await startPanel({ prefill: { agent: '1001' } });
    // Every screen opens on its first field, prefilled or not (issue 16.0).
    await panel.waitFor((s) => /› Agent number\s+1001/.test(s), 'the Agent number field to have the focus');
    await panel.write('\t1001\r');
    await panel.waitForText('Agent login — Ava Turner (1001)');
  });

  it('"p ↓ Enter" together pause with the second reason', async () => {
    panel = await startPanel();
    await logIn(panel, '1001');
    await panel.write('p\u001b[B\r');
    const screen = await panel.waitFor((s) => /^ PAUSED — \S/m.test(s), 'the PAUSED banner');
    expect(screen).toMatch(/^ PAUSED — Lunch — /m);
    expect(header(screen)).toContain('PAUSED');
  });

  it('"Esc Enter" together in the pause picker closes it and pauses nobody', async () => {
    panel = await startPanel();
    await logIn(panel, '1001');
    await panel.press('agent.pause');
    await panel.waitForText('Pause — choose a reason');
    await panel.write('\u001b\r');
    const screen = await panel.waitFor((s) => !s.includes('Pause — choose a reason'), 'the picker to close');
    expect(header(screen)).toContain('AVAILABLE');
    expect(panel.sent('agent.pause')).toEqual([]);
  });

  it('"Esc g t" together close the help and go to Chats', async () => {
    panel = await startPanel();
    await logIn(panel, '1001');
    await panel.press('app.help');
    await panel.waitForText(/Keys\s+\(/);
    await panel.write('\u001bgt');
    await panel.waitForText(/My Chats \d/);
  });

  it('"Esc Esc" together leave the composer and go back to the list of chats, as typed apart', async () => {
    const config = demoConfig();
    // Open at any hour: the test must not depend on the clock.
    delete (config.messagingQueues.find((q) => q.id === 'support-chat') as { hours?: unknown }).hours;
    panel = await startPanel({ config });
    await logIn(panel, '1001');
    await panel.press('nav.chats');
    await panel.waitForText('My Chats');
    const p = panel;
    p.server.engine.run((ctx) =>
      visitorStart(ctx, { visitorId: 'v-esc', name: 'Pat Jones', email: null, queue: 'support-chat', ip: '198.51.100.7', geo: null, text: 'Hello' }),
    );
    await p.waitForText('Pat Jones');
    await p.press('chats.open');
    await p.waitFor((s) => s.includes('Pat Jones —') && footerOf(s).includes('Ctrl+N'), 'the composer');
    await p.write('\u001b\u001b');
    const screen = await p.waitFor((s) => !s.includes('Pat Jones —'), 'the list of chats');
    expect(screen).toMatch(/My Chats 1/);
  });

  it('a chord typed together ("gp") goes to Profile', async () => {
    panel = await startPanel();
    await logIn(panel, '1001');
    await panel.write('gp');
    await panel.waitForText(/Agent number\s+1001/);
  });

  it('two Ctrl+C together quit', async () => {
    panel = await startPanel();
    await logIn(panel, '1001');
    await panel.write('\u0003\u0003');
    await panel.waitFor(() => panel!.exits === 1, 'the panel to exit');
  });
});
