import { afterEach, describe, expect, it } from 'vitest';
import { expectFits, lineWith, logIn, NARROW, startPanel, type Panel } from './support.js';

/**
 * Choice rows (one option of several, ← → to change) at 60x16: with room for
 * only the chosen option, it was cut to leave room for its position ("(•)
 * Agents of m…  1 of 3, ←→", "(•) Bell + de…  1 of 4, ←→"), and Settings >
 * Application's heading was cut at the edge ("… bell and desktop notifi…").
 * The option's words stay whole and the position or keys are left out whole;
 * the heading leaves out its second half whole. At 80x24 nothing changes.
 */
let panel: Panel | undefined;
afterEach(async () => {
  await panel?.close();
  panel = undefined;
});


async function applicationPage(p: Panel): Promise<string> {
  await p.press('nav.settings');
  await p.press('tab.prev');
  await p.press('tab.prev');
  return p.waitForText('Notices — the toast always shows');
}

describe('choice rows at 60 columns, each word whole', () => {
  it('Settings > Application shows "Bell + desktop" whole and its heading without a cut word; at 80x24 as before', async () => {
    panel = await startPanel(NARROW);
    await logIn(panel, '1001');
    let screen = await applicationPage(panel);
    const row = lineWith(screen, 'A call rings for you');
    expect(row, screen).toContain('(•) Bell + desktop');
    expect(row, screen).not.toContain('…');
    expect(lineWith(screen, 'Notices').trim(), screen).toBe('Notices — the toast always shows');
    expectFits(panel.frame(), NARROW.columns, NARROW.rows);

    // Focused, the row still has its words whole.
    await panel.press('settings.edit');
    screen = await panel.waitForText('↑ ↓ move · ← → change · Esc done');
    expect(lineWith(screen, 'A call rings for you'), screen).toMatch(/› A call rings for you\s+\(•\) Bell \+ desktop\b(?!…)/);

    await panel.resize(80, 24);
    screen = await panel.waitForText('bell and desktop notification as you choose');
    expect(lineWith(screen, 'Notices').trim()).toBe('Notices — the toast always shows; bell and desktop notification as you choose');
    expect(lineWith(screen, 'A chat is given to you')).toMatch(/\(•\) Bell \+ desktop {2}1 of 4, ←→/);
    expectFits(panel.frame());
  });

  it("Settings > Voice shows the Agents tab's \"Agents of my queues\" whole at 60 columns, the position left out whole", async () => {
    panel = await startPanel(NARROW);
    await logIn(panel, '1001');
    await panel.press('nav.settings');
    await panel.waitForText('General');
    await panel.press('tab.next');
    const screen = await panel.waitForText('Agents tab');
    const row = lineWith(screen, '(•) Agents of');
    expect(row, screen).toContain('(•) Agents of my queues');
    expect(row, screen).not.toContain('…');
    // The Queues tab's shorter option keeps its position.
    expect(lineWith(screen, '(•) My queues'), screen).toContain('1 of 3');
    expectFits(panel.frame(), NARROW.columns, NARROW.rows);
  });
});
