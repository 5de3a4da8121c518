import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_VOICE_SETTINGS, memorySettings } from '../../src/client/settings.js';
import type { Config } from '../../src/core/config/schema.js';
import { FakeClock } from '../fake-clock.js';
import { assignTo } from '../../src/core/messaging/assign.js';
import { close, createConversation } from '../../src/core/messaging/conversation.js';
import { visitorStart } from '../../src/core/messaging/visitor.js';
import { setService } from '../../src/core/services.js';
import { themeFor } from '../../src/ui/theme.js';
import { expectFits, footerOf, lineWith, logIn, loginAgent, patientConfig, placeCall, startPanel, type Panel } from './support.js';
import type { Call } from '../../src/core/protocol/model.js';

/**
 * The Dashboard (Agents, Queues, My Performance) and Conversations (Active,
 * Closed) sections on a real in-process server, at 80x24 and at 120x40.
 */
let panel: Panel;
afterEach(async () => {
  await panel?.close();
});

const SIZES = [
  { columns: 80, rows: 24 },
  { columns: 120, rows: 40 },
] as const;

/** The demo's agents plus Kim, who shares no queue or campaign with Ava (1001): agents do not see her, supervisors do. */
function configWithKim(base: Config = patientConfig()): Config {
  const elena = base.agents.find((a) => a.number === '1005')!;
  base.agents.push({ ...structuredClone(elena), number: '1011', name: 'Kim Solo', email: '1011@demo.switchboard', pin: '1011', voiceQueues: ['7003'], messagingQueues: [], campaigns: [] });
  return base;
}

let visitors = 0;
/** A website visitor starts a live chat in a messaging queue (through the core, as the /visitor gateway does). */
function visit(p: Panel, queue = 'support-chat', name = `Visitor ${visitors + 1}`): string {
  visitors++;
  return p.server.engine.run((ctx) => visitorStart(ctx, { visitorId: `v${visitors}`, name, email: null, queue, ip: `192.0.2.${visitors % 250}`, geo: null, text: 'Hello?' })).id;
}

async function openDashboard(tab: 'Agents' | 'Queues' | 'My Performance') {
  await panel.press('nav.dashboard');
  await panel.waitForText('My Performance');
  const order = ['Agents', 'Queues', 'My Performance'];
  for (let i = 0; i < order.indexOf(tab); i++) await panel.press('tab.next');
  const marker = tab === 'Agents' ? /\d+ agents/ : tab === 'Queues' ? /\d+ queues/ : 'My workload';
  return panel.waitForText(marker);
}


