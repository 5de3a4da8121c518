import { afterEach, describe, expect, it } from 'vitest';
import { resetKeymap, setKeymap } from '../../src/keys/keymap.js';
import { command, keyHint } from '../../src/keys/registry.js';
import { themeFor } from '../../src/ui/theme.js';
import { FakeClock } from '../fake-clock.js';
import { demoConfig } from '../helpers.js';
import { answerAndEnd, expectFits, footerOf, loginAgent, logIn, patientConfig, placeCall, startPanel, type Panel } from './support.js';

/**
 * Inbound voice from the agent's side, at 80x24: a call rings, is answered,
 * held, resumed and hung up; the disposition goes in by hotkey and the
 * feedback form by the form widget, and only then does the call leave.
 */
let panel: Panel;
afterEach(async () => {
  await panel?.close();
});

const hint = (id: string) => `${keyHint(command(id))} ${command(id).label}`;
/** The disposition hotkeys' hint, whichever digits apply ("1-4 disposition", "1,2,6 disposition"). */
const DISPOSITION_KEYS = /(^|\s)[\d,-]+ disposition\b/;
const header = (screen: string) => screen.split('\n').slice(0, 2).join('\n');
const callsOf = (agent: string) => [...panel.server.engine.state.all('call')].filter((c) => c.agent === agent);

/** Answered and hung up: the call of `agent` now waits for its disposition (and form), its dispositions listed. */
async function answeredAndEnded(queue = '7001'): Promise<string> {
  await answerAndEnd(panel, queue);
  return panel.waitFor((s) => /1\s+Resolved|1\s+Sale/.test(s), 'the ended call with its dispositions');
}

