import { afterEach, describe, expect, it } from 'vitest';
import { visitorStart } from '../../src/core/messaging/visitor.js';
import { demoConfig } from '../helpers.js';
import { expectFits, logIn, startPanel, type Panel } from './support.js';

/**
 * Chats and Email name their keys beside their lists' tabs. The line said
 * "← → lists · Enter open" over an empty list too, where Enter does nothing;
 * it now offers Enter only while there is a row to open.
 */
let panel: Panel;
afterEach(async () => {
  await panel?.close();
});

/** The tab strip: the line under the navigation bar's rule. */
const stripOf = (screen: string) => {
  const lines = screen.split('\n');
  return lines[lines.findIndex((l) => l.startsWith('────')) + 1] ?? '';
};

async function loggedIn(): Promise<void> {
  const config = demoConfig();
  // Always open: the test must not depend on the hour.
  delete (config.messagingQueues.find((q) => q.id === 'support-chat')! as { hours?: unknown }).hours;
  panel = await startPanel({ config });
  await logIn(panel, '1001');
}

describe('the lists\' key hint', () => {
  it('Chats: no "Enter open" while My Chats is empty; offered once a chat is there', async () => {
    await loggedIn();
    await panel.key('g t');
    let screen = await panel.waitFor((s) => /My Chats 0/.test(stripOf(s)), 'My Chats, empty');
    expect(stripOf(screen)).toMatch(/← → lists\s*$/);
    expect(stripOf(screen)).not.toContain('Enter open');
    expectFits(panel.frame());

    panel.server.engine.run((ctx) =>
      visitorStart(ctx, { visitorId: 'v-1', name: 'Pat Jones', email: null, queue: 'support-chat', ip: '198.51.100.1', geo: null, text: 'Hello, my order is late.' }),
    );
    screen = await panel.waitFor((s) => s.includes('Pat Jones') && stripOf(s).includes('Enter open'), 'the chat and Enter open');
    expect(stripOf(screen)).toMatch(/← → lists · Enter open\s*$/);
    await panel.key('enter');
    await panel.waitForText('Pat Jones — ');
  });

  it('Email: no "Enter open" over an empty list', async () => {
    await loggedIn();
    await panel.key('g e');
    const screen = await panel.waitFor((s) => /← → lists/.test(stripOf(s)), 'the Email lists');
    expect(stripOf(screen)).not.toContain('Enter open');
    expectFits(panel.frame());
  });
});