describe.each(SIZES)('Dashboard > Agents at $columns x $rows', ({ columns, rows }) => {
  it('shows the agents I share a queue with in three column groups, live; filters on each column and clears them; info keys', async () => {
    panel = await startPanel({ config: configWithKim(), columns, rows });
    loginAgent(panel.server, '1002');
    const carla = loginAgent(panel.server, '1003');
    carla('agent.pause', { reason: 'Lunch' });
    loginAgent(panel.server, '1011');
    await logIn(panel, '1001');
    let screen = await openDashboard('Agents');
    screen = await panel.waitFor((s) => s.includes('Ben Okafor') && s.includes('Paused (Lunch)'), 'the agents and their states');
    expect(screen).toMatch(/Agent details ─+ Agent state ─+ Active conversations/);
    expect(screen).toMatch(/Name\s+(Number\s+)?Channels\s+State\s+Time\s+Call\s+Chat\s+Msg\s+Mail\s+Load/);
    // Ten others share a queue with Ava; Kim (Billing only) does not, and Ava is not listed but counted: she is logged in.
    expect(screen).toContain('11 agents, you included · 2 logged in · 1 paused · 8 off');
    expect(screen).not.toContain('Kim Solo');
    expect(lineWith(screen, 'Ben Okafor')).toMatch(/Logged in\s+0:\d\d\s+0\s+0\s+0\s+0\s.*0%/);
    expect(lineWith(screen, 'Carla Mendes')).toMatch(/Paused \(Lunch\)\s+0:\d\d/);
    expect(lineWith(screen, 'Dev Patel')).toContain('Logged off');
    expectFits(panel.frame(), columns, rows);

    // Live: a chat given to Ben shows in his Chat count and workload (1 of a capacity of 3).
    panel.server.engine.run((ctx) => {
      const c = createConversation(ctx, { channel: 'livechat', queue: 'support-chat', customer: { id: 'visitor:x', name: 'Xena', email: null, phone: null, ip: null, geo: null } });
      assignTo(ctx, c, '1002', 'manual', '1002');
    });
    screen = await panel.waitFor((s) => /Ben Okafor.*Logged in\s+0:\d\d\s+0\s+1\s+0\s+0\s.*33%/.test(s), "Ben's chat and workload");

    // Filter by name.
    await panel.press('dash.filter');
    await panel.waitForText('Filter agents');
    expectFits(panel.frame(), columns, rows);
    await panel.type('carla');
    await panel.press('filters.apply');
    screen = await panel.waitForText('1 shown · 11 agents, you included');
    expect(screen).toContain('Filter: Name carla');
    expect(screen).toContain('Carla Mendes');
    expect(screen).not.toContain('Ben Okafor');
    expect(screen).toContain('Agents 1f');
    expect(footerOf(screen)).toContain('clear filters');

    // Her info: state and every queue she is in.
    await panel.press('dash.agentInfo');
    screen = await panel.waitForText('Agent info');
    expect(screen).toMatch(/State\s+Paused \(Lunch\) for 0:\d\d/);
    expect(screen).toMatch(/Support Chat\s+logged in/);
    expect(screen).toMatch(/☎ Support \(7001\)\s+logged in/);
    expectFits(panel.frame(), columns, rows);
    await panel.press('dialog.close');
    await panel.waitFor((s) => !s.includes('Agent info'), 'the info to close');

    // Clear every filter.
    await panel.press('dash.clearFilters');
    screen = await panel.waitForText('11 agents, you included ·');
    expect(screen).not.toContain('Filter:');
    expect(footerOf(screen)).not.toContain('clear filters');

    // Filter by state (a choice) and by workload (a number): Ben only.
    await panel.press('dash.filter');
    await panel.waitForText('Filter agents');
    await panel.press('form.next');
    await panel.press('form.next');
    await panel.waitForText(/› State\s+‹ any ›/);
    await panel.press('form.right');
    await panel.waitForText(/› State\s+‹ Logged in ›/);
    for (let i = 0; i < 6; i++) await panel.press('form.next');
    await panel.waitForText(/› Workload/);
    await panel.type('>=30');
    await panel.press('filters.apply');
    screen = await panel.waitForText('1 shown · 11 agents, you included');
    expect(screen).toContain('Filter: State Logged in · Workload >=30 %');
    expect(screen).toContain('Ben Okafor');

    // A number that is not one is refused in the form, which stays open.
    await panel.press('dash.filter');
    await panel.waitForText('Filter agents');
    await panel.press('form.prev');
    await panel.waitForText(/› Workload/);
    await panel.type('x');
    await panel.press('filters.apply');
    screen = await panel.waitForText('Workload: write a number');
    await panel.press('filters.cancel');
    await panel.waitFor((s) => !s.includes('Filter agents'), 'the form to close');
    await panel.press('dash.clearFilters');
    await panel.waitForText('11 agents, you included ·');

    // The info key explains each group of columns, a page each.
    await panel.press('dash.columnInfo');
    screen = await panel.waitForText('Agent details');
    expect(screen).toContain('V voice, C live chat');
    expectFits(panel.frame(), columns, rows);
    await panel.press('tab.next');
    screen = await panel.waitForText('Agent state  2/3');
    expect(screen).toContain('How long they have been in that state.');
    await panel.press('tab.next');
    screen = await panel.waitForText('Active conversations  3/3');
    expect(screen).toContain('Workload');
    await panel.press('dialog.close');
    await panel.waitForText('11 agents, you included ·');
  });
});

describe('Dashboard > Agents for a supervisor', () => {
  it('lists every other agent, Kim included', async () => {
    panel = await startPanel({ config: configWithKim() });
    await logIn(panel, '9001');
    const screen = await openDashboard('Agents');
    expect(screen).toContain('12 agents, you included · 1 logged in');
    await panel.press('list.end');
    await panel.waitForText(/› Kim Solo/);
  });
});

