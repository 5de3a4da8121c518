// The agent's own clock reads like the server's in these tests (callback times are typed on it).
process.env.TZ = 'UTC';

import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { parseLeadCsv } from '../../src/cli/lead-csv.js';
import type { Config } from '../../src/core/config/schema.js';
import { importLeads, type LeadRow } from '../../src/core/dialer/import.js';
import { refreshCampaignStats } from '../../src/core/dialer/stats.js';
import { FakeClock } from '../fake-clock.js';
import { resetKeymap, setKeymap } from '../../src/keys/keymap.js';
import { command, keyHint } from '../../src/keys/registry.js';
import { themeFor } from '../../src/ui/theme.js';
import { demoConfig } from '../helpers.js';
import { answerAndEnd, expectFits, footerOf, loginAgent, logIn, rebind, startPanel, type Panel } from './support.js';

/**
 * Outbound work from the agent's side, at 80x24, on a fake clock: the
 * progressive countdown that dials by itself, preview Next / Skip / Dial, a
 * dial refused outside the calling window, callbacks (asked for their time,
 * listed, disposed again), DNC asking first, the working mode switched by key,
 * the blended reason, the campaign's notices, and a lead field copied (OSC 52).
 */
let panel: Panel;
afterEach(async () => {
  vi.restoreAllMocks();
  await panel?.close();
});

const DEMO_LEADS = new URL('../../config/demo-leads.csv', import.meta.url);
const hint = (id: string) => `${keyHint(command(id))} ${command(id).label}`;
const header = (screen: string) => screen.split('\n').slice(0, 2).join('\n');
/** The header's second line: campaign, blended mode, queue counts. */
const sessionLine = (screen: string) => screen.split('\n')[1]!.trimEnd();
/** Sentences may wrap: compare them with the line breaks and margins taken out. */
const flat = (screen: string) => screen.replace(/[║│]/g, ' ').replace(/\s+/g, ' ');

/** Leads always answer in person after 3 s of ringing, and talk for long. */
function dialerConfig(): Config {
  const config = demoConfig();
  config.simulator.leads = { live: 1, noAnswer: 0, busy: 0, machine: 0 };
  config.simulator.ringSeconds = { min: 3, max: 3 };
  config.simulator.talkSeconds = { min: 100_000, max: 100_000 };
  config.simulator.patienceSeconds = { min: 100_000, max: 100_000 };
  return config;
}

function addLeads(campaign: string, rows: Array<Omit<LeadRow, 'line'>>) {
  return panel.server.engine.run((ctx) => importLeads(ctx, campaign, rows.map((r, i) => ({ line: i + 2, ...r }))));
}

const london = (n: number, name: string, fields: Record<string, string> = {}) => ({ phone: `020 7946 00${String(n).padStart(2, '0')}`, name, timeZone: 'Europe/London', fields });

/**
 * Time passes on the server's fake clock; the panel, whose own clock is real,
 * is set to read the server's time again (as it does at login), so its timers
 * show what the agent would see after that much time.
 */
async function advance(clock: FakeClock, ms: number): Promise<void> {
  clock.advance(ms);
  panel.client.store.clockOffsetMs = clock.now() - Date.now();
}

const leadsOf = (campaign: string) => [...panel.server.engine.state.all('lead')].filter((l) => l.campaign === campaign);
const callsOf = (agent: string) => [...panel.server.engine.state.all('call')].filter((c) => c.agent === agent);

/** Log in through the screens choosing the strategy and, with it, the campaign. */
/** Agent 1005 logs in to Renewals (a preview campaign), takes the next lead, Ann Lee in London, and dials her. */
async function dialAnnLee(clock: FakeClock, fields?: Record<string, string>): Promise<void> {
  addLeads('preview-renewals', [london(1, 'Ann Lee', fields)]);
  await logInTo('1005', 'Outbound', 'Renewals');
  panel.client.store.clockOffsetMs = clock.now() - Date.now();
  await panel.press('dialer.next');
  await panel.waitForText('Lead: Ann Lee');
  await panel.press('dialer.dial');
}

