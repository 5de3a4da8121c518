import { afterEach, describe, expect, it } from 'vitest';
import { expectFits, logIn, startPanel, tabStripOf, type Panel } from './support.js';

/**
 * Pages taller than the rows a short terminal leaves them. Left to the layout,
 * their lines were squeezed to no height and drawn over each other: at 60x16
 * Dashboard > My Performance lost its tab strip under a bar chart and read
 * "☎ Salesalk — · avg wai…" (two lines in one). Cut at the bottom instead, the
 * page keeps its first lines whole.
 */
let panel: Panel | undefined;
afterEach(async () => {
  await panel?.close();
  panel = undefined;
});

describe('a page taller than the terminal leaves it', () => {
  it('Dashboard > My Performance at 60x16 keeps its tabs and its first lines whole, one under the other', async () => {
    panel = await startPanel({ columns: 60, rows: 16 });
    await logIn(panel, '1001');
    await panel.press('nav.dashboard');
    await panel.press('tab.prev');
    const screen = await panel.waitForText('My workload');
    const lines = screen.split('\n');
    const tabs = lines.findIndex((l) => l.includes('Agents │ Queues │ My Performance'));
    expect(tabs).toBeGreaterThan(0);
    // Right under the tabs, in the page's own order.
    expect(lines[tabs + 1]).toMatch(/^ My workload /);
    expect(lines[tabs + 2]).toMatch(/^ Conversations today\s*$/);
    expect(lines[tabs + 3]).toMatch(/^ Carried over\/today \d+ \/ \d+\s*$/);
    expect(lines[tabs + 4]).toMatch(/^ Closed\s+\d+\s*$/);
    expect(tabStripOf(screen)).toContain('My Performance');
    expectFits(panel.frame(), 60, 16);
  });
});
