import { afterEach, describe, expect, it } from 'vitest';
import { demoConfig } from '../helpers.js';
import { answerAndEnd, expectFits, fillFormHalfway, logIn, type Panel, startPanel } from './support.js';

/**
 * Terminals change size under an agent at work (a window dragged, an SSH
 * client's window): what was being typed stays, whatever the layout becomes.
 */
let panel: Panel;
afterEach(async () => {
  await panel?.close();
});

/** The demo with a screen pop on Support: from 130 columns the page sits beside the call. */
function configWithScreenPop() {
  const config = demoConfig();
  // Nothing listens there: the pane only has to be on screen.
  config.voiceQueues.find((q) => q.number === '7001')!.screenPopUrl = 'http://127.0.0.1:9/crm?number={caller.number}';
  return config;
}

describe('resizing the terminal', () => {
  it('keeps a feedback form being filled in when the screen pop moves beside the call and back', async () => {
    panel = await startPanel({ config: configWithScreenPop() });
    await logIn(panel, '1001');
    await answerAndEnd(panel);
    await fillFormHalfway(panel);

    await panel.resize(200, 60);
    let screen = await panel.waitFor((s) => /Screen pop.*\n.*│/.test(s) || /│\s+─ Screen pop/.test(s), 'the screen pop beside the call');
    expect(screen).toContain('(•) Billing');
    expect(screen).toContain('(•) Yes');
    expect(screen).toContain('Notes                 wants a refund');

    await panel.resize(80, 24);
    screen = await panel.waitFor((s) => !/│\s+─ Screen pop/.test(s), 'the screen pop below the call again');
    expect(screen).toContain('Notes                 wants a refund');
    expectFits(panel.frame());
    await panel.press('feedback.submit');
    await panel.waitForText('Feedback form submitted successfully');
    expect(panel.sent('form.submit').at(-1)!.args).toMatchObject({ values: { topic: 'Billing', notes: 'wants a refund' } });
  });
});