describe.each(SIZES)('Dashboard > Queues at $columns x $rows', ({ columns, rows }) => {
  it('marks operation hours and voice queues, counts waiting and active conversations and agents; the agents of a queue; filters', async () => {
    // Sunday noon in London: Support Chat (Mon-Sat) is closed; Web Sales has no hours (always open).
    const clock = new FakeClock('2026-01-04T12:00:00Z');
    panel = await startPanel({ clock, config: patientConfig(), columns, rows });
    loginAgent(panel.server, '1002', { as: 'paused', pauseReason: 'Break' });
    await logIn(panel, '1001', { paused: true });
    placeCall(panel, '7002');
    visit(panel);
    let screen = await openDashboard('Queues');
    screen = await panel.waitFor((s) => /☎ Sales \(7002\)\s+Voice\s+1\s+0\s+2\s+2/.test(s), 'a caller waiting in Sales, both agents paused');
    expect(screen).toMatch(/Queue details ─+ Current ─+ Agents/);
    expect(lineWith(screen, 'Support Chat')).toMatch(/○\s+Support Chat\s+Chat Email SMS WA FB\s+1\s+0\s+2\s+2/);
    expect(lineWith(screen, 'Support (7001)')).toMatch(/●\s+☎ Support \(7001\)/);
    // Ava's queues only: Web Sales and Billing are not hers.
    expect(screen).not.toContain('Web Sales');
    expect(screen).not.toContain('Billing');
    expect(screen).toContain('3 queues · 2 open · 2 waiting');
    expectFits(panel.frame(), columns, rows);
    if (columns >= 120) expect(screen).toMatch(/MWT\s+Answered\s+Abandoned\s+Declined\s+SL/);

    // The voice queue's live statistics, under the table when narrow.
    await panel.press('list.end');
    screen = await panel.waitForText(/› ●\s+☎ Sales/);
    if (columns < 100) expect(screen).toMatch(/☎ Sales \(7002\)\s+MWT \d:\d\d · answered 0 · abandoned 0/);
    expect(screen).toContain('queue agents');

    // The agents of the queue.
    await panel.press('list.home');
    await panel.waitForText(/› ○\s+Support Chat/);
    expect(lineWith(panel.screen(), 'Support Chat:')).toContain('closed now (outside operation hours)');
    await panel.press('dash.queueAgents');
    await panel.waitForText('Agents of Support Chat');
    // The dialog follows the queue's agents (roster.subscribe): they are there once the server answers.
    screen = await panel.waitForText('2 logged in to it');
    expect(screen).toMatch(/Ava Turner 1001\s+Paused \(Break\)|Ben Okafor 1002\s+Paused \(Break\)/);
    expect(screen).toMatch(/Dev Patel 1004\s+Logged off/);
    expectFits(panel.frame(), columns, rows);
    await panel.press('dialog.close');
    await panel.waitFor((s) => !s.includes('Agents of Support Chat'), 'the agents to close');

    // Filters: open queues with someone waiting.
    await panel.press('dash.filter');
    await panel.waitForText('Filter queues');
    for (let i = 0; i < 3; i++) await panel.press('form.next');
    await panel.press('form.right');
    await panel.waitForText(/› Hours\s+‹ Open ›/);
    await panel.press('form.next');
    await panel.type('1');
    await panel.press('filters.apply');
    screen = await panel.waitForText('1 of 3 queues');
    expect(screen).toContain('Filter: Hours Open · Waiting >=1');
    expect(screen).toContain('☎ Sales (7002)');
    expect(screen).not.toMatch(/○\s+Support Chat/);
    await panel.press('dash.clearFilters');
    await panel.waitForText('3 queues ·');
  });
});

describe('Dashboard > Agents at 60x16', () => {
  it('names each group of columns in whole words over the columns it keeps', async () => {
    panel = await startPanel({ columns: 60, rows: 16 });
    await logIn(panel, '1001');
    const screen = await openDashboard('Agents');
    const groups = lineWith(screen, 'Agent details');
    // Msg and Mail give way at 60 columns: the title over Call, Chat and Load read "Active conversati…".
    expect(groups).not.toContain('…');
    expect(groups).toMatch(/^ {3}Agent details ─+ Agent state ─+ Active ─*$/);
    expectFits(panel.frame(), 60, 16);
  });
});

