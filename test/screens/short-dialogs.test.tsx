import { afterEach, describe, expect, it } from 'vitest';
import { demoConfig } from '../helpers.js';
import { answerAndEnd, expectFits, footerOf, logIn, placeCall, startPanel, type Panel } from './support.js';

/**
 * The tall dialogs drawn in the Calls tab (the feedback form being filled in,
 * the transfer dialog) at the 60x16 minimum and at 70x20, with the banner of
 * an unreachable phone (two lines) above them. They took more rows than were
 * left: Yoga drew their lines over each other and over the call's widget, the
 * field being typed in was off the screen ("Topic is required" about a field
 * nobody could see) and the transfer dialog lost its tabs and its border.
 */
let panel: Panel | undefined;
afterEach(async () => {
  await panel?.close();
  panel = undefined;
});

const SIZES = [
  { columns: 60, rows: 16 },
  { columns: 70, rows: 20 },
] as const;

/** What the core does when the telephony side cannot reach agent 1001's phone: the two-line banner. */
function markUnreachable(p: Panel) {
  p.server.engine.run((ctx) => {
    const a = ctx.state.agent('1001')!;
    const now = ctx.clock.now();
    ctx.tx.put('agent', { ...a, deviceUnreachable: { reason: 'no answer', since: now, failures: 1, waitUntil: now + 60_000 } }, 'device-unreachable');
  });
}

/** The demo with a longer Support form: more fields than rows left at 60x16. */
function longFormConfig() {
  const config = demoConfig();
  const form = config.feedbackForms['support-call']!;
  for (const name of ['order', 'product', 'serial', 'warranty', 'contract', 'region', 'agent_notes', 'next_step']) form.fields.push({ name, label: name.replace('_', ' '), type: 'text' });
  return config;
}

const lines = (screen: string) => screen.split('\n');

describe.each(SIZES)('at $columns x $rows under two banner lines', ({ columns, rows }) => {
  it('the feedback form being filled in shows the field being typed in and the line under it, the keys in the footer', async () => {
    panel = await startPanel({ columns, rows });
    await logIn(panel, '1001');
    await answerAndEnd(panel);
    markUnreachable(panel);
    await panel.waitForText('cannot be reached');
    await panel.press('call.startForm');
    let screen = await panel.waitForText('editing');
    // Every field on its own line, the focused one first, and nothing drawn over another.
    expect(screen).toMatch(/^ › Topic \*/m);
    expect(screen).toMatch(/^ {3}Customer satisfied +\( \) Yes {2}\( \) No/m);
    expect(screen).toMatch(/^ {3}Notes/m);
    expect(screen).toMatch(/^ \* required/m);
    expect(footerOf(screen)).toContain('Enter submit form');
    expect(footerOf(screen)).toContain('Esc cancel');
    expectFits(panel.frame(), columns, rows);

    await panel.press('form.right');
    await panel.press('form.next');
    await panel.press('form.next');
    await panel.type('wants a refund');
    screen = await panel.waitForText('wants a refund');
    expect(screen).toMatch(/^ › Notes +wants a refund/m);
    await panel.press('feedback.submit');
    await panel.waitForText('Feedback form submitted successfully');
    expect(panel.sent('form.submit').at(-1)!.args.values).toEqual({ topic: 'Billing', notes: 'wants a refund' });
  });

  it('a form longer than the rows left scrolls, the field being typed in always on screen', async () => {
    panel = await startPanel({ columns, rows, config: longFormConfig() });
    await logIn(panel, '1001');
    await answerAndEnd(panel);
    markUnreachable(panel);
    await panel.waitForText('cannot be reached');
    await panel.press('call.startForm');
    let screen = await panel.waitForText('editing');
    expect(screen).toMatch(/Fields 1-\d of 11 · \* required/);
    expectFits(panel.frame(), columns, rows);
    for (let i = 0; i < 10; i++) await panel.press('form.next');
    screen = await panel.waitFor((s) => /^ › next step/m.test(s), 'the last field focused, on screen');
    expect(screen).toMatch(/Fields \d-11 of 11 · \* required/);
    expect(screen).not.toContain('› Topic');
    await panel.type('call Friday');
    await panel.waitFor((s) => /^ › next step +call Friday/m.test(s), 'what was typed, in the last field');
    expectFits(panel.frame(), columns, rows);
    // Back round to the first: it scrolls back.
    await panel.press('form.next');
    screen = await panel.waitFor((s) => /^ › Topic/m.test(s), 'the first field again');
    expect(screen).toMatch(/Fields 1-\d of 11/);
  });

  it('the transfer dialog keeps its tabs, its border and its keys; the list scrolls and says how long it is', async () => {
    panel = await startPanel({ columns, rows });
    await logIn(panel, '1001');
    placeCall(panel, '7001');
    await panel.waitForText('Ring In');
    await panel.press('call.answer');
    await panel.waitForText('On-call');
    markUnreachable(panel);
    await panel.waitForText('cannot be reached');
    await panel.press('call.transfer');
    let screen = await panel.waitForText('Transfer Test Caller');
    const dialog = () => {
      const all = lines(panel!.screen());
      return all.slice(all.findIndex((l) => l.startsWith('╭')), all.findIndex((l) => l.startsWith('╰')) + 1);
    };
    expect(screen).toMatch(/│ +Queue │ Agent │ Number/);
    expect(screen).toMatch(/› Support \(7001\)/);
    expect(dialog().at(-1)).toMatch(/^╰─+╯$/);
    expect(dialog().at(-2)).toContain('Enter transfer · Esc cancel');
    expectFits(panel.frame(), columns, rows);
    // The queues fit at 70x20; at 60x16 the list is cut, says so and scrolls to the last.
    if (columns === 60) {
      expect(dialog().at(-2)).toMatch(/1-\d of 3 · /);
      await panel.press('list.down');
      await panel.press('list.down');
      screen = await panel.waitFor((s) => s.includes('› Billing (7003)'), 'Billing chosen, on screen');
      expect(dialog().at(-2)).toMatch(/\d-3 of 3 · /);
    }
    // Nobody free to take it: the sentence is shortened so that Esc cancel stays on the line.
    await panel.press('transfer.nextKind');
    screen = await panel.waitForText('Tab another target');
    expect(screen).toMatch(/│ +Queue │ Agent │ Number/);
    expect(dialog().at(-1)).toMatch(/^╰─+╯$/);
    expect(dialog().at(-2)).toMatch(/Tab another target · Esc cancel +│$/);
    expectFits(panel.frame(), columns, rows);
  });
});
