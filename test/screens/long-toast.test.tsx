import { afterEach, describe, expect, it } from 'vitest';
import { themeFor } from '../../src/ui/theme.js';
import { answerAndEnd, expectFits, logIn, startPanel, type Panel } from './support.js';

/** What just happened, said above the footer: a sentence longer than the line is read whole, on two lines (80x24). */
let panel: Panel | undefined;
afterEach(async () => {
  await panel?.close();
  panel = undefined;
});

/** The screen as one line: a sentence wrapped over two lines still reads as itself. */
const squash = (screen: string) => screen.replace(/\s+/g, ' ');

describe('a toast longer than the line', () => {
  it('the refusal to log out with a call awaiting its disposition is shown whole, and the screen still fits', async () => {
    // Without colour an error says so in words: "Error: " makes this one 87 columns.
    panel = await startPanel({ theme: themeFor({ NO_COLOR: '1' }) });
    await logIn(panel, '1001');
    await answerAndEnd(panel);
    await panel.press('session.logout');
    await panel.press('dialog.confirm');
    const sentence = 'Error: You cannot log out while a call awaits its disposition or form. Finish it first.';
    const screen = await panel.waitFor((s) => squash(s).includes(sentence), 'the whole refusal on screen');
    expect(screen).not.toContain('Finish i…');
    expectFits(panel.frame());
  });
});
