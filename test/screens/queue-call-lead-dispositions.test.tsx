import { afterEach, describe, expect, it } from 'vitest';
import { command } from '../../src/keys/registry.js';
import { expectFits, footerOf, logIn, patientConfig, placeCall, type Panel, startPanel } from './support.js';

/**
 * A queue call has no lead: the server refuses a Callback, Personal callback
 * or Retry on one. The panel still offered them (chips, HK list, hotkeys 3, 4
 * and 5 of the demo's Sales queue), so the agent learnt it only by being
 * refused, or, for Retry later, never: it was recorded and nobody was dialled.
 */
let panel: Panel;
afterEach(async () => {
  await panel?.close();
});

async function answeredSalesCall() {
  panel = await startPanel({ config: patientConfig() });
  await logIn(panel, '1001');
  placeCall(panel, '7002', { number: '+442071234567', name: 'Test Caller' });
  await panel.waitForText('Ring In');
  await panel.press('call.answer');
  return panel.waitForText('On-call');
}

describe('dispositions that need a lead, on a queue call', () => {
  it('are not among the chips: only those that can apply are offered', async () => {
    const screen = await answeredSalesCall();
    // The chips run from "Dispositions" to the feedback form's title.
    const chips = screen.slice(screen.indexOf('Dispositions'), screen.indexOf('Feedback form'));
    expect(chips).toMatch(/1\s+Sale\s+2\s+Not interested\s+6\s+Do not call/);
    expect(chips).not.toMatch(/Retry later|Callback|Personal callback/);
    expectFits(panel.frame());
  });

  it('their hotkeys say why and send nothing', async () => {
    await answeredSalesCall();
    await panel.key('4');
    const screen = await panel.waitForText("Callback (CB) needs a campaign's lead to call back");
    expect(screen.replace(/\s+/g, ' ')).toContain("Callback (CB) needs a campaign's lead to call back; a call of Sales (7002) has none. Choose another disposition.");
    expectFits(panel.frame());
    await panel.key('3');
    const retry = await panel.waitForText("Retry later (RETRY) needs a campaign's lead to dial again");
    expect(retry.replace(/\s+/g, ' ')).toContain('a call of Sales (7002) has none. Choose another disposition.');
    expect(panel.sent('disposition.submit')).toEqual([]);
    // One that applies is still taken.
    await panel.key('2');
    await panel.waitForText('Disposition submitted successfully');
    expect(panel.sent('disposition.submit').map((c) => c.args.hotkey)).toEqual(['2']);
  });

  it('are in the HK list, greyed with the reason in place of their type', async () => {
    await answeredSalesCall();
    await panel.press('call.hotkeys');
    const screen = await panel.waitForText('HK — dispositions and hotkeys');
    expect(screen).toMatch(/3\s+Retry later\s+RETRY\s+queue call: no lead to dial again/);
    expect(screen).toMatch(/4\s+Callback\s+CB\s+queue call: no lead to call back/);
    expect(screen).toMatch(/5\s+Personal callback\s+PCB\s+queue call: no lead to call back/);
    expect(screen).toMatch(/1\s+Sale\s+SALE\s+final/);
    expect(screen).toMatch(/6\s+Do not call\s+DNC\s+dnc/);
    expectFits(panel.frame());
  });

  it('are not among the keys the footer and help offer in wrap-up: 1,2,6 dispose, not 0-9', async () => {
    await answeredSalesCall();
    await panel.press('call.hangup');
    let screen = await panel.waitFor((s) => /Test Caller\s+Ended/.test(s) && footerOf(s).includes('disposition'), 'the wrap-up and its keys');
    expect(footerOf(screen)).toContain('1,2,6 disposition');
    expect(footerOf(screen)).not.toContain('0-9');
    expectFits(panel.frame());
    await panel.press('app.help');
    screen = await panel.waitForText(command('disposition.hotkey').help!);
    expect(screen).toMatch(new RegExp(`1,2,6\\s+${command('disposition.hotkey').help}`));
    expect(screen).not.toContain('0-9');
    expectFits(panel.frame());
  });
});

