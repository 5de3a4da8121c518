import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_VOICE_SETTINGS, memorySettings, type VoiceSettings } from '../../src/client/settings.js';
import { FakeClock } from '../fake-clock.js';
import { themeFor } from '../../src/ui/theme.js';
import { editSettingsPage, expectFits, footerOf, lineWith, logIn, loginAgent, patientConfig, placeCall, startPanel, type Panel } from './support.js';

/** The Calls section's other tabs (Queues, Agents, Alerts) and Settings > Voice settings, at 80x24. */
let panel: Panel;
afterEach(async () => {
  await panel?.close();
});

function settingsWith(agent: string, change: (s: VoiceSettings) => VoiceSettings) {
  const store = memorySettings();
  store.setVoice(agent, change(structuredClone(DEFAULT_VOICE_SETTINGS)));
  return store;
}

const RED = '\u001b[31m';

async function openTab(name: 'Queues' | 'Agents' | 'Alerts') {
  const order = ['Calls', 'Queues', 'Agents', 'Alerts'];
  for (let i = 0; i < order.indexOf(name); i++) await panel.press('tab.next');
  const marker = name === 'Queues' ? 'search by queue name' : name === 'Agents' ? 'search by name or agent number' : /\d+ alerts?\s+MWT over/;
  return panel.waitForText(marker);
}

/** Settings > Voice settings: the MWT threshold from 2 minutes to 3, by keys. */
async function raiseMwtThreshold(p: Panel): Promise<void> {
  await editSettingsPage(p, 'voice', 'Agents tab');
  for (let i = 0; i < 3; i++) await p.press('list.down');
  await p.waitForText(/› MWT threshold\s+‹ 2 › min/);
  await p.press('form.right');
  await p.waitForText(/› MWT threshold\s+‹ 3 › min/);
}