async function logInTo(agent: string, strategy: 'Outbound' | 'Blended', campaign: string): Promise<string> {
  await panel.type(agent);
  await panel.press('form.next');
  await panel.type(agent);
  await panel.press('login.submit');
  await panel.waitForText('Agent login');
  for (let i = 0; i < (strategy === 'Outbound' ? 1 : 2); i++) await panel.key('right');
  await panel.waitFor((s) => s.includes(`(•) ${strategy}`), `${strategy} to be chosen`);
  await panel.press('form.next');
  await panel.press('form.next');
  await panel.waitFor((s) => /› Campaign/.test(s), 'the Campaign row');
  for (let i = 0; i < 4 && !panel.screen().includes(`(•) ${campaign} (`); i++) {
    await panel.key('right');
    await panel.waitFor(() => true, 'a redraw');
  }
  await panel.waitForText(`(•) ${campaign} (`);
  await panel.press('agentLogin.submit');
  return panel.waitFor((s) => /AVAILABLE|available/.test(s) && s.includes('Profile'), 'the agent panel');
}

describe('progressive campaign', () => {
  it('shows the lead with a countdown under Dial that runs down on the clock, then dials by itself', async () => {
    const clock = new FakeClock('2026-01-05T10:00:00Z');
    panel = await startPanel({ clock, config: dialerConfig() });
    addLeads('progressive-winback', parseLeadCsv(readFileSync(DEMO_LEADS, 'utf8')));
    await logInTo('1005', 'Outbound', 'Win-back');
    panel.client.store.clockOffsetMs = clock.now() - Date.now();

    // The first lead of the list lives in New York, where it is 05:00: the next one, in London, comes first.
    let screen = await panel.waitForText('Lead: Bruno Fox');
    const lead = leadsOf('progressive-winback').find((l) => l.agent === '1005')!;
    expect(lead).toMatchObject({ name: 'Bruno Fox', phone: '+442079460001', autoDialAt: clock.now() + 15_000 });
    expect(screen).toMatch(/Win-back · previewing/);
    expect(screen).toMatch(/10:00 London · 0 attempts · last dial — · next —/);
    // Every column of the import, the number first.
    expect(flat(screen)).toContain('Number +442079460001 Name Bruno Fox company Wayne Ent. plan Basic last order 2026-07-18');
    expect(screen).toMatch(/d\s+Dial/);
    expect(screen).not.toMatch(/n\s+Next|k\s+Skip/);
    // Fifteen seconds from the offer, counting down on the wall clock (a loaded machine draws a second or two late).
    expect(screen).toMatch(/^\s+Dialling in 0:1[0-5]$/m);
    // Under the Dial button.
    const lines = screen.split('\n');
    expect(lines.findIndex((l) => /Dialling in/.test(l))).toBe(lines.findIndex((l) => /d\s+Dial/.test(l)) + 1);
    expect(screen).toContain('Feedback form: Sales call  read-only until the call starts');
    expect(screen).toMatch(/Win-back\s+progressive\s+abandoned 0\.0% of 3%\s+120 leads left\s+0 in flight/);
    expect(footerOf(screen)).toContain(hint('dialer.dial'));
    expect(footerOf(screen)).not.toContain(hint('dialer.next'));
    expectFits(panel.frame());

    await advance(clock, 6000);
    screen = await panel.waitForText(/Dialling in 0:0[89]/);
    await advance(clock, 8000);
    screen = await panel.waitForText(/Dialling in 0:0[01]|Dialling…/);
    expect(callsOf('1005')).toEqual([]);

    // The preview timeout runs out: the system dials the lead, with the agent on the call.
    await advance(clock, 1000);
    const call = callsOf('1005')[0]!;
    expect(call).toMatchObject({ lead: lead.id, agent: '1005', campaign: 'progressive-winback', direction: 'outbound', state: 'ringing' });
    screen = await panel.waitFor((s) => /↗ Bruno Fox\s+Ring Out/.test(s), 'the call ringing out');
    expect(screen).toContain('─ Campaign Win-back');
    expect(flat(screen)).toContain('company Wayne Ent.');
    expect(screen).toContain('read-only until the call starts');
    expect(screen).not.toContain('Dialling in');
    expectFits(panel.frame());

    await advance(clock, 3000);
    screen = await panel.waitFor((s) => /Bruno Fox\s+On-call/.test(s), 'the lead answering');
    expect(screen).toMatch(/Dispositions\s+1\s+Sale/);
    expect(screen).toContain('read-only — s start form');
    expectFits(panel.frame());
  });
});

