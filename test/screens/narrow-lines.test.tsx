import { afterEach, describe, expect, it } from 'vitest';
import { memorySettings } from '../../src/client/settings.js';
import { expectFits, lineWith, logIn, NARROW, placeCall, startPanel, type Panel } from './support.js';

/**
 * Lines of the panel that were cut at the edge mid-word: Settings > Keys at
 * 80x24 ("· W writ…"), the ringing bar at 60 columns ("→ Suppo…") and the
 * header's state running into the chat count with one space. (Calls >
 * Alerts' summary at 60 columns: calls-tabs.test.tsx.)
 */
let panel: Panel | undefined;
afterEach(async () => {
  await panel?.close();
  panel = undefined;
});

const bar = (screen: string) => lineWith(screen, '☎');

describe('lines at their size, each part whole', () => {
  it("Settings > Keys at 80x24 names where the keys are kept, and leaves W's part out whole when the path leaves it no room", async () => {
    // A keymap file where the panel keeps it on Linux: the path takes most of the line.
    const settings = { ...memorySettings(), keymapPath: (agent: string) => `/root/.config/switchboard/keymap-${agent}.yaml` };
    panel = await startPanel({ settings });
    await logIn(panel, '1001');
    await panel.press('nav.settings');
    await panel.waitForText('General');
    for (let i = 0; i < 8; i++) await panel.press('tab.next');
    const screen = await panel.waitForText('Your keys (*)');
    const line = lineWith(screen, 'Your keys (*)');
    expect(line, screen).not.toContain('…');
    expect(line.trim()).toBe('Your keys (*) are kept in /root/.config/switchboard/keymap-1001.yaml');
    expectFits(panel.frame());

    // Wide enough, W's part is there.
    await panel.resize(120, 24);
    const wide = await panel.waitForText('W writes it with every command');
    expect(lineWith(wide, 'Your keys (*)').trim()).toBe('Your keys (*) are kept in /root/.config/switchboard/keymap-1001.yaml · W writes it with every command');
  });

  it('the ringing bar at 60 columns drops the ring group, then the queue, each whole; the caller and the keys stay', async () => {
    panel = await startPanel(NARROW);
    await logIn(panel, '1001');
    placeCall(panel, '7100', { number: '+4412', name: null }); // the demo's Reception group, in front of Support
    let line = bar(await panel.waitFor((s) => bar(s).includes('+4412'), 'the ringing bar'));
    expect(line).not.toContain('…');
    expect(line).toMatch(/☎ RINGING \d:\d\d {2}\+4412 → Support\s+a answer {2}x decline\s*$/);
    expect(line).not.toContain('via');
    expectFits(panel.frame(), NARROW.columns, NARROW.rows);

    // Wide, the ring group is named.
    await panel.resize(100, 24);
    line = bar(await panel.waitFor((s) => bar(s).includes('via Reception'), 'the ring group in the bar'));
    expect(line).toMatch(/\+4412 → Support via Reception/);
  });

  it('the ringing bar at 60 columns keeps a long caller whole, leaving out the queue and the word RINGING rather than cut it', async () => {
    panel = await startPanel(NARROW);
    await logIn(panel, '1001');
    placeCall(panel, '7001', { number: '+441614960009', name: 'Test Caller' });
    const line = bar(await panel.waitFor((s) => bar(s).includes('Test Caller'), 'the ringing bar'));
    expect(line).not.toContain('…');
    // The header above says RINGING; the bar gives the word up before the caller's number.
    expect(line).toMatch(/☎ \d:\d\d {2}Test Caller \+441614960009\s+a answer {2}x decline\s*$/);
    expectFits(panel.frame(), NARROW.columns, NARROW.rows);
  });

  it("the header keeps two spaces between the agent's state and the chat count at every width from 60 to 80", async () => {
    panel = await startPanel(NARROW);
    await logIn(panel, '1001');
    placeCall(panel);
    await panel.waitFor((s) => s.split('\n')[0]!.includes('RINGING'), 'the call ringing in the header');
    for (let columns = 60; columns <= 80; columns++) {
      await panel.resize(columns, 16);
      const header = panel.screen().split('\n')[0]!;
      expect(header, `${columns} columns`).toContain('Chats');
      expect(header, `${columns} columns`).not.toMatch(/\S Chats/);
    }
  });
});