describe.each(SIZES)('Dashboard > My Performance at $columns x $rows', ({ columns, rows }) => {
  it("draws the agent's day from scripted conversations and a call, with hand-computed figures", async () => {
    const clock = new FakeClock('2026-01-06T09:00:00Z'); // a Tuesday; London is on UTC in January
    panel = await startPanel({ clock, config: patientConfig(), columns, rows });
    await logIn(panel, '1001');
    const ava = loginAgent(panel.server, '1001'); // joins Ava's session: her own commands
    const at = (iso: string) => clock.advance(Date.parse(iso) - clock.now());

    // A: assigned 09:00, first reply after 30 s, closed after 10 min.
    const a = visit(panel);
    at('2026-01-06T09:00:30Z');
    ava('message.send', { conversation: a, text: 'Hi, how can I help?' });
    at('2026-01-06T09:10:00Z');
    ava('conversation.close', { id: a });
    // B: 09:20, reply after 90 s, closed after 30 min.
    at('2026-01-06T09:20:00Z');
    const b = visit(panel);
    at('2026-01-06T09:21:30Z');
    ava('message.send', { conversation: b, text: 'Hello' });
    at('2026-01-06T09:50:00Z');
    ava('conversation.close', { id: b });
    // C: 10:05, reply after 10 s, still open.
    at('2026-01-06T10:05:00Z');
    const c = visit(panel);
    at('2026-01-06T10:05:10Z');
    ava('message.send', { conversation: c, text: 'Hi' });
    // A call to Support: answered after 5 s (within the 20 s service level), 60 s of talk.
    at('2026-01-06T10:10:00Z');
    placeCall(panel, '7001');
    at('2026-01-06T10:10:05Z');
    const call = [...panel.server.engine.state.all('call')].find((x) => x.offers.some((o) => o.agent === '1001'))!;
    ava('call.answer', { callId: call.id });
    at('2026-01-06T10:11:05Z');
    ava('call.hangup', { callId: call.id });

    await openDashboard('My Performance');
    const screen = await panel.waitFor((s) => /Closed\s+2/.test(s) && /1 answered/.test(s), "today's figures");
    // Conversations: 3 new today, none carried over; 2 closed.
    expect(screen).toMatch(/Carried over\/today\s+0 \/ 3/);
    // Speed of answer: (30 + 90 + 10) / 3 = 43.3 s; p90 (nearest rank 3 of 3) = 90 s.
    expect(screen).toMatch(/Speed of answer\s+avg 0:43\s+p90 1:30/);
    // Handling time: (600 + 1800) / 2 = 1200 s; p90 (rank 2 of 2) = 1800 s.
    expect(screen).toMatch(/Handling time\s+avg 20:00\s+p90 30:00/);
    // C is open: 1 of 3 live chats, workload 33%.
    expect(screen).toMatch(/Live chat\s+█+░+\s+1\/3/);
    expect(screen).toMatch(/My workload\s+█+░+ 33% used · 67% left/);
    expect(screen).toMatch(/Support Chat\s+█+\s+3 · 2 closed/);
    expect(screen).toMatch(/Live chat\s+█+\s+3 · 2 closed/);
    // Per hour: two at 9, one at 10; the peak is 2.
    expect(screen).toMatch(/Per hour [·▁-█]+ peak 2/);
    const spark = lineWith(screen, 'Per hour').replace(/^.*Per hour /, '');
    const cell = spark.replace(/ peak 2$/, '').length / 24;
    expect(spark[9 * cell]).toBe('█');
    expect(spark[0]).toBe('·');
    // The calls first (answered, declined beside it), then the times: on two lines where one does not fit.
    expect(screen).toMatch(columns >= 120 ? /Voice\s+1 answered · 0 declined · 0 abandoned.* · avg talk 1:00 · avg wait 0:05 · SL 100%/ : /Voice\s+1 answered · 0 declined · 0 abandoned\n\s+avg talk 1:00 · avg wait 0:05 · SL 100%/);
    expect(screen).toMatch(/Queues\s+Support Chat, ☎ Support, ☎ Sales/);
    expect(screen).toMatch(/Channels\s+Voice, Live chat, Email, SMS, WhatsApp, Facebook/);
    expectFits(panel.frame(), columns, rows);
  });
});

