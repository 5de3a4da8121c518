import { afterEach, describe, expect, it } from 'vitest';
import { logIn, settle, startPanel, visible, type Panel } from './support.js';

/** A tab strip's hint at 80 columns: whole, or not there; never cut to "← → pa…". */
let panel: Panel | undefined;
afterEach(async () => {
  await panel?.close();
  panel = undefined;
});

describe('the Settings pages strip at 80x24', () => {
  it('never ends in a cut hint on any page: the hint shows whole or not at all', async () => {
    panel = await startPanel();
    await logIn(panel, '1001');
    await panel.press('nav.settings');
    let screen = await panel.waitForText('General');
    const strip = (s: string) => visible(s).split('\n').find((l) => /General|Voice|Keys/.test(l) && /│/.test(l))!;
    for (let page = 0; page < 9; page++) {
      const line = strip(screen);
      expect(line).not.toContain('…');
      if (line.includes('pages')) expect(line).toContain('← → pages');
      await panel.press('tab.next');
      await settle();
      screen = panel.frame();
    }
  });
});
