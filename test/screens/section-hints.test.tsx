import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { resetKeymap, setKeymap } from '../../src/keys/keymap.js';
import { expectFits, logIn, type Panel, placeCall, startPanel, tabStripOf } from './support.js';
import { alwaysOpenChatConfig, openPatJonesChat, visitPatJones } from './killed-panel-scene.js';

/**
 * Conversations and Dashboard name their keys beside their tabs (from 100
 * columns). The lines were written by hand: "Enter show" over an empty
 * Closed list, "f filter · i columns" on My Performance where neither does
 * anything, and the default keys for an agent who had moved them. They are
 * now read from the commands bound, with the agent's own keys. So are the
 * transfer dialogs' "Tab/←→ switch".
 */
let panel: Panel;
afterEach(async () => {
  await panel?.close();
});

async function loggedIn(): Promise<void> {
  const config = alwaysOpenChatConfig();
  panel = await startPanel({ config, columns: 100, rows: 24 });
  await logIn(panel, '1001');
}

describe('the sections\' key hints', () => {
  it('Conversations: Enter show only over a row; none over the empty Closed list', async () => {
    await loggedIn();
    visitPatJones(panel);
    await panel.key('g v');
    let screen = await panel.waitFor((s) => s.includes('Pat Jones') && tabStripOf(s).includes('Enter show'), 'Active with a row');
    expect(tabStripOf(screen)).toMatch(/← → tabs · f filter · Enter show\s*$/);
    expectFits(panel.frame(), 100, 24);
    await panel.key('right');
    screen = await panel.waitFor((s) => /Total conversations: 0/.test(s), 'the empty Closed list');
    expect(tabStripOf(screen)).toMatch(/← → tabs · f filter\s*$/);
    expect(tabStripOf(screen)).not.toContain('Enter');
  });

  it('Dashboard: f filter and i columns on Agents, not while the filter form is open, nor on My Performance', async () => {
    await loggedIn();
    await panel.key('g d');
    let screen = await panel.waitFor((s) => /Agents │ Queues │ My Performance/.test(tabStripOf(s)), 'the Dashboard');
    expect(tabStripOf(screen)).toMatch(/← → tabs · f filter · i columns\s*$/);
    // The form has the keys now: f is typed into its fields.
    await panel.key('f');
    screen = await panel.waitFor((s) => !tabStripOf(s).includes('f filter'), 'the filter form');
    expect(tabStripOf(screen)).not.toContain('i columns');
    await panel.key('esc');
    await panel.waitFor((s) => tabStripOf(s).includes('f filter'), 'the form closed');
    await panel.key('left');
    screen = await panel.waitFor((s) => !tabStripOf(s).includes('f filter'), 'My Performance');
    expect(tabStripOf(screen)).toMatch(/My Performance\s+← → tabs\s*$/);
    expectFits(panel.frame(), 100, 24);
  });

  it("names the agent's own keys: filter moved to v", async () => {
    await loggedIn();
    // As the Keys settings page or a keymap file sets them.
    expect(setKeymap({ 'dash.filter': 'v' })).toEqual([]);
    onTestFinished(resetKeymap);
    await panel.key('g d');
    const screen = await panel.waitFor((s) => /Agents │ Queues/.test(tabStripOf(s)), 'the Dashboard');
    expect(tabStripOf(screen)).toMatch(/← → tabs · v filter · i columns\s*$/);
  });

  it("the call transfer dialog names the agent's own key to switch kinds", async () => {
    await loggedIn();
    expect(setKeymap({ 'transfer.nextKind': 'w' })).toEqual([]);
    onTestFinished(resetKeymap);
    placeCall(panel, '7001');
    await panel.waitForText('Ring In');
    await panel.press('call.answer');
    await panel.waitForText('On-call');
    await panel.press('call.transfer');
    const screen = await panel.waitForText('Transfer Test Caller');
    const strip = screen.split('\n').find((l) => /Queue │ Agent │ Number/.test(l)) ?? '';
    expect(strip).toMatch(/w switch\s*│$/);
    expect(strip).not.toContain('Tab');
    expectFits(panel.frame(), 100, 24);
  });

  it("the chat transfer dialog names the agent's own key to switch kinds", async () => {
    await loggedIn();
    expect(setKeymap({ 'chatTransfer.switch': 'w' })).toEqual([]);
    onTestFinished(resetKeymap);
    await openPatJonesChat(panel);
    await panel.press('composer.leave');
    await panel.press('conversation.transfer');
    const screen = await panel.waitForText("Transfer Pat Jones's chat");
    const strip = screen.split('\n').find((l) => /Queue │ Agent/.test(l)) ?? '';
    expect(strip).toMatch(/w switch\s*│$/);
    expect(strip).not.toContain('Tab');
    expectFits(panel.frame(), 100, 24);
  });
});