describe('Partial service availability', () => {
  it("shows the manual's sentence while a service is not ready, the reason on a key, and drops it when ready", async () => {
    panel = await startPanel();
    await logIn(panel, '1001');
    panel.server.engine.run((ctx) => setService(ctx, 'metrics', false, 'Error while loading daily stats'));
    let screen = await openDashboard('Agents');
    screen = await panel.waitForText('Dashboard functionality may be affected due to partial service readiness.');
    expect(footerOf(screen)).toContain('! service status');
    expectFits(panel.frame());
    await panel.press('dash.services');
    screen = await panel.waitForText('Service readiness');
    expect(screen).toContain('Daily statistics — not ready since');
    expect(screen).toContain('Error while loading daily stats');
    await panel.press('dialog.close');
    await panel.waitFor((s) => !s.includes('Service readiness'), 'the dialog to close');
    // The Conversations lists say it too.
    await panel.press('nav.conversations');
    await panel.waitForText('Total conversations');
    expect(panel.screen()).toContain('partial service readiness');
    panel.server.engine.run((ctx) => setService(ctx, 'metrics', true, null));
    await panel.waitFor((s) => !s.includes('partial service readiness') && !footerOf(s).includes('service status'), 'the sentence and its key to go');
  });
});

describe.each(SIZES)('Conversations > Active at $columns x $rows', ({ columns, rows }) => {
  it("lists the queue's conversations with the manual's columns; filters by customer and date range; shows a conversation's log", async () => {
    const clock = new FakeClock('2026-01-06T09:00:00Z');
    panel = await startPanel({ clock, columns, rows });
    await logIn(panel, '1001', { paused: true });
    visit(panel, 'support-chat', 'Yara Quinn');
    clock.advance(60_000);
    const zed = visit(panel, 'support-chat', 'Zed Marsh');
    await panel.press('nav.conversations');
    let screen = await panel.waitForText('Total conversations: 2');
    expect(screen).toMatch(/Queue\s+ID\s+Channel\s+Agent\s+Customer\s+Date\/Time\s+(Subject\s+)?State/);
    // Newest first; nobody has them yet (Ava is paused).
    expect(screen.indexOf('Zed Marsh')).toBeLessThan(screen.indexOf('Yara Quinn'));
    expect(lineWith(screen, 'Zed Marsh')).toMatch(/Support C.*(Chat|Live chat)\s+unassigned\s+Zed Marsh.*\d\d-\d\d \d\d:\d\d\s.*Open/);
    expectFits(panel.frame(), columns, rows);

    // Filter by customer.
    await panel.press('dash.filter');
    await panel.waitForText('Filter active conversations');
    expectFits(panel.frame(), columns, rows);
    for (let i = 0; i < 4; i++) await panel.press('form.next');
    await panel.waitForText(/› Customer/);
    await panel.type('zed');
    await panel.press('filters.apply');
    screen = await panel.waitForText('Total conversations: 1');
    expect(screen).toContain('Filter: Customer zed');
    expect(screen).not.toContain('Yara Quinn');
    expect(panel.sent('conversations.list').at(-1)!.args).toMatchObject({ state: 'active', customer: 'zed' });

    // Show conversation: the whole log.
    await panel.press('conversations.show');
    screen = await panel.waitForText('Hello?');
    expect(screen).toContain(`Conversation ${zed}`);
    expect(screen).toMatch(/09:01 Zed Marsh: Hello\?/);
    expect(screen).toContain('Conversation started in queue');
    expectFits(panel.frame(), columns, rows);
    await panel.press('dialog.close');
    await panel.waitForText('Total conversations: 1');

    // A date range after them finds none; one around them finds both (filters replace each other on F).
    await panel.press('dash.clearFilters');
    await panel.waitForText('Total conversations: 2');
    await panel.press('dash.filter');
    await panel.waitForText('Filter active conversations');
    for (let i = 0; i < 5; i++) await panel.press('form.next');
    await panel.waitForText(/› From date/);
    await panel.type('2026-01-07');
    await panel.press('filters.apply');
    screen = await panel.waitForText('No conversation matches the filters');
    expect(screen).toContain('Total conversations: 0');
    await panel.press('dash.filter');
    await panel.waitForText('Filter active conversations');
    for (let i = 0; i < 5; i++) await panel.press('form.next');
    await panel.type('\u0015'); // Ctrl+U empties the field
    await panel.type('2026-01-05');
    await panel.press('form.next');
    await panel.type('2026-01-06');
    await panel.press('filters.apply');
    screen = await panel.waitForText('Total conversations: 2');
    expect(screen).toContain('From date 2026-01-05 · To date 2026-01-06');
    // Active lists no calls: nothing to play.
    expect(footerOf(screen)).not.toContain('play recording');
  });
});

