import { afterEach, describe, expect, it } from 'vitest';
import { expectFits, logIn, type Panel, startPanel, tabStripOf } from './support.js';
import { alwaysOpenChatConfig, visitPatJones } from './killed-panel-scene.js';

/**
 * Chats and Email name their keys beside their lists' tabs. The line said
 * "← → lists · Enter open" over an empty list too, where Enter does nothing;
 * it now offers Enter only while there is a row to open.
 */
let panel: Panel;
afterEach(async () => {
  await panel?.close();
});

async function loggedIn(): Promise<void> {
  const config = alwaysOpenChatConfig();
  panel = await startPanel({ config });
  await logIn(panel, '1001');
}

describe('the lists\' key hint', () => {
  it('Chats: no "Enter open" while My Chats is empty; offered once a chat is there', async () => {
    await loggedIn();
    await panel.key('g t');
    let screen = await panel.waitFor((s) => /My Chats 0/.test(tabStripOf(s)), 'My Chats, empty');
    expect(tabStripOf(screen)).toMatch(/← → lists\s*$/);
    expect(tabStripOf(screen)).not.toContain('Enter open');
    expectFits(panel.frame());

    visitPatJones(panel);
    screen = await panel.waitFor((s) => s.includes('Pat Jones') && tabStripOf(s).includes('Enter open'), 'the chat and Enter open');
    expect(tabStripOf(screen)).toMatch(/← → lists · Enter open\s*$/);
    await panel.key('enter');
    await panel.waitForText('Pat Jones — ');
  });

  it('Email: no "Enter open" over an empty list', async () => {
    await loggedIn();
    await panel.key('g e');
    const screen = await panel.waitFor((s) => /← → lists/.test(tabStripOf(s)), 'the Email lists');
    expect(tabStripOf(screen)).not.toContain('Enter open');
    expectFits(panel.frame());
  });
});