/** Make sure every key pressed so far was handled: `?` opens help only once they were. */
async function keysHandled(): Promise<void> {
  await panel.press('app.help');
  await panel.waitForText(/Keys\s+\(/);
  await panel.press('help.close');
  await panel.waitFor((s) => !/Keys\s+\(/.test(s), 'the help overlay to close');
}

describe('a queue call from ring to completion', () => {
  it('times ON HOLD in the header from the hold, as the call does, not from when the call began', async () => {
    const clock = new FakeClock('2026-01-05T10:00:00Z');
    panel = await startPanel({ clock, config: patientConfig() });
    await logIn(panel, '1001');
    panel.client.store.clockOffsetMs = clock.now() - Date.now();
    placeCall(panel, '7001');
    await panel.waitForText('Ring In');
    await panel.press('call.answer');
    await panel.waitFor((s) => /Test Caller\s+On-call/.test(s), 'the call on-call');
    // Two minutes of talk, then half a minute on hold.
    clock.advance(120_000);
    panel.client.store.clockOffsetMs = clock.now() - Date.now();
    await panel.press('call.hold');
    await panel.waitFor(() => callsOf('1001')[0]?.state === 'on-hold', 'the call held');
    clock.advance(30_000);
    panel.client.store.clockOffsetMs = clock.now() - Date.now();
    // The live clocks redraw on their own second: wait for both to have read the new time.
    const screen = await panel.waitFor((s) => /ON HOLD 0:3\d {3}wait/.test(s) && /ON HOLD \d:\d\d {2}available/.test(header(s)) && !/ON HOLD 0:0\d {2}/.test(header(s)), 'the call held for half a minute');
    expect(header(screen)).toMatch(/ON HOLD 0:3\d {2}available/);
  });

  it('rings with a notice, is answered, held, resumed, hung up, disposed by hotkey, and leaves once the form is in', async () => {
    panel = await startPanel();
    await logIn(panel, '1001');

    placeCall(panel, '7001');
    await panel.waitForText('Ring In');
    let screen = await panel.waitForText('Incoming call from Test Caller — Support');
    expect(screen).toMatch(/› ↙ Test Caller\s+Ring In\s+\d:\d\d/);
    expect(screen).toContain('Support (7001)');
    expect(footerOf(screen)).toContain(hint('call.answer'));
    expect(footerOf(screen)).toContain(hint('call.decline'));
    expect(footerOf(screen)).not.toContain(hint('call.hold'));
    expectFits(panel.frame());

    await panel.press('call.answer');
    screen = await panel.waitFor((s) => /↙ Test Caller\s+On-call/.test(s), 'the call on-call');
    expect(screen).toContain('─ Support (7001)');
    expect(screen).toContain('Post Call Survey');
    expect(screen).toMatch(/Test Caller\s+\+441234/);
    expect(screen).toMatch(/On-call\s+wait \d:\d\d\s+talk \d:\d\d\s+hold 0:00/);
    expect(header(screen)).toMatch(/ON CALL \d:\d\d {2}available/);
    expect(footerOf(screen)).toContain(hint('call.hold'));
    expect(footerOf(screen)).toContain(hint('call.hangup'));
    expect(footerOf(screen)).not.toContain(hint('call.answer'));
    expectFits(panel.frame());

    // The survey label explains itself on request.
    await panel.press('call.surveyInfo');
    await panel.waitForText('The customer will be asked to fill out a survey at the end of the call.');

    await panel.press('call.hold');
    screen = await panel.waitFor((s) => /ON HOLD \d:\d\d/.test(s) && /Test Caller\s+On Hold/.test(s), 'the call on hold');
    expect(callsOf('1001')[0]!.state).toBe('on-hold');
    expect(footerOf(screen)).toContain(hint('call.resume'));
    expect(footerOf(screen)).not.toContain(hint('call.hold'));

    await panel.press('call.resume');
    screen = await panel.waitFor((s) => /Test Caller\s+On-call/.test(s) && !s.includes('ON HOLD'), 'the call resumed');
    expect(callsOf('1001')[0]!.state).toBe('on-call');

    await panel.press('call.hangup');
    screen = await panel.waitFor((s) => /Test Caller\s+Ended.*owes disposition, form/.test(s), 'the ended call owing disposition and form');
    // Each disposition with its hotkey; the header says what wrap-up waits for.
    expect(screen).toMatch(/Dispositions\s+1\s+Resolved\s+2\s+Escalated\s+3\s+Call back\s+4\s+Wrong number/);
    expect(header(screen)).toMatch(/WRAP-UP \d:\d\d/);
    expect(header(screen)).toContain('owes disposition and form');
    // Support's four dispositions, by their keys.
    expect(footerOf(screen)).toContain('1-4 disposition');
    expectFits(panel.frame());

    await panel.key('1');
    screen = await panel.waitForText('Disposition submitted successfully');
    expect(callsOf('1001')[0]!.disposition).toMatchObject({ code: 'RES', name: 'Resolved' });
    // Still listed: the form is owed.
    screen = await panel.waitFor((s) => /Test Caller\s+Ended.*owes form/.test(s), 'the call still listed, owing its form');
    expect(screen).toContain('✓ Resolved (RES) submitted');
    expect(header(screen)).toContain('owes form');

    await panel.press('call.startForm');
    screen = await panel.waitForText('editing');
    expect(screen).toMatch(/› Topic \*\s+\( \) Billing/);
    await panel.press('form.right');
    await panel.waitForText('(•) Billing');
    expectFits(panel.frame());
    await panel.press('feedback.submit');
    screen = await panel.waitForText('No calls right now');
    expect(callsOf('1001')).toEqual([]);
    expect(panel.sent('form.submit').at(-1)!.args).toMatchObject({ values: { topic: 'Billing' } });
    expect(screen).not.toContain('Test Caller');
    expectFits(panel.frame());
  });

  it('a hotkey pressed twice, as a script typing fast would, submits once and shows no error', async () => {
    // A slow link: the second press arrives while the first is still on its way.
    panel = await startPanel({ latencyMs: 150 });
    await logIn(panel, '1001');
    await answeredAndEnded();
    // Both keys in one read, as from tmux send-keys or a paste; then one more at once.
    await panel.write('11');
    await panel.key('1');
    await panel.waitForText('Disposition submitted successfully');
    await panel.waitForText('✓ Resolved (RES) submitted');
    await keysHandled();
    await panel.key('1');
    await keysHandled();
    expect(panel.sent('disposition.submit')).toHaveLength(1);
    expect(callsOf('1001')[0]!.disposition?.code).toBe('RES');
    expect(panel.screen()).not.toMatch(/already|Error/i);
  });

  it('a digit does nothing while no answered call owes a disposition: no command, no message', async () => {
    panel = await startPanel();
    await logIn(panel, '1001');
    await panel.key('1');
    await keysHandled();
    placeCall(panel, '7001');
    const ringing = await panel.waitForText('Ring In');
    expect(footerOf(ringing)).not.toMatch(DISPOSITION_KEYS);
    await panel.key('2');
    await keysHandled();
    expect(panel.sent('disposition.submit')).toEqual([]);
    expect(panel.screen()).not.toMatch(/disposition/i);
  });

  it('a hotkey that is no disposition of the queue says so and sends nothing', async () => {
    panel = await startPanel();
    await logIn(panel, '1001');
    await answeredAndEnded();
    await panel.key('9');
    await panel.waitForText('No disposition has hotkey 9 in Support (7001).');
    expect(panel.sent('disposition.submit')).toEqual([]);
  });

  it('h lists every disposition and its hotkey for the current queue', async () => {
    panel = await startPanel();
    await logIn(panel, '1001');
    // No call: the dispositions of every queue of the session.
    await panel.press('call.hotkeys');
    let screen = await panel.waitForText('HK — dispositions and hotkeys');
    expect(screen).toMatch(/Support \(7001\)[\s\S]*1\s+Resolved[\s\S]*2\s+Escalated[\s\S]*Sales \(7002\)[\s\S]*1\s+Sale[\s\S]*6\s+Do not call/);
    expectFits(panel.frame());
    await panel.press('hotkeys.close');
    await panel.waitFor((s) => !s.includes('HK —'), 'the HK list to close');

    // With a Sales call selected, only Sales.
    placeCall(panel, '7002');
    await panel.waitForText('Ring In');
    await panel.press('call.answer');
    await panel.waitForText('On-call');
    await panel.press('call.hotkeys');
    screen = await panel.waitForText('HK — dispositions and hotkeys');
    // A queue call has no lead: its callback is listed with the reason it cannot be given, not offered as a type.
    expect(screen).toMatch(/Sales \(7002\)[\s\S]*5\s+Personal callback\s+PCB\s+queue call: no lead to call back/);
    expect(screen).not.toContain('Resolved');
  });

  it('a digit pressed in the HK list submits that disposition, as the list says, and closes it', async () => {
    panel = await startPanel();
    await logIn(panel, '1001');
    await answeredAndEnded();
    await panel.press('call.hotkeys');
    const screen = await panel.waitForText('HK — dispositions and hotkeys');
    expect(screen).toContain('a digit submits while a call awaits one');
    expect(footerOf(screen)).toContain('1-4 disposition');
    await panel.key('2');
    await panel.waitForText('Disposition submitted successfully');
    await panel.waitFor((s) => !s.includes('HK —'), 'the HK list to close');
    expect(callsOf('1001')[0]!.disposition?.code).toBe('ESC');
  });

  it('a call from a queue with dispositions but no form leaves once disposed', async () => {
    panel = await startPanel();
    await logIn(panel, '1005');
    let screen = await answeredAndEnded('7003');
    expect(screen).toContain('─ Billing (7003)');
    expect(screen).not.toContain('Feedback form');
    await panel.key('2');
    screen = await panel.waitForText('No calls right now');
    expect(screen).toContain('Disposition submitted successfully');
    expect(callsOf('1005')).toEqual([]);
  });

  it('c copies the caller number', async () => {
    panel = await startPanel();
    await logIn(panel, '1001');
    placeCall(panel, '7001');
    await panel.waitForText('Ring In');
    await panel.press('call.copyNumber');
    await panel.waitForText('Copied +441234 to the clipboard.');
  });
});

describe('a long disposition list', () => {
  it('shows what fits and how many more; / finds one by code or name and Enter submits it', async () => {
    const config = demoConfig();
    const extra = ['Billing query', 'Refund', 'Complaint', 'Upgrade', 'Downgrade', 'Cancel', 'Address change', 'Password reset', 'Outage'];
    config.dispositions.support!.push(...extra.map((name, i) => ({ name, code: `X${i}`, color: 'white', type: 'final' as const })));
    panel = await startPanel({ config });
    await logIn(panel, '1001');
    let screen = await answeredAndEnded('7001');
    screen = await panel.waitForText(/\+\d+ more, \/ find/);
    expect(screen).toMatch(/1\s+Resolved/);
    expectFits(panel.frame());

    await panel.press('disposition.search');
    screen = await panel.waitForText('Find disposition:');
    await panel.type('ref');
    screen = await panel.waitForText('1 of 13');
    expect(screen).toContain('Refund');
    expect(screen).not.toContain('Resolved');
    await panel.press('disposition.choose');
    await panel.waitForText('Disposition submitted successfully');
    expect(callsOf('1001')[0]!.disposition).toMatchObject({ code: 'X1', name: 'Refund' });
    expect(panel.sent('disposition.submit').at(-1)!.args).toMatchObject({ code: 'X1' });
  });

  it('Esc closes the search without submitting; the hotkeys work again', async () => {
    panel = await startPanel();
    await logIn(panel, '1001');
    await answeredAndEnded('7001');
    await panel.press('disposition.search');
    await panel.waitForText('Find disposition:');
    await panel.type('esc');
    let screen = await panel.waitForText('1 of 4');
    expect(screen).toContain('Escalated');
    await panel.press('disposition.close');
    screen = await panel.waitFor((s) => !s.includes('Find disposition:'), 'the search to close');
    expect(panel.sent('disposition.submit')).toEqual([]);
    await panel.key('2');
    await panel.waitForText('Disposition submitted successfully');
    expect(callsOf('1001')[0]!.disposition?.code).toBe('ESC');
  });
});

describe('the feedback form', () => {
  it("names the key that starts it as the footer does, the agent's own key too", async () => {
    panel = await startPanel();
    await logIn(panel, '1001');
    let screen = await answeredAndEnded();
    expect(screen).toContain('Feedback form: Support call  read-only — s start form');
    expect(footerOf(screen)).toContain('s start form');

    // An agent who starts forms with f is told f, in the title as in the footer.
    expect(setKeymap({ 'call.startForm': 'f' })).toEqual([]);
    try {
      screen = await panel.waitForText('read-only — f start form');
      expect(footerOf(screen)).toContain('f start form');
    } finally {
      resetKeymap();
    }
  });

  it("keeps the values and shows the server's sentence when a value is out of range", async () => {
    panel = await startPanel();
    await logIn(panel, '1005');
    placeCall(panel, '7002');
    await panel.waitForText('Ring In');
    await panel.press('call.answer');
    let screen = await panel.waitForText('Feedback form: Sales call');
    expect(screen).toContain('read-only — s start form');
    // Read-only until started: typing does nothing to it.
    await panel.press('call.startForm');
    await panel.waitForText('editing');
    await panel.type('9');
    await panel.press('form.next');
    await panel.type('2026-04-01');
    await panel.press('feedback.submit');
    screen = await panel.waitForText('Interest (1-5) must be a number from 1 to 5.');
    expect(screen).toMatch(/› Interest \(1-5\) \*\s+9/);
    expect(screen).toMatch(/Follow-up date\s+2026-04-01/);
    expect(callsOf('1005')[0]!.form).toBeNull();
    expectFits(panel.frame());

    await panel.key('backspace');
    await panel.type('4');
    await panel.press('feedback.submit');
    screen = await panel.waitForText('✓ submitted');
    expect(screen).toContain('Feedback form submitted successfully');
    expect(screen).toMatch(/Interest \(1-5\) \*\s+4/);
    expect(callsOf('1005')[0]!.form!.values).toEqual({ interest: 4, follow_up: '2026-04-01' });
    // The disposition is still owed: the call stays.
    expect(screen).toMatch(/1\s+Sale\s+2\s+Not interested/);
  });

  it('Esc asks before discarding what was entered; Esc on an untouched form just closes it', async () => {
    panel = await startPanel();
    await logIn(panel, '1001');
    await answeredAndEnded();
    await panel.press('call.startForm');
    await panel.waitForText('editing');
    await panel.press('feedback.cancel');
    let screen = await panel.waitForText('read-only — s start form');
    expect(screen).not.toContain('Discard the entered values?');

    await panel.press('call.startForm');
    await panel.waitForText('editing');
    await panel.press('form.right');
    await panel.waitForText('(•) Billing');
    await panel.press('feedback.cancel');
    screen = await panel.waitForText('Discard the entered values?');
    expect(footerOf(screen)).toContain(hint('dialog.confirm'));
    await panel.press('dialog.cancel');
    screen = await panel.waitFor((s) => !s.includes('Discard the entered values?'), 'the question to close');
    expect(screen).toContain('(•) Billing');
    expect(screen).toContain('editing');

    await panel.press('feedback.cancel');
    await panel.waitForText('Discard the entered values?');
    await panel.press('dialog.confirm');
    screen = await panel.waitForText('read-only — s start form');
    expect(screen).not.toContain('(•) Billing');
    expect(panel.sent('form.submit')).toEqual([]);
  });

  it("the question before discarding names the agent's own keys to answer it", async () => {
    panel = await startPanel();
    await logIn(panel, '1001');
    await answeredAndEnded();
    await panel.press('call.startForm');
    await panel.waitForText('editing');
    await panel.press('form.right');
    await panel.waitForText('(•) Billing');
    await panel.press('feedback.cancel');
    await panel.waitForText('Discard the entered values?');
    expect(setKeymap({ 'dialog.confirm': 'ctrl+o', 'dialog.cancel': 'ctrl+w' })).toEqual([]);
    try {
      const screen = await panel.waitForText('Ctrl+O discard');
      expect(screen).toContain('Discard the entered values? Ctrl+O discard · Ctrl+W keep editing');
      await panel.key('ctrl+w');
      await panel.waitFor((s) => !s.includes('Discard the entered values?') && s.includes('(•) Billing'), 'kept editing by Ctrl+W');
    } finally {
      resetKeymap();
    }
  });
});

describe('transfer', () => {
  it("transfers to a queue; a number that cannot be dialled is refused in the dialog with the server's sentence", async () => {
    panel = await startPanel();
    await logIn(panel, '1001');
    placeCall(panel, '7001');
    await panel.waitForText('Ring In');
    await panel.press('call.answer');
    await panel.waitForText('On-call');

    await panel.press('call.transfer');
    let screen = await panel.waitForText('Transfer Test Caller');
    expect(screen).toMatch(/› Support \(7001\)/);
    expect(screen).toContain('Billing (7003)');
    expectFits(panel.frame());

    // A number the server refuses: the sentence shows and the dialog stays.
    await panel.press('transfer.nextKind');
    await panel.press('transfer.nextKind');
    await panel.waitForText('Type the number');
    await panel.type('call me');
    await panel.press('transfer.confirm');
    screen = await panel.waitForText('"call me" is not a number that can be dialled.');
    expect(screen).toContain('Transfer Test Caller');

    // Agents who cannot take it are listed but not chosen.
    await panel.press('transfer.prevKind');
    screen = await panel.waitForText('No agent is free to take it now');
    expect(screen).toMatch(/Ben Okafor\s+1002\s+Logged off/);

    await panel.press('transfer.prevKind');
    await panel.waitForText('› Support (7001)');
    await panel.press('list.down');
    await panel.waitForText('› Sales (7002)');
    await panel.press('transfer.confirm');
    screen = await panel.waitForText('Transferred Test Caller to Sales (7002).');
    expect(screen).not.toContain('Transfer Test Caller');
    const moved = [...panel.server.engine.state.all('call')].find((c) => c.queue === '7002');
    expect(moved?.caller.number).toBe('+441234');
  });
});

describe('calls through an Enhanced Ring Group', () => {
  it("names the group the caller rang, in the notice and on the call's widget", async () => {
    panel = await startPanel();
    await logIn(panel, '1001');
    placeCall(panel, '7100'); // the demo's Reception group, in front of Support
    const screen = await panel.waitForText('Incoming call from Test Caller — Support via Reception');
    expect(screen).toMatch(/─ Support \(7001\)\s+ERG: Reception/);
    expectFits(panel.frame());
    expect([...panel.server.engine.state.all('call')]).toMatchObject([{ queue: '7001', erg: 'Reception' }]);
  });
});

describe('calls between agents', () => {
  it('a call from another agent rings as internal (↔), needs no disposition, and leaves when hung up', async () => {
    panel = await startPanel();
    await logIn(panel, '1002');
    const ava = loginAgent(panel.server, '1001');
    ava('call.dial', { to: '1002' });
    await panel.waitForText(/› ↔ Ava Turner\s+Ring In/);
    let screen = await panel.waitForText('Incoming call from Ava Turner — internal call');
    expect(screen).toContain('─ Internal call');
    expect(screen).not.toContain('Post Call Survey');
    await panel.press('call.answer');
    screen = await panel.waitFor((s) => /↔ Ava Turner\s+On-call/.test(s), 'the internal call on-call');
    expect(screen).not.toContain('Dispositions');
    expect(footerOf(screen)).not.toMatch(DISPOSITION_KEYS);
    await panel.press('call.hangup');
    await panel.waitForText('No calls right now');
    expect(panel.server.engine.state.agent('1002')!.activity).toBe('idle');
  });

  it('transfers to an agent who is free; agents who are not cannot be chosen', async () => {
    panel = await startPanel();
    const carla = loginAgent(panel.server, '1003');
    carla('agent.pause', { reason: 'Break' });
    await logIn(panel, '1001');
    placeCall(panel, '7001');
    await panel.waitForText('Ring In');
    await panel.press('call.answer');
    await panel.waitForText('On-call');
    // Ben logs in once the call is mine, so the queue does not offer it to him first.
    loginAgent(panel.server, '1002');
    await panel.press('call.transfer');
    await panel.waitForText('Transfer Test Caller');
    await panel.press('transfer.nextKind');
    let screen = await panel.waitForText(/› Ben Okafor\s+1002\s+Available/);
    expect(screen).toMatch(/Carla Mendes\s+1003\s+Paused \(Break\)/);
    // ↓ skips those who cannot take it: it comes back to Ben, the only one free.
    await panel.press('list.down');
    screen = await panel.waitForText(/› Ben Okafor/);
    await panel.press('transfer.confirm');
    await panel.waitForText('Transferred Test Caller to Ben Okafor (1002).');
    expect(panel.server.engine.state.agent('1002')!.activity).toBe('ringing');
  });
});

describe('without colour', () => {
  it('NO_COLOR: no colour codes, yet the ringing state and hotkeys stand out', async () => {
    panel = await startPanel({ theme: themeFor({ NO_COLOR: '1' }) });
    await logIn(panel, '1001');
    placeCall(panel, '7001');
    await panel.waitForText('Ring In');
    expect(panel.frame()).not.toMatch(/\u001b\[(3[0-9]|4[0-9]|9[0-7]|10[0-7])m/);
    expect(panel.frame()).toMatch(/\u001b\[7m(\u001b\[1m)?Ring In/);
    await panel.press('call.answer');
    await panel.waitForText('On-call');
    await panel.press('call.hangup');
    await panel.waitForText('Resolved');
    const frame = panel.frame();
    expect(frame).not.toMatch(/\u001b\[(3[0-9]|4[0-9]|9[0-7]|10[0-7])m/);
    // The hotkey is drawn inverse, so it reads as a key without colour.
    expect(frame).toMatch(/\u001b\[7m 1 /);
    expectFits(frame);
  });
});