describe('Conversations > Closed with 10,000 rows', () => {
  it('fetches pages as the agent scrolls; End shows the last rows and the total', async () => {
    const clock = new FakeClock('2026-01-06T08:00:00Z');
    panel = await startPanel({ clock });
    // Ten thousand conversations Ava handled and closed, made through the core in batches of 500,
    // a minute apart: the newest batch is listed first, the first batch last.
    for (let batch = 0; batch < 20; batch++) {
      panel.server.engine.run((ctx) => {
        for (let i = 0; i < 500; i++) {
          const n = batch * 500 + i;
          const c = createConversation(ctx, {
            channel: n % 2 ? 'email' : 'livechat',
            queue: 'support-chat',
            customer: { id: `email:c${n}@example.com`, name: `Customer ${n}`, email: `c${n}@example.com`, phone: null, ip: null, geo: null },
            subject: `Question ${n}`,
          });
          // Started a millisecond apart within the batch, so the order of the list is known.
          const started = ctx.tx.put('conversation', { ...c, createdAt: c.createdAt + i }, 'created');
          const closed = close(ctx, assignTo(ctx, started, '1001', 'manual', '1001'), { kind: 'agent', id: '1001' });
          if (n % 3 === 0) ctx.tx.put('conversation', { ...closed, survey: { score: 8, comment: n % 2 ? 'Quick, thanks' : '', at: ctx.clock.now() } }, 'survey');
        }
      });
      clock.advance(60_000);
    }
    await logIn(panel, '1001');
    await panel.press('nav.conversations');
    await panel.waitForText('Total conversations');
    await panel.press('tab.next');
    let screen = await panel.waitForText('Total conversations: 10,000 · rows 1-');
    expect(screen).toMatch(/Queue\s+ID\s+Channel\s+Agent\s+Customer\s+Date\/Time\s+Rate\s+Fb/);
    expect(screen).toContain('Customer 9999');
    expectFits(panel.frame());
    const first = panel.sent('conversations.list').length;

    await panel.press('list.pageDown');
    await panel.press('list.pageDown');
    screen = await panel.waitForText(/rows \d+-\d+/);
    await panel.press('list.end');
    screen = await panel.waitFor((s) => /rows 9,9\d\d-10,000/.test(s) && s.includes('Customer 0 '), 'the last rows');
    expect(screen).toContain('Total conversations: 10,000');
    // The last row is the oldest conversation, as the server orders them; it is selected.
    const ava = loginAgent(panel.server, '1001');
    const last = (ava('conversations.list', { state: 'closed', offset: 9999, limit: 1 }) as { rows: Array<{ id: string }> }).rows[0]!;
    expect(screen).toContain(last.id);
    expect(lineWith(screen, '›')).toContain('Customer 0 ');
    // Customer 0 rated 8 with no comment: a rate, no feedback.
    expect(lineWith(screen, '›')).toMatch(/\s8\s*$/);
    expectFits(panel.frame());
    // Paging, not the whole list: a handful of page requests of at most 100 rows.
    const pages = panel.sent('conversations.list').slice(first);
    expect(pages.length).toBeLessThanOrEqual(6);
    expect(pages.every((p) => (p.args.limit as number) <= 100)).toBe(true);

    await panel.press('list.home');
    await panel.waitForText(/› .*Customer 9999/);
  });
});

