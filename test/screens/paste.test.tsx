import { afterEach, describe, expect, it } from 'vitest';
import { visitorStart } from '../../src/core/messaging/visitor.js';
import { allMessages, demoConfig } from '../helpers.js';
import { footerOf, logIn, startPanel, type Panel } from './support.js';

/**
 * What an agent pastes, as a terminal in bracketed-paste mode sends it: the
 * text between ESC [200~ and ESC [201~, line breaks as carriage returns, a long
 * paste in several reads (a pty passes some 4 KB at a time). A paste is text,
 * never keys: it does not send a message, submit a field or run commands.
 */
let panel: Panel | null = null;
afterEach(async () => {
  await panel?.close();
  panel = null;
});

const START = '\u001b[200~';
const END = '\u001b[201~';

describe('a paste is text, never keys', () => {
  it('a long paste read in parts goes into the chat composer whole, inner line breaks kept and trailing ones dropped; only Enter sends it', async () => {
    const config = demoConfig();
    // Open at any hour: the test must not depend on the clock.
    delete (config.messagingQueues.find((q) => q.id === 'support-chat') as { hours?: unknown }).hours;
    panel = await startPanel({ config });
    const p = panel;
    await logIn(p, '1001');
    await p.press('nav.chats');
    await p.waitForText('My Chats');
    const c = p.server.engine.run((ctx) =>
      visitorStart(ctx, { visitorId: 'v-paste', name: 'Pat Jones', email: null, queue: 'support-chat', ip: '198.51.100.8', geo: null, text: 'Hello' }),
    );
    await p.waitForText('Pat Jones');
    await p.press('chats.open');
    await p.waitFor((s) => s.includes('Pat Jones —') && footerOf(s).includes('Ctrl+N'), 'the composer');
    // The last read holds the end of the last line and its line break: before, that read was
    // typed text and Enter, and half the paste went to the customer.
    await p.write(`${START}Order 1234\r\rShipped Monday\rTrack`);
    await p.write(`ing follows\r\r${END}`);
    const screen = await p.waitForText('Tracking follows');
    expect(screen).toContain('Shipped Monday');
    expect(p.sent('message.send')).toHaveLength(0);
    await p.press('composer.send');
    const replies = () => allMessages(p.server.engine).filter((m) => m.conversation === c.id && m.author === 'agent');
    await p.waitFor(() => replies().length > 0, 'the reply');
    // Before, the message ended with the paste's line breaks: empty last lines.
    expect(replies().map((m) => m.text)).toEqual(['Order 1234\n\nShipped Monday\nTracking follows']);
  });

  it('pasted where no field takes text, it runs no command', async () => {
    panel = await startPanel();
    await logIn(panel, '1001');
    await panel.write(`${START}please\rLog in\r${END}`);
    await panel.write('?');
    // The help opens over the Calls tab: no pause picker, no log-out question, no other section.
    const screen = await panel.waitForText(/Keys\s+\(/);
    expect(screen).not.toMatch(/Pause — choose a reason|Log out\?/);
    expect(screen).toContain('The HK list');
    expect(panel.sent('agent.pause')).toEqual([]);
  });

  it('pasted into a one-line field it stays on the line and submits nothing', async () => {
    panel = await startPanel();
    await panel.waitForText('Enter log in');
    await panel.write(`${START}1002\r${END}`);
    const screen = await panel.waitFor((s) => /› Agent number\s+1002/.test(s), 'the agent number typed');
    expect(screen).not.toContain('Agent login —');
    expect(panel.sent('session.check')).toEqual([]);
  });
});
