import { afterEach, describe, expect, it } from 'vitest';
import { expectFits, logIn, patientConfig, placeCall, startPanel, type Panel } from './support.js';

/**
 * Do not call on a queue call puts the caller's number on the do-not-call
 * list, which no campaign dials again. On a dialer call it asks first; on a
 * queue call the hotkey sent it at once, so one stray 6 blocked a customer.
 */
let panel: Panel;
afterEach(async () => {
  await panel?.close();
});

describe('Do not call on a queue call', () => {
  it('asks first, naming the number; Esc sends nothing, confirming lists it', async () => {
    panel = await startPanel({ config: patientConfig() });
    await logIn(panel, '1001');
    const number = '+442071234567';
    placeCall(panel, '7002', { number, name: 'Test Caller' }); // Sales: its list has Do not call on 6
    await panel.waitForText('Ring In');
    await panel.press('call.answer');
    await panel.waitForText('On-call');
    await panel.press('call.hangup');
    await panel.waitFor((s) => /Test Caller\s+Ended/.test(s), 'the ended call');
    await panel.key('6');
    const screen = await panel.waitForText('Do not call — Test Caller');
    expect(screen.replace(/[║\s]+/g, ' ')).toContain(`${number} goes on the do-not-call list: no campaign will ever dial it again.`);
    expectFits(panel.frame());
    await panel.press('dialog.cancel');
    await panel.waitFor((s) => !s.includes('Do not call — Test Caller'), 'the question to close');
    expect(panel.sent('disposition.submit')).toEqual([]);
    await panel.key('6');
    await panel.waitForText('Do not call — Test Caller');
    await panel.press('dialog.confirm');
    await panel.waitForText('Disposition submitted successfully');
    expect(panel.sent('disposition.submit')).toHaveLength(1);
    expect(panel.server.engine.state.get('dnc', number)).toBeDefined();
  });
});