describe('Conversations > Closed with calls at 80x24', () => {
  const path = process.env.PATH;
  const dirs: string[] = [];
  afterEach(() => {
    process.env.PATH = path;
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'sb-player-'));
    dirs.push(d);
    return d;
  };
  /** Until the server's state satisfies `check` (a recording is written on later turns). */
  const until = async <T,>(check: () => T | undefined, what: string): Promise<T> => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const v = check();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  it("lists answered calls with ☎; Enter shows a call's details; P only for a recorded one: plays and stops it, or without a player copies its URL; rate and feedback filters", async () => {
    const clock = new FakeClock('2026-01-06T09:00:00Z');
    panel = await startPanel({ clock, config: patientConfig(), listen: true });
    await logIn(panel, '1001');
    const ava = loginAgent(panel.server, '1001');
    const ringing = () => [...panel.server.engine.state.all('call')].find((c: Call) => c.state === 'ringing' && c.offers.some((o) => o.agent === '1001'))!;

    // A Support call (recorded) through the Reception ring group: 4 s to answer, 20 s of talk, Escalated, the form filled.
    placeCall(panel, '7100', { number: '+441234', name: 'Rob Recorded' });
    clock.advance(4000);
    const support = ringing();
    ava('call.answer', { callId: support.id });
    clock.advance(20_000);
    ava('call.hangup', { callId: support.id });
    ava('disposition.submit', { callId: support.id, hotkey: '2', fields: { topic: 'Technical', notes: 'Router reset' } });
    clock.advance(0); // the simulator hands the recording over
    await until(() => panel.server.engine.state.get('callRecord', support.id)?.recording ?? undefined, 'the recording');
    // Then a Sales call (not recorded), from a caller who gave no name.
    clock.advance(16_000);
    placeCall(panel, '7002', { number: '+445678', name: null });
    const sales = ringing();
    ava('call.answer', { callId: sales.id });
    clock.advance(10_000);
    ava('call.hangup', { callId: sales.id });
    ava('disposition.submit', { callId: sales.id, hotkey: '1', fields: { interest: 4 } });

    await panel.press('nav.conversations');
    await panel.waitForText('Total conversations');
    await panel.press('tab.next');
    let screen = await panel.waitForText('Total conversations: 2');
    expect(screen).toMatch(/Queue\s+ID\s+Channel\s+Agent\s+Customer\s+Date\/Time\s+Rate\s+Fb/);
    expect(lineWith(screen, 'Rob Recorded')).toMatch(/Support\s+…\S+\s+☎ Call\s+Ava Turner\s+Rob Recorded\s+01-06 \d\d:00/);
    expect(lineWith(screen, '+445678')).toMatch(/Sales\s+…\S+\s+☎ Call\s+Ava Turner\s+\+445678\s/);
    expectFits(panel.frame());
    // The newest, the Sales call, is selected: nothing to play.
    expect(lineWith(screen, '›')).toContain('+445678');
    expect(screen).toContain(`${sales.id} · Sale · +445678 · talk 0:10`);
    expect(footerOf(screen)).not.toContain('play recording');

    await panel.press('list.down');
    screen = await panel.waitFor((s) => lineWith(s, '›').includes('Rob Recorded'), 'the Support call selected');
    expect(screen).toContain(`${support.id} · Escalated · +441234 · talk 0:20 · recorded 0:20`);
    expect(footerOf(screen)).toContain('P play recording');

    // Show conversation: the call's details, not a message log.
    await panel.press('conversations.show');
    screen = await panel.waitForText(`Call ${support.id}`);
    expect(screen).toContain('☎ Support (7001) via Reception · Inbound · agent Ava Turner');
    expect(screen).toContain('Rob Recorded +441234');
    expect(screen).toMatch(/Arrived 2026-01-06 \d\d:00:00 · answered \d\d:00:04 · ended \d\d:00:24/);
    expect(screen).toContain('Waited 0:04 · talked 0:20 · hung up');
    expect(screen).toMatch(/Disposition: Escalated \(ESC\) by Ava Turner/);
    expect(screen).toContain('Support call:');
    expect(screen).toContain('Topic: Technical');
    expect(screen).toContain('Notes: Router reset');
    expect(screen).toContain('Recording 0:20');
    expect(footerOf(screen)).toContain('P play recording');
    expectFits(panel.frame());
    await panel.press('dialog.close');
    await panel.waitForText('Total conversations: 2');

    // No player on PATH (as over SSH): the URL is copied instead, and said so.
    process.env.PATH = tempDir();
    await panel.press('conversations.play');
    screen = await panel.waitForText("No audio player here: the recording's URL was copied (OSC 52).");
    expectFits(panel.frame());

    // A player on PATH (a stand-in paplay that keeps what it was given and plays "forever").
    const bin = tempDir();
    const out = tempDir();
    writeFileSync(join(bin, 'paplay'), `#!/bin/sh\nPATH=/usr/bin:/bin\necho $$ > "${out}/pid"\ncp "$1" "${out}/played.wav"\nexec sleep 30\n`);
    chmodSync(join(bin, 'paplay'), 0o755);
    process.env.PATH = bin;
    await panel.press('conversations.play');
    screen = await panel.waitForText('Playing the recording (0:20) with paplay');
    expect(footerOf(screen)).toContain('P stop playing');
    expect(screen).toContain('talk 0:20 · ▶ playing (paplay)');
    await until(() => (existsSync(join(out, 'played.wav')) && existsSync(join(out, 'pid')) ? true : undefined), 'the player to start');
    const played = await until(() => {
      const b = readFileSync(join(out, 'played.wav'));
      return b.length === 44 + 20 * 8000 * 2 ? b : undefined;
    }, 'the whole WAV');
    expect(played.toString('latin1', 0, 4)).toBe('RIFF');
    const pid = Number(readFileSync(join(out, 'pid'), 'utf8'));
    // The same key stops it.
    await panel.press('conversations.stop');
    screen = await panel.waitForText('Stopped playing.');
    expect(footerOf(screen)).toContain('P play recording');
    await until(() => {
      try {
        process.kill(pid, 0);
        return undefined;
      } catch {
        return true;
      }
    }, 'the player to end');
    // Nothing plays for the Sales call (it has no recording), and nothing says so.
    await panel.press('list.up');
    screen = await panel.waitFor((s) => lineWith(s, '›').includes('+445678'), 'the Sales call selected');
    expect(lineWith(screen, `${sales.id} ·`).trim()).toMatch(/talk 0:10$/);
    expect(footerOf(screen)).not.toContain('play recording');

    // Filters on the survey columns: calls have no feedback, and count as unrated.
    await panel.press('dash.filter');
    await panel.waitForText('Filter closed conversations');
    for (let i = 0; i < 9; i++) await panel.press('form.next');
    await panel.waitForText(/› Feedback/);
    await panel.type('yes');
    await panel.press('filters.apply');
    screen = await panel.waitForText('No conversation matches the filters');
    expect(panel.sent('conversations.list').at(-1)!.args).toMatchObject({ state: 'closed', feedback: true });
    await panel.press('dash.clearFilters');
    await panel.waitForText('Total conversations: 2');
    await panel.press('dash.filter');
    await panel.waitForText('Filter closed conversations');
    for (let i = 0; i < 8; i++) await panel.press('form.next');
    await panel.waitForText(/› Agent rate/);
    await panel.press('form.left');
    await panel.waitForText('‹ unrated ›');
    expectFits(panel.frame());
    await panel.press('filters.apply');
    screen = await panel.waitFor((s) => s.includes('Filter: Agent rate unrated') && s.includes('Total conversations: 2'), 'the filtered list');
    expect(panel.sent('conversations.list').at(-1)!.args).toMatchObject({ state: 'closed', rate: 'none' });
  });
});