describe('preview campaign', () => {
  it('n fetches a lead, k skips it, d dials it; DNC asks before it is submitted', async () => {
    const clock = new FakeClock('2026-01-05T10:00:00Z');
    panel = await startPanel({ clock, config: dialerConfig() });
    addLeads('preview-renewals', [london(1, 'Ann Lee', { plan: 'Plus' }), london(2, 'Ben Roy', { plan: 'Basic' })]);
    let screen = await logInTo('1005', 'Outbound', 'Renewals');
    panel.client.store.clockOffsetMs = clock.now() - Date.now();
    screen = await panel.waitForText('Press  n  for the next lead of Renewals.');
    expect(footerOf(screen)).toContain(hint('dialer.next'));
    expect(footerOf(screen)).not.toContain(hint('dialer.dial'));

    await panel.press('dialer.next');
    screen = await panel.waitForText('Lead: Ann Lee');
    expect(screen).toMatch(/d\s+Dial\s+n\s+Next\s+k\s+Skip/);
    expect(screen).not.toContain('Dialling in');
    expect(screen).toContain('read-only until the call starts');
    expect(footerOf(screen)).toContain(hint('dialer.skip'));
    expectFits(panel.frame());

    await panel.press('dialer.next');
    screen = await panel.waitForText('Lead: Ben Roy');
    await panel.press('dialer.skip');
    screen = await panel.waitForText('Press  n  for the next lead of Renewals.');
    expect(panel.server.engine.state.agent('1005')!.activity).toBe('idle');
    expect(leadsOf('preview-renewals').every((l) => l.agent === null)).toBe(true);

    await panel.press('dialer.next');
    screen = await panel.waitForText('Lead: Ann Lee');
    await panel.press('dialer.dial');
    screen = await panel.waitFor((s) => /↗ Ann Lee\s+Ring Out/.test(s), 'the call ringing out');
    expect(callsOf('1005')[0]).toMatchObject({ lead: leadsOf('preview-renewals').find((l) => l.name === 'Ann Lee')!.id, state: 'ringing' });
    await advance(clock, 3000);
    await panel.waitFor((s) => /Ann Lee\s+On-call/.test(s), 'the call on-call');
    await panel.press('call.hangup');
    screen = await panel.waitFor((s) => /Ann Lee\s+Ended.*owes disposition, form/.test(s), 'the call owing its disposition');
    // Working a campaign there is no queue to speak of: it is the next lead that waits (it said "no new queue call").
    screen = await panel.waitFor((s) => header(s).includes('Wrap-up: owes'), 'the wrap-up line');
    expect(header(screen)).toContain('Wrap-up: owes disposition and form — no new lead until they are in');

    // 6 is Do not call: it asks first; Esc sends nothing.
    await panel.key('6');
    screen = await panel.waitForText('Do not call — Ann Lee');
    expect(flat(screen)).toContain('+442079460001 goes on the do-not-call list: no campaign will ever dial it again.');
    expectFits(panel.frame());
    await panel.press('dialog.cancel');
    await panel.waitFor((s) => !s.includes('Do not call — Ann Lee') && /Ann Lee\s+Ended/.test(s), 'the question to close');
    expect(panel.sent('disposition.submit')).toEqual([]);
    await panel.key('6');
    await panel.waitForText('Do not call — Ann Lee');
    await panel.press('dialog.confirm');
    await panel.waitForText('Disposition submitted successfully');
    expect(panel.sent('disposition.submit')).toHaveLength(1);
    expect(panel.sent('disposition.submit')[0]!.args).toMatchObject({ hotkey: '6' });
    expect(panel.server.engine.state.get('dnc', '+442079460001')).toBeDefined();
  });

  it("tells the agent the keys they moved: the next lead's, and while paused the one that unpauses", async () => {
    const clock = new FakeClock('2026-01-05T10:00:00Z');
    panel = await startPanel({ clock, config: dialerConfig() });
    addLeads('preview-renewals', [london(1, 'Ann Lee')]);
    await logInTo('1005', 'Outbound', 'Renewals');
    panel.client.store.clockOffsetMs = clock.now() - Date.now();
    rebind({ 'dialer.next': 'v', 'agent.unpause': 'ctrl+k' });
    let screen = await panel.waitForText('Press  v  for the next lead of Renewals.');
    expect(screen).not.toContain('Press  n ');
    expectFits(panel.frame());

    await panel.press('agent.pause');
    await panel.waitForText('Pause — choose a reason');
    await panel.press('list.choose');
    screen = await panel.waitForText('You are paused: press Ctrl+K to take leads again.');
    expectFits(panel.frame());
    await panel.key('ctrl+k');
    await panel.waitForText('Press  v  for the next lead of Renewals.');
    await panel.key('v');
    await panel.waitForText('Lead: Ann Lee');
  });

  it('says RINGING OUT in the headline while the lead has not answered, ON CALL once they have', async () => {
    const clock = new FakeClock('2026-01-05T10:00:00Z');
    panel = await startPanel({ clock, config: dialerConfig() });
    await dialAnnLee(clock);
    let screen = await panel.waitFor((s) => /↗ Ann Lee\s+Ring Out/.test(s), 'the call ringing out');
    // Nobody has answered yet: the headline must not tell the agent they are talking to someone.
    expect(header(screen)).toMatch(/RINGING OUT \d:\d\d {2}available/);
    expect(header(screen)).not.toContain('ON CALL');
    expectFits(panel.frame());
    await advance(clock, 3000);
    screen = await panel.waitFor((s) => /Ann Lee\s+On-call/.test(s), 'the lead answering');
    expect(header(screen)).toMatch(/ON CALL \d:\d\d {2}available/);
  });

  it('a lead that does not answer: the card goes, and the panel says when the lead is tried again', async () => {
    const clock = new FakeClock('2026-01-05T10:00:00Z');
    const config = dialerConfig();
    config.simulator.leads = { live: 0, noAnswer: 0, busy: 1, machine: 0 };
    panel = await startPanel({ clock, config });
    await dialAnnLee(clock);
    await panel.waitFor((s) => /↗ Ann Lee\s+Ring Out/.test(s), 'the call ringing out');
    await advance(clock, 3000);
    // Busy: tried again after the campaign's retry delay (60 min).
    const screen = await panel.waitForText('Ann Lee: busy — next dial 11:00.');
    expect(screen).toContain('Press  n  for the next lead of Renewals.');
    expect(leadsOf('preview-renewals')[0]).toMatchObject({ status: 'busy', nextDialAt: Date.parse('2026-01-05T11:00:03Z') });
  });

  it('a Dial after the calling window closed is refused with the lead\'s local time (NO_COLOR: said without colour)', async () => {
    // 20:59 in London in January.
    const clock = new FakeClock('2026-01-05T20:59:00Z');
    panel = await startPanel({ clock, config: dialerConfig(), theme: themeFor({ NO_COLOR: '1' }) });
    addLeads('preview-renewals', [london(1, 'Ann Lee')]);
    await logInTo('1005', 'Outbound', 'Renewals');
    panel.client.store.clockOffsetMs = clock.now() - Date.now();
    await panel.press('dialer.next');
    await panel.waitForText(/20:59 London/);
    await advance(clock, 60_000);
    await panel.waitForText(/21:00 London/);
    await panel.press('dialer.dial');
    const screen = await panel.waitFor((s) => flat(s).includes('Refused: It is 21:00 for this lead (Europe/London); calls are allowed from 08:00 to 21:00 local time.'), 'the refusal');
    expect(panel.frame()).not.toMatch(/\u001b\[(3\d|4\d|9[0-7]|10[0-7])m/);
    // The lead stays on the card, not dialled.
    expect(screen).toContain('Lead: Ann Lee');
    expect(callsOf('1005')).toEqual([]);
    expectFits(panel.frame());
  });
});

describe('callbacks', () => {
  /** Agent 1005 in Renewals at 10:00 UTC has dialled Ann Lee (London), talked and hung up: the call owes its disposition. */
  async function previewCallEnded(fields?: Parameters<typeof london>[2]): Promise<FakeClock> {
    const clock = new FakeClock('2026-01-05T10:00:00Z');
    panel = await startPanel({ clock, config: dialerConfig() });
    await dialAnnLee(clock, fields);
    await panel.waitForText('Ring Out');
    await advance(clock, 3000);
    await panel.waitFor((s) => /Ann Lee\s+On-call/.test(s), 'the call on-call');
    await panel.press('call.hangup');
    await panel.waitFor((s) => /Ann Lee\s+Ended/.test(s), 'the call ended');
    return clock;
  }

  it('the footer offers every disposition key of the campaign: its lead can be called back or dialled again', async () => {
    await previewCallEnded();
    const screen = await panel.waitFor((s) => footerOf(s).includes('disposition'), 'the disposition keys in the footer');
    expect(footerOf(screen)).toContain('1-6 disposition');
    expectFits(panel.frame());
  });

  it.each([
    [60, 16],
    [70, 20],
  ])('at %ix%i under two banner lines the callback time dialog shortens, its field, reasons and keys on screen', async (columns, rows) => {
    await previewCallEnded();
    // The telephony side could not reach Elena's phone: its banner takes two lines.
    panel.server.engine.run((ctx) => {
      const a = ctx.state.agent('1005')!;
      ctx.tx.put('agent', { ...a, deviceUnreachable: { reason: 'no answer', since: ctx.clock.now(), failures: 1, waitUntil: null } }, 'device-unreachable');
    });
    await panel.waitForText('cannot be reached');
    await panel.resize(columns, rows);
    await panel.key('5');
    let screen = await panel.waitForText('Personal callback — Ann Lee');
    expect(screen).toMatch(/Call back at\s+\+60/);
    expect(screen).toContain('your time (in 1 h)');
    // Its keys, on the line above the bottom border (it lost them, and the border, under the banner).
    const keysLine = () => {
      const all = panel.screen().split('\n');
      return all[all.findIndex((l) => l.startsWith('╚')) - 1] ?? '';
    };
    expect(keysLine()).toMatch(/Enter Set\s+Esc Cancel/);
    expectFits(panel.frame(), columns, rows);

    // 12 hours on is after the calling window: why it is not taken stays on screen, with the keys.
    for (let i = 0; i < 3; i++) await panel.key('backspace');
    await panel.type('+12h');
    screen = await panel.waitFor((s) => flat(s).includes('Outside the calling hours'), 'the reason');
    expect(keysLine()).toMatch(/Enter Set\s+Esc Cancel/);
    expectFits(panel.frame(), columns, rows);
    await panel.press('callbackTime.cancel');
    await panel.waitFor((s) => !s.includes('Personal callback — Ann Lee'), 'the dialog to close');
    expect(panel.sent('disposition.submit')).toEqual([]);
  });

  it("the callback time's buttons name the agent's own keys", async () => {
    await previewCallEnded();
    expect(setKeymap({ 'callbackTime.set': 'ctrl+o', 'callbackTime.cancel': 'ctrl+w' })).toEqual([]);
    onTestFinished(resetKeymap);
    await panel.key('5');
    const screen = await panel.waitForText('Personal callback — Ann Lee');
    expect(screen).toMatch(/ Ctrl\+O Set {3}Ctrl\+W Cancel/);
    expect(screen).not.toMatch(/Enter Set|Esc Cancel/);
    expectFits(panel.frame());
    await panel.key('ctrl+w');
    await panel.waitFor((s) => !s.includes('Personal callback — Ann Lee'), 'the question closed by Ctrl+W');
  });

  it('a callback time outside the calling window is not taken: the question says so and when the window opens', async () => {
    const clock = await previewCallEnded();

    // 12 hours on it is 22:00 in London, after the campaign's 08:00-21:00.
    await panel.key('5');
    await panel.waitForText('Personal callback — Ann Lee');
    await panel.type('+12h');
    let screen = await panel.waitFor((s) => flat(s).includes('Outside the calling hours (08:00 to 21:00 for the lead)'), 'the window named');
    expect(flat(screen)).toContain('22:00 for the lead (Europe/London)');
    expect(screen).toMatch(/^\W+Outside the calling hours \(08:00 to 21:00 for the lead\): no call then\.\W+$/m);
    expect(screen).toMatch(/^\W+The earliest after it: 01-06 08:00 your time, 08:00 for the lead\.\W+$/m);
    expect(footerOf(screen)).not.toContain(hint('callbackTime.set'));
    expectFits(panel.frame());
    await panel.press('callbackTime.set');
    await panel.waitFor(() => true, 'a redraw');
    expect(panel.sent('disposition.submit')).toEqual([]);
    expect(panel.screen()).toContain('Personal callback — Ann Lee');

    // Inside the window it is taken as before.
    for (let i = 0; i < 4; i++) await panel.key('backspace');
    await panel.type('+10h');
    screen = await panel.waitForText('20:00 for the lead (Europe/London)');
    expect(flat(screen)).not.toContain('Outside the calling hours');
    await panel.press('callbackTime.set');
    await panel.waitForText('Disposition submitted successfully');
    expect(Math.abs((panel.sent('disposition.submit')[0]!.args.callbackAt as number) - (clock.now() + 10 * 3600_000))).toBeLessThan(5000);
  });

  it("the due callbacks' note and the lead's buttons name the agent's own keys, which work", async () => {
    const clock = await previewCallEnded({ plan: 'Plus' });
    rebind({ 'tab.prev': '<', 'tab.next': '>', 'callbacks.dial': 'D', 'callbacks.redispose': 'E', 'callbacks.back': 'ctrl+w' });
    await panel.key('5');
    await panel.waitForText('Personal callback — Ann Lee');
    await panel.press('callbackTime.set');
    await panel.waitForText('Disposition submitted successfully');
    await panel.press('call.startForm');
    await panel.waitForText('editing');
    await panel.type('4');
    await panel.press('feedback.submit');
    await panel.waitForText('Feedback form submitted successfully');
    await advance(clock, 61 * 60_000);
    let screen = await panel.waitForText('1 callback is due');
    expect(screen).toContain('1 callback is due — < Callbacks tab');
    await panel.key('<');
    await panel.waitForText('1 overdue');
    await panel.press('callbacks.view');
    screen = await panel.waitForText('Lead: Ann Lee');
    expect(screen).toMatch(/ D\s+Dial\s+E\s+Change disposition\s+Ctrl\+W\s+Back/);
    expectFits(panel.frame());
    await panel.key('ctrl+w');
    await panel.waitFor((s) => !s.includes('Lead: Ann Lee'), 'the lead closed by Ctrl+W');
  });

  it('a callback disposition asks for the time; the lead is then in the Callbacks tab, where its disposition is changed', async () => {
    const clock = await previewCallEnded({ plan: 'Plus' });

    // 5 is Personal callback: when? An hour from now unless typed otherwise.
    await panel.key('5');
    let screen = await panel.waitForText('Personal callback — Ann Lee');
    expect(screen).toMatch(/Call back at\s+\+60/);
    expect(screen).toContain('= 11:00 your time (in 1 h) · 11:00 for the lead (Europe/London)');
    expect(footerOf(screen)).toContain(hint('callbackTime.set'));
    expectFits(panel.frame());
    await panel.type('+90');
    screen = await panel.waitForText(/Call back at\s+\+90 /);
    expect(screen).toContain('11:30 for the lead (Europe/London)');
    await panel.type('x');
    await panel.waitForText('Type a time as HH:MM, or minutes from now as +minutes');
    await panel.key('backspace');
    await panel.press('callbackTime.set');
    await panel.waitForText('Disposition submitted successfully');
    const sent = panel.sent('disposition.submit')[0]!.args;
    expect(sent).toMatchObject({ hotkey: '5' });
    expect(Math.abs((sent.callbackAt as number) - (clock.now() + 90 * 60_000))).toBeLessThan(5000);
    const lead = leadsOf('preview-renewals')[0]!;
    expect(lead.callback).toEqual({ at: sent.callbackAt, agent: '1005' });

    // The form, and the call is done.
    await panel.press('call.startForm');
    await panel.waitForText('editing');
    await panel.type('4');
    await panel.press('feedback.submit');
    await panel.waitForText('Feedback form submitted successfully');

    // ← from Calls: the Callbacks tab, with the lead and its next dial.
    await panel.press('tab.prev');
    screen = await panel.waitForText(/1 callback\s/);
    expect(screen).toMatch(/Name\s+Number\s+Last dial\s+Next dial\s+Lead\s+For/);
    expect(screen).toMatch(/› Ann Lee\s+\+442079460001\s+10:00\s+11:30\s+10:00\s+me/);
    expect(screen).toContain('Callbacks 1');
    expectFits(panel.frame());

    // Overdue once its time has passed.
    await advance(clock, 91 * 60_000);
    screen = await panel.waitForText(/11:30 overdue/);
    expect(screen).toContain('1 overdue');

    // View: the lead, its form (read-only), and the ways on.
    await panel.press('callbacks.view');
    screen = await panel.waitForText('Lead: Ann Lee');
    expect(screen).toMatch(/d\s+Dial\s+e\s+Change disposition\s+Esc\s+Back/);
    expect(screen).toContain('read-only — filled in on the call');
    expect(screen).toContain('plan Plus');
    expectFits(panel.frame());

    // Change disposition: a searchable list; Callback (for anyone) asks for the time too.
    await panel.press('callbacks.redispose');
    screen = await panel.waitForText('Change disposition — Ann Lee');
    expect(screen).toMatch(/5 Personal callback\s+PCB\s+personal-callback\s+\(now\)/);
    expectFits(panel.frame());
    await panel.type('cb');
    screen = await panel.waitForText('2 of 6');
    expect(screen).toMatch(/› 4 Callback\s+CB/);
    await panel.press('list.choose');
    await panel.waitForText('Callback — Ann Lee');
    await panel.type('14:00');
    await panel.waitForText('14:00 for the lead (Europe/London)');
    await panel.press('callbackTime.set');
    await panel.waitForText('Disposition changed successfully');
    expect(panel.sent('lead.dispose')[0]!.args).toMatchObject({ leadId: lead.id, code: 'CB', callbackAt: Date.parse('2026-01-05T14:00:00Z') });
    expect(leadsOf('preview-renewals')[0]!.callback).toEqual({ at: Date.parse('2026-01-05T14:00:00Z'), agent: null });
    await panel.press('callbacks.back');
    screen = await panel.waitFor((s) => /› Ann Lee\s+\+442079460001\s+10:00\s+14:00\s+11:31\s+anyone/.test(s), 'the callback for anyone at 14:00');
    expect(screen).not.toContain('overdue');

    // Dial it from the list: the call is on the Calls tab.
    await panel.press('callbacks.dial');
    await panel.waitFor((s) => /↗ Ann Lee\s+Ring Out/.test(s), 'the callback ringing out');
    expect(callsOf('1005')[0]!.lead).toBe(lead.id);
  });
});

describe('working mode', () => {
  it('in wrap-up, M says at once that the mode changes only between calls, and asks no campaign before the refusal', async () => {
    panel = await startPanel({ config: dialerConfig() });
    await logIn(panel, '1005');
    await panel.waitForText('Current campaign: None');
    await answerAndEnd(panel, '7002');
    await panel.waitFor((s) => header(s).includes('Wrap-up: owes'), 'wrap-up');
    await panel.press('agent.mode');
    let screen = await panel.waitForText('Working mode — now inbound');
    expect(flat(screen)).toContain('Not now: you are in wrap-up. The working mode changes only between calls, once wrap-up is over.');
    expect(flat(screen)).not.toContain('takes effect at once');
    expectFits(panel.frame());
    // Outbound with two campaigns would ask which one; the server refuses first, so the dialog does not ask.
    await panel.press('list.down');
    await panel.press('list.choose');
    screen = await panel.waitForText('You can change how you work only between calls.');
    expect(screen).not.toContain('Campaign to work outbound');
    expect(panel.server.engine.state.agent('1005')!.session!.strategy).toBe('inbound');
    await panel.press('list.cancel');
    await panel.waitFor((s) => !s.includes('Working mode —'), 'the dialog to close');
  });

  it('M switches inbound to outbound (asking the campaign); a refusal is shown in the server\'s words', async () => {
    panel = await startPanel({ config: dialerConfig() });
    await logIn(panel, '1005');
    let screen = await panel.waitForText('Current campaign: None');
    const on = (label: string) => new RegExp(`\\u001b\\[7m(?:\\u001b\\[[0-9;]*m)* ${label} `).test(panel.frame());
    expect(on('IN')).toBe(true);
    expect(on('OUT')).toBe(false);
    expect(footerOf(screen)).toContain(hint('agent.mode'));

    await panel.press('agent.mode');
    screen = await panel.waitForText('Working mode — now inbound');
    expect(screen).toMatch(/› Inbound — calls from my queues\s+\(current\)/);
    expectFits(panel.frame());
    await panel.press('list.down');
    await panel.press('list.choose');
    screen = await panel.waitForText('Campaign to work outbound');
    await panel.press('list.down');
    await panel.waitForText('› Win-back (progressive)');
    // A lead waits in Win-back: working it, the agent previews it at once.
    addLeads('progressive-winback', [london(1, 'Ann Lee')]);
    await panel.press('list.choose');
    screen = await panel.waitForText('Current campaign: Win-back');
    expect(screen).toContain('Working outbound on Win-back.');
    expect(panel.server.engine.state.agent('1005')!.session).toMatchObject({ strategy: 'outbound', mode: 'outbound', campaign: 'progressive-winback' });
    await panel.waitFor(() => on('OUT') && !on('IN'), 'OUT lit, IN not');
    await panel.waitForText('Lead: Ann Lee');

    // On a call is not between calls: the server says so, and the dialog stays.
    await panel.press('dialer.dial');
    await panel.waitFor(() => panel.server.engine.state.agent('1005')!.activity === 'on-call', 'the lead dialled');
    await panel.press('agent.mode');
    await panel.waitForText('Working mode — now outbound');
    await panel.press('list.choose');
    screen = await panel.waitForText('You can change how you work only between calls.');
    expect(screen).toContain('Working mode — now outbound');
    expect(panel.sent('agent.strategy').at(-1)!.args).toEqual({ strategy: 'inbound' });
    expect(panel.server.engine.state.agent('1005')!.session!.strategy).toBe('outbound');
    await panel.press('list.cancel');
    await panel.waitFor((s) => !s.includes('Working mode —'), 'the dialog to close');
  });

  it('blended: the header says why the agent works the mode it does', async () => {
    panel = await startPanel({ config: dialerConfig() });
    let screen = await logInTo('1005', 'Blended', 'Win-back');
    screen = await panel.waitForText('Blended, now inbound: Sales: 0 idle of min 1');
    // Whole at 80 columns: the queue counts give way rather than the line ending in "V…".
    expect(sessionLine(screen)).toBe('Current campaign: Win-back   Blended, now inbound: Sales: 0 idle of min 1');
    expectFits(panel.frame());
    // Another agent covers Sales: back to the campaign.
    loginAgent(panel.server, '1006');
    screen = await panel.waitForText('Blended, now outbound: queues covered');
    expect(sessionLine(screen)).toBe('Current campaign: Win-back   Blended, now outbound: queues covered');
    expect(screen).toMatch(/Win-back\s+progressive\s+abandoned/);
  });
});

describe('campaign notices and power', () => {
  it('power: the agent waits in the pool; removal from the campaign and the channel limit are said under the campaign label', async () => {
    const config = dialerConfig();
    config.campaigns.find((c) => c.id === 'power-sales')!.abandonLimitPercent = 2.5; // the campaign's own limit is shown
    panel = await startPanel({ config });
    let screen = await logInTo('1001', 'Outbound', 'Power Sales');
    screen = await panel.waitForText('Waiting for the dialler to connect a call (power ×2)');
    expect(screen).toMatch(/Power Sales\s+power\s+abandoned 0\.0% of 2\.5%\s+0 leads left\s+0 in flight\s+power ×2/);

    // The configuration is reloaded without Power Sales for Ava (what SIGHUP on serve does), then the channels run out.
    const reloaded = structuredClone(config);
    reloaded.agents.find((a) => a.number === '1001')!.campaigns = ['preview-renewals'];
    panel.server.engine.reconfigure(reloaded);
    await panel.waitForText('You have been removed from campaign power-sales.');
    // The panel's catalog follows too (the working-mode dialog offers campaigns from it).
    expect(panel.client.store.catalog!.agents.find((a) => a.number === '1001')!.campaigns).toEqual(['preview-renewals']);
    panel.server.engine.run((ctx) => refreshCampaignStats(ctx, 'power-sales', undefined, { channelLimitReached: true }));
    screen = await panel.waitForText('Dialer channel limit reached. Please contact your Administrator.');
    const lines = screen.split('\n');
    expect(lines[1]).toContain('Current campaign: Power Sales');
    expect(lines[2]).toMatch(/^ ⚠ You have been removed from campaign power-sales\./);
    expect(lines[3]).toMatch(/^ {3}\S/);
    expect(lines[4]).toContain('⚠ Dialer channel limit reached. Please contact your Administrator.');
    expectFits(panel.frame());
  });
});

describe('copying lead fields', () => {
  it('↑↓ choose a field and c copies it with OSC 52', async () => {
    const clock = new FakeClock('2026-01-05T10:00:00Z');
    panel = await startPanel({ clock, config: dialerConfig() });
    addLeads('preview-renewals', [london(1, 'Ann Lee', { company: 'Wayne Ent.', plan: 'Plus' })]);
    await logInTo('1005', 'Outbound', 'Renewals');
    await panel.press('dialer.next');
    await panel.waitForText('Lead: Ann Lee');
    const written: string[] = [];
    const tty = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY');
    Object.defineProperty(process.stdout, 'isTTY', { value: true, configurable: true });
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const osc52 = (text: string) => `\u001b]52;c;${Buffer.from(text).toString('base64')}\u0007`;
    try {
      // The number first, as the manual's copy button.
      await panel.press('lead.copy');
      await panel.waitForText('Copied number +442079460001 to the clipboard.');
      expect(written).toContain(osc52('+442079460001'));
      await panel.press('lead.fieldNext');
      await panel.press('lead.fieldNext');
      await panel.press('lead.copy');
      await panel.waitForText('Copied company Wayne Ent. to the clipboard.');
      expect(written).toContain(osc52('Wayne Ent.'));
    } finally {
      if (tty) Object.defineProperty(process.stdout, 'isTTY', tty);
      else delete (process.stdout as { isTTY?: boolean }).isTTY;
    }
  });
});