describe('Queues tab', () => {
  it("lists the agent's queues with calls waiting and MWT; search filters by name or number", async () => {
    panel = await startPanel();
    await logIn(panel, '1001', { paused: true });
    placeCall(panel, '7002');
    let screen = await openTab('Queues');
    screen = await panel.waitFor((s) => /Sales \(7002\)\s+1\s+0\s+0\s+1\s+\d:\d\d/.test(s), 'Sales with one caller waiting and its MWT');
    expect(screen).toMatch(/Queue\s+Calls\s+Busy\s+Idle\s+Paused\s+MWT/);
    expect(screen).toMatch(/Support \(7001\)\s+0\s+0\s+0\s+1\s+—/);
    // Only my queues: Billing is not one.
    expect(screen).not.toContain('Billing');
    expect(screen).toContain('2 of 2 · my queues');
    expectFits(panel.frame());

    await panel.press('search.open');
    await panel.type('sup');
    screen = await panel.waitForText('1 of 2');
    expect(screen).toContain('Support (7001)');
    expect(screen).not.toContain('Sales (7002)');
    await panel.press('search.clear');
    await panel.waitForText('2 of 2');
    await panel.press('search.open');
    await panel.type('7002');
    screen = await panel.waitForText('1 of 2');
    expect(screen).toContain('Sales (7002)');
    expect(screen).not.toContain('Support (7001)');
    await panel.press('search.done');
    screen = await panel.waitFor((s) => footerOf(s).includes('/ search'), 'the list keys back');
    expect(screen).toContain('Search: 7002');
  });

  it('MWT turns red over the threshold (bold inverse without colour)', async () => {
    const settings = settingsWith('1001', (s) => ({ ...s, queues: { show: 'all', custom: [] }, alerts: { ...s.alerts, mwtThresholdMinutes: 0 } }));
    panel = await startPanel({ settings });
    await logIn(panel, '1001');
    placeCall(panel, '7003');
    await openTab('Queues');
    await panel.waitFor((s) => /Billing \(7003\)\s+1\s+0\s+0\s+0\s+\d:\d\d/.test(s), 'Billing with a caller waiting');
    const frame = panel.frame();
    expect(lineWith(frame, 'Billing (7003)')).toContain(RED);
    // The control: a queue nobody waits in is not red.
    expect(lineWith(frame, 'Support (7001)')).not.toContain(RED);
    await panel.close();

    panel = await startPanel({ settings, theme: themeFor({ NO_COLOR: '1' }) });
    await logIn(panel, '1001');
    placeCall(panel, '7003');
    await openTab('Queues');
    await panel.waitFor((s) => /Billing \(7003\)\s+1/.test(s), 'Billing with a caller waiting');
    const plain = panel.frame();
    expect(plain).not.toMatch(/\u001b\[3\dm/);
    expect(lineWith(plain, 'Billing (7003)')).toMatch(/\u001b\[7m/);
    expect(lineWith(plain, 'Sales (7002)')).not.toMatch(/\u001b\[7m/);
  });
});

describe('Agents tab', () => {
  it('with nobody logged in, says so whole at 80 columns, with where offline agents are shown', async () => {
    panel = await startPanel();
    await logIn(panel, '1001');
    const screen = await openTab('Agents');
    const flat = screen.replace(/\s+/g, ' ');
    expect(flat).toContain('Nobody to show is logged in (offline agents are hidden: Settings › Voice settings).');
    expect(screen).not.toContain('…');
    expectFits(panel.frame());
  });

  it('lists the agents of my queues with status and type; search; info with queues; offline ones only when asked', async () => {
    panel = await startPanel();
    loginAgent(panel.server, '1002');
    const carla = loginAgent(panel.server, '1003', { device: 'deskphone' });
    carla('agent.pause', { reason: 'Lunch' });
    loginAgent(panel.server, '1005'); // Sales and Billing: shares Sales with me
    loginAgent(panel.server, '1008'); // Support and Billing
    await logIn(panel, '1001');
    let screen = await openTab('Agents');
    screen = await panel.waitFor((s) => ['Ben Okafor', 'Carla Mendes', 'Elena Rossi', 'Hassan Ali'].every((name) => s.includes(name)), 'the agents');
    expect(screen).toMatch(/Name\s+Agent ID\s+Status\s+Type/);
    expect(screen).toMatch(/Ben Okafor\s+1002\s+Idle \d:\d\d\s+Inbound · Softphone/);
    expect(screen).toMatch(/Carla Mendes\s+1003\s+Paused \(Lunch\) \d:\d\d\s+Inbound · Deskphone/);
    expect(screen).toMatch(/Elena Rossi\s+1005\s+Idle/);
    expect(screen).toMatch(/Hassan Ali\s+1008\s+Idle/);
    // Offline agents are hidden, and I am not listed.
    expect(screen).not.toContain('Dev Patel');
    expect(screen).not.toContain('Ava Turner   ');
    expect(screen).toContain('4 of 4 · agents of my queues');
    expect(screen).toContain('m chat · Enter info');
    expectFits(panel.frame());

    await panel.press('search.open');
    await panel.type('carla');
    screen = await panel.waitForText('1 of 4');
    expect(screen).not.toContain('Ben Okafor');
    await panel.press('search.done');
    await panel.waitFor((s) => footerOf(s).includes('agent info'), 'the list keys back');
    await panel.press('agents.info');
    screen = await panel.waitForText('Agent info');
    expect(screen).toMatch(/Name\s+Carla Mendes/);
    expect(screen).toMatch(/Agent number\s+1003/);
    expect(screen).toMatch(/Login type\s+Inbound · Deskphone/);
    expect(screen).toMatch(/Support \(7001\)\s+logged in/);
    expect(screen).toMatch(/Sales \(7002\)\s+logged in/);
    expectFits(panel.frame());
    expect(footerOf(screen)).toContain('Esc close');
    // The window says what the footer and the Dashboard's agent info say, not words of its own ("Enter or Esc close").
    expect(screen).toMatch(/│ Esc close +│/);
    await panel.press('dialog.close');
    await panel.waitFor((s) => !s.includes('Agent info'), 'the info to close');
    await panel.press('search.clear');

    // Search by number.
    await panel.press('search.open');
    await panel.type('1008');
    screen = await panel.waitForText('1 of 4');
    expect(screen).toContain('Hassan Ali');
  });

  it("a supervisor sees the outbound agents of their campaigns, live, though they are in none of the supervisor's queues", async () => {
    const config = patientConfig();
    // Kim works Voice Reminders only: in no voice queue, this session or in the configuration.
    config.agents.push({ ...config.agents[0]!, number: '1011', name: 'Kim Soto', pin: '1011', email: '1011@demo.switchboard', voiceQueues: [], messagingQueues: [], campaigns: ['voice-reminders'] });
    panel = await startPanel({ config });
    const kim = loginAgent(panel.server, '1011', { strategy: 'outbound', campaign: 'voice-reminders' });
    loginAgent(panel.server, '1008', { strategy: 'outbound', campaign: 'power-sales' });
    await logIn(panel, '9001');
    let screen = await openTab('Agents');
    screen = await panel.waitFor((s) => s.includes('Kim Soto') && s.includes('Hassan Ali'), 'the outbound agents');
    expect(screen).toMatch(/Kim Soto\s+1011\s+\S.*\s+Outbound · Softphone/);
    expect(screen).toMatch(/Hassan Ali\s+1008\s+\S.*\s+Outbound · Softphone/);
    expect(screen).toContain('2 of 2 · agents of my queues');
    expectFits(panel.frame());

    // Their state reaches the supervisor as it changes.
    kim('agent.pause', { reason: 'Lunch' });
    screen = await panel.waitForText(/Kim Soto\s+1011\s+Paused \(Lunch\)/);
    expectFits(panel.frame());
  });

  it('m opens the chat with the selected agent: messages both ways, an unread mark and a notice until it is read', async () => {
    panel = await startPanel();
    const ben = loginAgent(panel.server, '1002');
    await logIn(panel, '1001');
    await openTab('Agents');
    await panel.waitForText(/› Ben Okafor/);

    ben('agentchat.send', { to: '1001', text: 'Can you cover Sales at 3?' });
    let screen = await panel.waitForText('Ben Okafor writes: Can you cover Sales at 3?');
    expect(screen).toMatch(/› ✉1 Ben Okafor\s+1002/);

    await panel.press('agents.chat');
    screen = await panel.waitForText('Chat with Ben Okafor (1002)');
    expect(screen).toMatch(/\d\d:\d\d Ben Okafor: Can you cover Sales at 3\?/);
    // Nothing to send yet: only closing is offered.
    expect(footerOf(screen)).toContain('Esc close');
    expect(footerOf(screen)).not.toContain('Enter send');
    expectFits(panel.frame());
    const chat = () => panel.server.engine.state.get('agentChat', '1001|1002')!;
    await panel.waitFor(() => (chat().seenAt['1001'] ?? 0) >= chat().messages[0]!.at, 'the message to be marked read');

    await panel.type('Yes, from 3 to 5');
    await panel.waitFor((s) => footerOf(s).includes('Enter send'), 'send offered');
    await panel.press('agentChat.send');
    screen = await panel.waitFor((s) => /You: Yes, from 3 to 5/.test(s) && !/Message\s+Yes, from 3/.test(s), 'the message sent and the line empty again');
    expect(chat().messages.map((m) => [m.from, m.text])).toEqual([
      ['1002', 'Can you cover Sales at 3?'],
      ['1001', 'Yes, from 3 to 5'],
    ]);

    // While the chat is open, Ben's next message shows in it without a notice.
    ben('agentchat.send', { to: '1001', text: 'Thanks!' });
    screen = await panel.waitForText('Ben Okafor: Thanks!');
    expect(screen).not.toContain('Ben Okafor writes: Thanks!');

    await panel.press('agentChat.close');
    screen = await panel.waitFor((s) => !s.includes('Chat with Ben') && s.includes('› Ben Okafor'), 'the list again, nothing unread');
    expect(screen).not.toContain('✉');
  });

  it('c calls the selected agent: their phone rings and the call is on my list', async () => {
    panel = await startPanel();
    loginAgent(panel.server, '1002');
    await logIn(panel, '1001');
    await openTab('Agents');
    await panel.waitForText(/› Ben Okafor/);
    await panel.press('agents.call');
    await panel.waitForText('Calling Ben Okafor (1002)…');
    const calls = [...panel.server.engine.state.all('call')];
    const theirs = calls.find((c) => c.offers.some((o) => o.agent === '1002'));
    expect(theirs).toMatchObject({ direction: 'internal', state: 'ringing' });
    expect(panel.server.engine.state.agent('1002')!.activity).toBe('ringing');
    const screen = await panel.waitForText(/Calls 1/);
    expect(screen).toContain('Calls 1');
  });

  it('Voice settings: showing all agents and offline ones changes the list and is saved', async () => {
    const settings = memorySettings();
    panel = await startPanel({ settings });
    await logIn(panel, '1001');
    await panel.press('nav.settings');
    await panel.waitForText('General');
    await panel.press('tab.next');
    let screen = await panel.waitForText('Agents tab');
    expect(screen).toMatch(/Show\s+\(•\) Agents of my queues/);
    expect(screen).toMatch(/Show offline agents\s+\[ \]/);
    expectFits(panel.frame());
    await panel.press('settings.edit');
    await panel.waitForText(/› Show\s+\(•\) Agents of my queues/);
    await panel.press('form.right');
    await panel.waitForText(/› Show\s+\( \) Agents of my queues\s+\(•\) All/);
    await panel.press('list.down');
    await panel.press('form.right');
    await panel.waitForText(/› Show offline agents\s+\[x\]/);
    expect(settings.voice('1001').agents).toMatchObject({ show: 'all', showOffline: true });

    await panel.press('settings.done');
    await panel.press('nav.calls');
    await panel.waitForText('No calls right now');
    screen = await openTab('Agents');
    screen = await panel.waitForText(/Sam Rivera\s+9001\s+Logged off/);
    expect(screen).toContain('all agents, offline too');
    expect(screen).toMatch(/Ben Okafor\s+1002\s+Logged off/);
  });
});

describe('Queues from Voice settings', () => {
  it('a custom list of queues, chosen in a checklist, is what the Queues tab shows', async () => {
    const settings = memorySettings();
    panel = await startPanel({ settings });
    await logIn(panel, '1001');
    await editSettingsPage(panel, 'voice', 'Queues tab');
    for (let i = 0; i < 2; i++) await panel.press('list.down');
    let screen = await panel.waitForText(/› Show\s+\(•\) My queues/);
    await panel.press('form.right');
    await panel.press('form.right');
    screen = await panel.waitForText(/Custom queues\s+0 selected/);
    await panel.press('list.down');
    await panel.waitForText(/› Custom queues/);
    await panel.press('settings.choose');
    screen = await panel.waitForText('Queues to show');
    expect(screen).toContain('[ ] Billing (7003)');
    await panel.press('list.down');
    await panel.press('list.down');
    await panel.press('list.toggle');
    await panel.waitForText('[x] Billing (7003)');
    await panel.press('list.choose');
    screen = await panel.waitForText(/Custom queues\s+1 selected/);
    expect(settings.voice('1001').queues).toEqual({ show: 'custom', custom: ['7003'] });

    await panel.press('settings.done');
    await panel.press('nav.calls');
    await panel.waitForText('No calls right now');
    screen = await openTab('Queues');
    expect(screen).toContain('Billing (7003)');
    expect(screen).not.toContain('Support (7001)');
    expect(screen).toContain('1 of 1 · custom list');
  });

  it('changing the MWT threshold tells the server, which raises alerts from it', async () => {
    const settings = memorySettings();
    panel = await startPanel({ settings });
    await logIn(panel, '1001');
    await panel.waitFor(() => panel.server.engine.state.get('alerts', '1001')?.settings?.mwtThresholdMinutes === 2, 'the alert settings sent after login');
    await raiseMwtThreshold(panel);
    await panel.waitFor(() => panel.server.engine.state.get('alerts', '1001')?.settings?.mwtThresholdMinutes === 3, 'the new threshold at the server');
    expect(settings.voice('1001').alerts.mwtThresholdMinutes).toBe(3);
    expect(panel.sent('alerts.configure').at(-1)!.args).toEqual({ mwtThresholdMinutes: 3, intervalMinutes: 5, myQueuesOnly: true });
  });

  it('a threshold changed while the settings file is still being read is kept and told to the server, not undone by the file', async () => {
    const settings = memorySettings();
    // The agent's settings file read slowly (a home directory on a network disk): it is there once the test says so.
    let read: () => void = () => {};
    const readNow = new Promise<void>((resolve) => (read = resolve));
    panel = await startPanel({ settings: () => readNow.then(() => settings) });
    await logIn(panel, '1001');
    await raiseMwtThreshold(panel);

    read();
    await panel.waitFor(() => panel.server.engine.state.get('alerts', '1001')?.settings !== undefined, 'the alert settings sent once the file is read');
    expect(panel.server.engine.state.get('alerts', '1001')?.settings?.mwtThresholdMinutes).toBe(3);
    expect(panel.screen()).toMatch(/› MWT threshold\s+‹ 3 › min/);
    expect(settings.voice('1001').alerts.mwtThresholdMinutes).toBe(3);
  });
});

describe('Alerts tab', () => {
  it('shows an alert the server raises, with a popup, newest first; delete all asks first and empties it', async () => {
    const clock = new FakeClock();
    const settings = settingsWith('1001', (s) => ({ ...s, alerts: { ...s.alerts, mwtThresholdMinutes: 1, intervalMinutes: 1, myQueuesOnly: false } }));
    panel = await startPanel({ clock, settings, config: patientConfig() });
    await logIn(panel, '1001');
    await panel.waitFor(() => panel.server.engine.state.get('alerts', '1001')?.settings?.myQueuesOnly === false, 'the alert settings at the server');
    placeCall(panel, '7003'); // Billing: nobody of it is logged in, so the caller waits
    clock.advance(65_000);
    let screen = await panel.waitForText('Alert: Billing (7003): a caller has waited');
    await openTab('Alerts');
    screen = await panel.waitForText(/1 alert\s+MWT over 1 min/);
    expect(screen).toMatch(/\d\d:\d\d\s+! Billing \(7003\): a caller has waited 1:0\d, over the 1 min threshold/);
    expect(screen).toContain('Alerts 1');
    clock.advance(60_000);
    screen = await panel.waitForText(/2 alerts/);
    // Newest first: the later one waited longer.
    const lines = screen.split('\n').filter((l) => l.includes('! Billing'));
    expect(lines[0]).toMatch(/waited 2:0\d/);
    expect(lines[1]).toMatch(/waited 1:0\d/);
    expectFits(panel.frame());

    await panel.press('alerts.clear');
    screen = await panel.waitForText('Delete all alerts?');
    await panel.press('dialog.cancel');
    screen = await panel.waitFor((s) => !s.includes('Delete all alerts?'), 'the question to close');
    expect(screen).toMatch(/2 alerts/);
    await panel.press('alerts.clear');
    await panel.waitForText('Delete all alerts?');
    await panel.press('dialog.confirm');
    screen = await panel.waitForText('No alerts.');
    expect(panel.server.engine.state.get('alerts', '1001')!.items).toEqual([]);
    expect(screen).not.toContain('Alerts 2');
  });

  it('more alerts than fit: the marker under them says which are shown, and moves as the agent scrolls with ↓ and k', async () => {
    const clock = new FakeClock();
    const settings = settingsWith('1001', (s) => ({ ...s, alerts: { ...s.alerts, mwtThresholdMinutes: 1, intervalMinutes: 1, popup: false, myQueuesOnly: false } }));
    panel = await startPanel({ clock, settings, config: patientConfig() });
    await logIn(panel, '1001');
    await panel.waitFor(() => panel.server.engine.state.get('alerts', '1001')?.settings?.myQueuesOnly === false, 'the alert settings at the server');
    await openTab('Alerts');
    placeCall(panel, '7003'); // Billing: nobody of it is logged in, so the caller waits, one alert a minute
    clock.advance(65_000);
    await panel.waitForText(/1 alert\s/);
    for (let n = 2; n <= 8; n++) {
      clock.advance(60_000);
      await panel.waitForText(new RegExp(`${n} alerts\\s`));
    }
    const firstShown = (screen: string) => /! Billing \(7003\): a caller has waited (\d+):/.exec(screen)?.[1];
    // Newest first: the caller had waited 8 minutes; only ↓ moves from the top.
    let screen = await panel.waitForText(/1-\d of 8 \(↓\)/);
    expect(firstShown(screen)).toBe('8');
    expectFits(panel.frame());

    await panel.key('down');
    screen = await panel.waitForText(/2-\d of 8 \(↑↓\)/);
    expect(firstShown(screen)).toBe('7');
    await panel.key('down');
    screen = await panel.waitForText(/3-\d of 8 \(↑↓\)/);
    expect(firstShown(screen)).toBe('6');
    await panel.key('k');
    screen = await panel.waitForText(/2-\d of 8 \(↑↓\)/);
    expect(firstShown(screen)).toBe('7');
    await panel.key('up');
    screen = await panel.waitForText(/1-\d of 8 \(↓\)/);
    expect(firstShown(screen)).toBe('8');
    expectFits(panel.frame());
  });

  it('with popups off an alert is listed without a popup; e opens the alert settings', async () => {
    const clock = new FakeClock();
    const settings = settingsWith('1001', (s) => ({ ...s, alerts: { ...s.alerts, mwtThresholdMinutes: 1, popup: false, myQueuesOnly: false } }));
    panel = await startPanel({ clock, settings, config: patientConfig() });
    await logIn(panel, '1001');
    await panel.waitFor(() => panel.server.engine.state.get('alerts', '1001')?.settings?.myQueuesOnly === false, 'the alert settings at the server');
    await openTab('Alerts');
    placeCall(panel, '7003');
    clock.advance(65_000);
    const screen = await panel.waitForText(/1 alert\s/);
    expect(screen).not.toContain('Alert: Billing');
    await panel.press('alerts.settings');
    await panel.waitForText(/Show popup for alerts\s+\[ \]/);
  });

  it('at 60x16 the settings line goes on between settings and the empty list\'s sentence between words: nothing is cut', async () => {
    panel = await startPanel({ columns: 60, rows: 16 });
    await logIn(panel, '1001');
    await panel.waitForText('No calls right now');
    await openTab('Alerts');
    const screen = await panel.waitForText('No alerts.');
    // Before: "0 alerts   MWT over 2 min · every 5 min per queue · my qu…" and "… waits past your MW…".
    expect(screen).not.toContain('…');
    // Wrapped between words, a setting was split over two lines: "· my" then "queues · popup on".
    expect(screen).toMatch(/^ 0 alerts {3}MWT over 2 min · every 5 min per queue\s*$/m);
    expect(screen).toMatch(/^ my queues · popup on\s*$/m);
    expect(screen).toMatch(/^ No alerts\. One is raised when a caller waits past your MWT\s*$/m);
    expect(screen).toMatch(/^ threshold\.\s*$/m);
    expectFits(panel.frame(), 60, 16);
  });
});