describe('Live lists and colours', () => {
  it('a burst of changes re-fetches the Active list once per refresh period, not once per event', async () => {
    const settings = memorySettings();
    settings.setVoice('1001', { ...structuredClone(DEFAULT_VOICE_SETTINGS), alerts: { ...DEFAULT_VOICE_SETTINGS.alerts, refreshSeconds: 1 } });
    panel = await startPanel({ settings });
    await logIn(panel, '1001', { paused: true });
    await panel.press('nav.conversations');
    await panel.waitForText('Total conversations: 0');
    const before = panel.sent('conversations.list').length;
    const began = Date.now();
    // Thirty chats arrive in the queue within a third of a second: ninety events or so reach Ava.
    for (let i = 0; i < 30; i++) {
      visit(panel, 'support-chat', `Burst ${i}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    await panel.waitForText('Total conversations: 30', 5000);
    const fetched = panel.sent('conversations.list').length - before;
    // Once per one-second period the burst lasted (longer on a loaded machine), and one at each end: not one per event.
    const periods = Math.ceil((Date.now() - began) / 1000);
    expect(fetched).toBeGreaterThanOrEqual(1);
    expect(fetched).toBeLessThanOrEqual(periods + 2);
    expect(fetched).toBeLessThan(30);
  });

  it('without colour (NO_COLOR) the dashboards use no colour codes and still read: glyphs for hours, bars and meters', async () => {
    const clock = new FakeClock('2026-01-04T12:00:00Z'); // Sunday: Support Chat closed
    panel = await startPanel({ clock, theme: themeFor({ NO_COLOR: '1' }) });
    await logIn(panel, '1001');
    visit(panel);
    let screen = await openDashboard('Queues');
    expect(panel.frame()).not.toMatch(/\u001b\[3\dm/);
    expect(lineWith(screen, 'Support Chat')).toContain('○');
    expect(lineWith(screen, 'Support (7001)')).toContain('●');
    await panel.press('tab.next');
    screen = await panel.waitForText('My workload');
    expect(panel.frame()).not.toMatch(/\u001b\[3\dm/);
    expect(screen).toMatch(/Capacity by channel/);
    expect(screen).toMatch(/Email\s+░+\s+0\/5/);
  });
});
