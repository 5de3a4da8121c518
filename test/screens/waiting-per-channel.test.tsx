import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/core/config/schema.js';
import { receiveInbound } from '../../src/core/messaging/inbound.js';
import { visitorStart } from '../../src/core/messaging/visitor.js';
import { demoConfig } from '../helpers.js';
import { expectFits, logIn, startPanel, type Panel } from './support.js';

/**
 * Waiting work per desk at 80x24, in the demo's Support Chat (chats and
 * email in one queue): an email that arrives behind six waiting chats is on
 * Unassigned Emails with its own count, Unassigned Chats counts the chats
 * alone, and the header counts every one that waits, not the few the panel
 * was sent.
 */
let panel: Panel | undefined;
afterEach(async () => {
  await panel?.close();
  panel = undefined;
});

/** The demo with its queue always open: tests must not depend on the hour. */
function openConfig(): Config {
  const config = demoConfig();
  delete (config.messagingQueues.find((q) => q.id === 'support-chat') as { hours?: unknown }).hours;
  return config;
}

function visit(p: Panel, i: number): void {
  p.server.engine.run((ctx) =>
    visitorStart(ctx, { visitorId: `v-${i}`, name: `Visitor ${i}`, email: null, queue: 'support-chat', ip: `198.51.100.${i}`, geo: null, text: 'Hello?' }),
  );
}

function mailFromCarol(p: Panel): void {
  const from = 'carol@example.com';
  p.server.engine.run((ctx) =>
    receiveInbound(ctx, {
      channel: 'email',
      queue: 'support-chat',
      externalId: '<carol1@example.com>',
      threadRef: '<carol1@example.com>',
      customer: { id: `email:${from}`, name: 'Carol', email: from, phone: null, ip: null, geo: null },
      subject: 'Invoice copy',
      text: 'Could you send my invoice again?',
      attachments: [],
      mail: { from, to: ['support@demo.switchboard'], cc: [], subject: 'Invoice copy' },
    }),
  );
}

describe('waiting work per desk', () => {
  it('shows an email behind six waiting chats on Unassigned Emails, each desk its own count, and the true count in the header', async () => {
    panel = await startPanel({ config: openConfig() });
    // Paused: nothing is assigned to the agent, so everything waits.
    await logIn(panel, '1001', { paused: true });
    for (let i = 1; i <= 6; i++) visit(panel, i);
    mailFromCarol(panel);

    // Nothing is mine: coming to Email opens Unassigned Emails, where the work is.
    await panel.press('nav.email');
    let screen = await panel.waitForText('carol@example.com');
    expect(screen).toContain('Invoice copy');
    expect(screen).toContain('1 unassigned in your queues');
    expect(screen).toMatch(/Unassigned Emails 1\b/);
    // The header: six chats waiting (not the five the panel holds), one email.
    expect(screen).toMatch(/Chats 0 6 waiting/);
    expect(screen).toMatch(/✉0 \+1/);
    expectFits(screen);

    await panel.press('nav.chats');
    screen = await panel.waitForText('Support Chat (6 waiting, the next 5 shown)');
    expect(screen).toMatch(/Unassigned Chats 6\b/);
    expectFits(screen);
  });
});
