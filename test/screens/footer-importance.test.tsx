import { afterEach, describe, expect, it } from 'vitest';
import { expectFits, footerOf, logIn, patientConfig, placeCall, startPanel, type Panel } from './support.js';

/**
 * The footer has one line for the keys of the moment. It used to stop at the
 * first hint that did not fit and drop every one after it: on an answered
 * call at 80 columns the disposition keys (the one thing the call needs
 * before the next) were never offered. The registry now says which hints
 * matter most; the footer keeps those, fills the rest of the line with what
 * fits, and keeps the order the hints come in.
 */
let panel: Panel;
afterEach(async () => {
  await panel?.close();
});

/** The footer's hints, as "key label" strings, in the order shown. */
const hintsOf = (screen: string) => footerOf(screen).trim().split(/ {2,}/);

async function answeredSupportCall(columns = 80): Promise<string> {
  panel = await startPanel({ config: patientConfig(), columns });
  await logIn(panel, '1001');
  placeCall(panel, '7001', { number: '+442071234567', name: 'Test Caller' });
  await panel.waitForText('Ring In');
  await panel.press('call.answer');
  return panel.waitFor((s) => /Test Caller\s+On-call/.test(s) && footerOf(s).includes('hang up'), 'the answered call and its keys');
}

describe('the footer keeps the hints that matter most', () => {
  it('at 80x24 an answered call offers hang up, its disposition keys and help, and fills the line', async () => {
    const screen = await answeredSupportCall();
    const hints = hintsOf(screen);
    expect(hints).toContain('x hang up');
    expect(hints).toContain('1-4 disposition');
    expect(hints.at(-1)).toBe('? help');
    // What is left of the line is used: no hint that was dropped would have fitted in it.
    expect(footerOf(screen).trimEnd().length).toBeGreaterThan(70);
    expectFits(panel.frame());
  });

  it('wider, it shows more, the hints both show in the same order', async () => {
    const narrow = hintsOf(await answeredSupportCall(80));
    await panel.close();
    const wide = hintsOf(await answeredSupportCall(140));
    expect(wide.length).toBeGreaterThan(narrow.length);
    expect(wide).toEqual(expect.arrayContaining(['x hang up', '1-4 disposition', 'h HK list', 'l contact…', '? help']));
    expect(inSameOrder(wide, narrow)).toBe(true);
    expectFits(panel.frame(), 140);
  });

  it('keeps its order when the terminal is made narrower: hints are dropped, never moved', async () => {
    await answeredSupportCall(140);
    const wide = hintsOf(panel.screen());
    await panel.resize(80, 24);
    const narrow = hintsOf(await panel.waitFor((s) => footerOf(s).length <= 80, 'the footer at 80 columns'));
    expect(narrow.length).toBeLessThan(wide.length);
    expect(narrow).toEqual(expect.arrayContaining(['x hang up', '1-4 disposition', '? help']));
    expect(inSameOrder(wide, narrow)).toBe(true);
    expectFits(panel.frame());
  });
});

/** The hints both footers show come in the same order in each. */
function inSameOrder(a: string[], b: string[]): boolean {
  const common = (x: string[], y: string[]) => x.filter((h) => y.includes(h));
  return JSON.stringify(common(a, b)) === JSON.stringify(common(b, a));
}
