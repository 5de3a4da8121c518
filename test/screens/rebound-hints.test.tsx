import { afterEach, describe, expect, it } from 'vitest';
import type { Customer } from '../../src/core/protocol/model.js';
import { receiveInbound } from '../../src/core/messaging/inbound.js';
import { expectFits, footerOf, logIn, loginAgent, type Panel, placeCall, rebind, startPanel, tabStripOf } from './support.js';
import { mail, mailConfig } from './email-support.js';
import { chatWith, openChat, openContacts } from './contacts-support.js';
import { alwaysOpenChatConfig, openPatJonesChat } from './killed-panel-scene.js';

/**
 * Hints written by hand beside a dialog's list, a picker's search, the Calls
 * and Settings tabs and the quit warning named the registry's keys ("Enter
 * transfer · Esc cancel", "← → tabs", "Press Ctrl+C again"), so an agent who
 * had given those commands keys of their own was told keys that do nothing.
 * Each is now read from the commands bound. Here the agent's keys are moved
 * (as the Keys page or the keymap file moves them) and each hint must name them.
 */
let panel: Panel;
afterEach(async () => {
  await panel?.close();
});

/** The choosing keys moved to k and j first (the arrows still work), confirming to Ctrl+O, cancelling to Ctrl+W. */
const LIST_KEYS = { 'list.up': ['k', 'up'], 'list.down': ['j', 'down'] };

async function loggedIn(columns = 80): Promise<void> {
  panel = await startPanel({ config: alwaysOpenChatConfig(), columns });
  await logIn(panel, '1001');
}

/** The Calls section's tab strip (under the ringing bar while a call rings). */
const callsTabs = (screen: string) => screen.split('\n').find((l) => l.includes(' │ Queues │ Agents')) ?? '';

/** The last line of the open dialog's box: its keys. */
const lastBoxLine = (screen: string) =>
  screen
    .split('\n')
    .filter((l) => l.trimStart().startsWith('│'))
    .at(-1)
    ?.replace(/^\s*│\s*|\s*│\s*$/g, '') ?? '';

describe("hints name the agent's own keys", () => {
  it('the call transfer dialog: choosing a queue, no agent free, a number', async () => {
    await loggedIn();
    rebind({ ...LIST_KEYS, 'transfer.nextKind': 'w', 'transfer.confirm': 'ctrl+o', 'transfer.cancel': 'ctrl+w' });
    placeCall(panel, '7001');
    await panel.waitForText('Ring In');
    await panel.press('call.answer');
    await panel.waitForText('On-call');
    await panel.press('call.transfer');
    let screen = await panel.waitForText('Transfer Test Caller');
    expect(lastBoxLine(screen)).toBe('k j choose · Ctrl+O transfer · Ctrl+W cancel');
    expectFits(panel.frame());

    // Nobody else is logged in: no one to choose or transfer to, another kind of target is offered.
    await panel.key('w');
    screen = await panel.waitForText('No agent is free');
    expect(lastBoxLine(screen)).toBe('No agent is free to take it now · w another target · Ctrl+W cancel');

    // To a number: a text box has the keys, nothing to choose.
    await panel.key('w');
    screen = await panel.waitForText('Type the number');
    expect(lastBoxLine(screen)).toBe('Type the number · Ctrl+O transfer · Ctrl+W cancel');
    expectFits(panel.frame());
    // And the keys named are the keys that work.
    await panel.key('ctrl+w');
    await panel.waitFor((s) => !s.includes('Transfer Test Caller'), 'the dialog closed by Ctrl+W');
  });

  it('the chat transfer dialog', async () => {
    await loggedIn();
    rebind({ ...LIST_KEYS, 'transfer.confirm': 'ctrl+o', 'transfer.cancel': 'ctrl+w' });
    await openPatJonesChat(panel);
    await panel.press('composer.leave');
    await panel.press('conversation.transfer');
    const screen = await panel.waitForText("Transfer Pat Jones's chat");
    expect(lastBoxLine(screen)).toBe('k j choose · Ctrl+O transfer · Ctrl+W cancel');
    expectFits(panel.frame());
  });

  it('the canned-response picker: only the keys not typed into its search', async () => {
    await loggedIn();
    rebind({ ...LIST_KEYS, 'canned.insert': 'ctrl+o', 'list.cancel': 'ctrl+w' });
    await openPatJonesChat(panel);
    await panel.press('composer.canned');
    let screen = await panel.waitForText('Canned responses');
    // k and j go into the search: the arrows, which still reach the list, are named.
    expect(lastBoxLine(screen)).toBe('Type to search · ↑ ↓ choose · Ctrl+O insert · Ctrl+W cancel');
    expectFits(panel.frame());
    // One match: nothing to move to; none: nothing to insert.
    await panel.type('help');
    screen = await panel.waitFor((s) => lastBoxLine(s) === 'Type to search · Ctrl+O insert · Ctrl+W cancel', 'one match');
    await panel.type('zzz');
    screen = await panel.waitFor((s) => lastBoxLine(s) === 'Type to search · Ctrl+W cancel', 'no match');
    await panel.key('ctrl+w');
    await panel.waitFor((s) => !s.includes('Canned responses'), 'the picker closed by Ctrl+W');
  });

  it('the WhatsApp template picker', async () => {
    await loggedIn();
    rebind({ ...LIST_KEYS, 'template.choose': 'ctrl+o', 'list.cancel': 'ctrl+w' });
    const customer: Customer = { id: 'phone:+447700900222', name: 'Nina New', email: null, phone: '+447700900222', ip: null, geo: null, social: { whatsappName: 'Nina New' } };
    panel.server.engine.run((ctx) =>
      receiveInbound(ctx, { channel: 'whatsapp', queue: 'support-chat', externalId: 'wa-1', threadRef: 'whatsapp:+447700900222', customer, text: 'Hi, a quick question', attachments: [] }),
    );
    await panel.press('nav.chats');
    await panel.waitForText('Nina New');
    await panel.press('chats.open');
    await panel.waitFor((s) => s.includes('Nina New —') && /Enter send/.test(s), 'the reply box focused');
    await panel.press('composer.template');
    const screen = await panel.waitForText('WhatsApp templates');
    expect(lastBoxLine(screen)).toBe('Type to search · ↑ ↓ choose · Ctrl+O fill in and send · Ctrl+W cancel');
    expectFits(panel.frame());
  });

  it('the Calls tabs: named, and not offered under a dialog', async () => {
    await loggedIn();
    rebind({ 'tab.prev': ',', 'tab.next': '.' });
    placeCall(panel, '7001');
    let screen = await panel.waitForText('Ring In');
    expect(callsTabs(screen)).toMatch(/│ Callbacks\s+, \. tabs\s*$/);
    await panel.press('call.answer');
    await panel.waitForText('On-call');
    await panel.press('call.transfer');
    screen = await panel.waitForText('Transfer Test Caller');
    // The dialog has the keyboard: , and . would not change the tab.
    expect(callsTabs(screen)).not.toContain('tabs');
    expect(callsTabs(screen)).not.toContain('←');
  });

  it('the Settings pages (named where the strip leaves room for them)', async () => {
    await loggedIn(120);
    rebind({ 'tab.prev': ',', 'tab.next': '.' });
    await panel.press('nav.settings');
    const screen = await panel.waitForText('General │');
    expect(tabStripOf(screen)).toMatch(/, \. pages\s*$/);
  });

  it('the quit warning', async () => {
    await loggedIn();
    rebind({ 'app.quit': 'ctrl+w' });
    await panel.key('ctrl+w');
    const screen = await panel.waitForText('again to quit');
    expect(footerOf(screen)).toContain('Press Ctrl+W again to quit');
    expect(panel.exits).toBe(0);
    await panel.key('ctrl+w');
    await panel.waitFor(() => panel.exits === 1, 'the panel to exit');
  });

  it('the quit key works with an overlay open, as Ctrl+C did', async () => {
    await loggedIn();
    rebind({ 'app.quit': 'ctrl+w' });
    await panel.press('app.help');
    await panel.waitForText(/Keys\s+\(1-/);
    await panel.key('ctrl+w');
    await panel.waitForText('Press Ctrl+W again to quit');
    await panel.key('ctrl+w');
    await panel.waitFor(() => panel.exits === 1, 'the panel to exit');
  });

  it("the quit key is not taken by a box that waits for a key (Settings > Keys), as Ctrl+C is not", async () => {
    await loggedIn();
    rebind({ 'app.quit': 'ctrl+w' });
    await panel.press('nav.settings');
    await panel.press('tab.prev');
    await panel.waitForText('Name in the file');
    await panel.press('keys.bind');
    await panel.waitForText('Press the key for "help"');
    await panel.key('ctrl+w');
    const screen = await panel.waitForText('Press Ctrl+W again to quit');
    // Not given to help as its new key.
    expect(screen).not.toContain('from now on');
    await panel.key('ctrl+w');
    await panel.waitFor(() => panel.exits === 1, 'the panel to exit');
  });

  it('one-line forms: OK, cancel and, with several fields, the next field', async () => {
    await loggedIn();
    rebind({ 'entry.submit': 'ctrl+o', 'entry.cancel': 'ctrl+w', 'form.next': ['ctrl+n', 'down'] });
    await openPatJonesChat(panel);
    await panel.press('composer.leave');
    await panel.press('conversation.subject');
    let screen = await panel.waitForText('Subject of the conversation');
    expect(lastBoxLine(screen)).toBe('Ctrl+O OK · Ctrl+W cancel');
    await panel.key('ctrl+w');
    await panel.waitFor((s) => !s.includes('Subject of the conversation'), 'the form closed by Ctrl+W');
    await panel.press('nav.contacts');
    await panel.waitForText('search by any name');
    await panel.press('contacts.new');
    screen = await panel.waitForText('Create New Contact');
    expect(lastBoxLine(screen)).toMatch(/(^|· )Ctrl\+O OK · Ctrl\+W cancel · Ctrl\+N next field$/);
    // Its note says how to save too.
    expect(screen.replace(/[│\s]+/g, ' ')).toContain('separate with commas. Ctrl+O saves.');
    expectFits(panel.frame());
  });

  it("a list's search: open, done, change and clear", async () => {
    await loggedIn();
    rebind({ 'search.open': 'ctrl+k', 'search.done': 'ctrl+o', 'search.clear': 'ctrl+w' });
    await panel.press('nav.contacts');
    let screen = await panel.waitForText('search by any name');
    expect(screen).toContain('Ctrl+K search by any name, email or number');
    await panel.key('ctrl+k');
    await panel.type('a');
    screen = await panel.waitForText('Search:');
    expect(screen).toMatch(/Search: a .*· Ctrl\+O done · Ctrl\+W clear/);
    await panel.key('ctrl+o');
    screen = await panel.waitFor((s) => s.includes('Ctrl+K change'), 'the search kept');
    expect(screen).toMatch(/Search: a .*· Ctrl\+K change · Ctrl\+W clear/);
    expectFits(panel.frame());
  });

  it('a checklist: select and done', async () => {
    await loggedIn();
    rebind({ 'list.toggle': 'v', 'list.choose': 'ctrl+o' });
    await panel.press('nav.contacts');
    await panel.waitForText('search by any name');
    await panel.press('contacts.columns');
    const screen = await panel.waitForText('Columns (Name is always shown)');
    // The title wraps in the box at 50 columns: read it as one line.
    const box = screen.split('\n').map((l) => l.replace(/^\s*│\s*|\s*│\s*$/g, '')).join(' ');
    expect(box).toMatch(/Columns \(Name is always shown\) \(\d+ selected · v select · Ctrl\+O done\)/);
    expectFits(panel.frame());
  });

  it("a question's buttons", async () => {
    await loggedIn();
    rebind({ 'dialog.confirm': ['ctrl+o', 'y'], 'dialog.cancel': ['ctrl+w', 'n'] });
    await panel.press('session.logout');
    const screen = await panel.waitForText('Log out?');
    const buttons = screen.split('\n').find((l) => l.includes('Cancel')) ?? '';
    expect(buttons).toMatch(/ Ctrl\+O \S.* {2}Ctrl\+W Cancel/);
    expect(buttons).not.toMatch(/Enter|Esc/);
    expectFits(panel.frame());
    await panel.key('ctrl+w');
    await panel.waitFor((s) => !s.includes('Log out?'), 'the question closed by Ctrl+W');
  });

  it("an answered call's disposition search and feedback form", async () => {
    await loggedIn();
    rebind({ 'form.left': ',', 'form.right': ['.', 'space'], 'disposition.choose': 'ctrl+o', 'disposition.close': 'ctrl+w', 'feedback.submit': 'ctrl+o' });
    placeCall(panel, '7001');
    await panel.waitForText('Ring In');
    await panel.press('call.answer');
    await panel.waitForText('On-call');
    await panel.press('disposition.search');
    let screen = await panel.waitForText('Find disposition:');
    // , and . go into the search, so they are not offered there.
    expect(screen).toMatch(/Find disposition: .*\d+ of \d+ · Ctrl\+O submit · Ctrl\+W close/);
    await panel.key('ctrl+w');
    await panel.waitFor((s) => !s.includes('Find disposition:'), 'the search closed by Ctrl+W');
    await panel.press('call.startForm');
    screen = await panel.waitForText('editing —');
    // The title is cut at 80 columns; what shows of it names the agent's keys.
    expect(screen).toMatch(/editing — Tab next · , \. choose · Ctrl\+O/);
    expectFits(panel.frame());
  });

  it('the ringing bar: answer and decline, and in a text box the keys it does not type', async () => {
    await loggedIn();
    rebind({ 'call.answer': ['v', 'ctrl+y'], 'call.decline': ['z', 'ctrl+x'] });
    placeCall(panel, '7001');
    let screen = await panel.waitForText('☎ RINGING');
    const bar = (s: string) => s.split('\n').find((l) => l.includes('☎ RINGING')) ?? '';
    expect(bar(screen)).toMatch(/ v answer {2}z decline\s*$/);
    await openPatJonesChat(panel);
    screen = await panel.waitFor((s) => /Ctrl\+Y answer/.test(bar(s)), 'the bar in the reply box');
    expect(bar(screen)).toMatch(/ Ctrl\+Y answer {2}Ctrl\+X decline\s*$/);
    expectFits(panel.frame());
  });

  it("Profile's pause, unpause, log out and exit, unpause only while paused", async () => {
    await loggedIn();
    rebind({ 'agent.pause': 'ctrl+b', 'agent.unpause': 'ctrl+k', 'session.logout': 'ctrl+l', 'app.exit': 'ctrl+o' });
    await panel.press('nav.profile');
    const hint = (s: string) => s.split('\n').find((l) => l.includes('log out'))?.trim() ?? '';
    let screen = await panel.waitForText('Logged in since');
    expect(hint(screen)).toBe('Ctrl+B pause · Ctrl+L log out · Ctrl+O exit (session stays)');

    await panel.key('ctrl+b');
    await panel.waitForText('Pause — choose a reason');
    await panel.press('list.choose');
    screen = await panel.waitFor((s) => hint(s).includes('unpause'), 'unpause offered once paused');
    expect(hint(screen)).toBe('Ctrl+B pause · Ctrl+K unpause · Ctrl+L log out · Ctrl+O exit (session stays)');
    expectFits(panel.frame());
  });
});

/** The screen as one line: a sentence wrapped in a list or a box reads whole. */
const squash = (screen: string) => screen.replace(/[│\s]+/g, ' ');

describe("sentences in the screens name the agent's own keys", () => {
  it('My Chats and My Emails, empty, name the key to Unassigned', async () => {
    await loggedIn();
    rebind({ 'tab.prev': '<', 'tab.next': '>' });
    await panel.press('nav.chats');
    let screen = await panel.waitForText('No chats assigned to you');
    expect(squash(screen)).toContain('waiting ones are under Unassigned (>).');
    await panel.press('nav.email');
    screen = await panel.waitForText('No emails assigned to you');
    expect(squash(screen)).toContain('waiting ones are under Unassigned (>).');
    // And > is the key that goes there.
    await panel.key('>');
    await panel.waitForText('No email waits unassigned in your queues.');
  });

  it("an unassigned email: the preview's keys, then its view's", async () => {
    panel = await startPanel({ config: mailConfig() });
    await logIn(panel, '1001');
    rebind({ 'chats.assign': 'w', 'chats.open': 'o', 'conversation.assign': 'W' });
    await panel.press('nav.email');
    mail(panel, { queue: 'manual-mail', from: 'olaf@example.com', subject: 'Bulk pricing', text: 'Do you offer discounts for 50 seats?' });
    await panel.press('tab.next');
    let screen = await panel.waitForText('Preview · olaf@example.com');
    expect(screen).toContain('w Assign to me · o read it');
    expectFits(panel.frame());
    await panel.key('o');
    screen = await panel.waitForText('Waiting unassigned in Manual Mail');
    expect(squash(screen)).toContain('Waiting unassigned in Manual Mail · W Assign to me');
    await panel.key('W');
    await panel.waitFor(() => panel.server.engine.state.all('conversation').next().value?.agent === '1001', 'assigned by W');
  });

  it('a solved email names the key that closes it', async () => {
    panel = await startPanel({ config: mailConfig() });
    await logIn(panel, '1001');
    rebind({ 'conversation.close': 'X' });
    await panel.press('nav.email');
    // Support Chat assigns it to 1001 at once.
    mail(panel, { subject: 'Bulk pricing' });
    await panel.waitForText('You have a new assigned email.');
    await panel.press('chats.open');
    await panel.waitFor((s) => /Ctrl\+D send/.test(s), 'the reply box focused');
    await panel.press('composer.leave');
    await panel.press('conversation.status');
    await panel.waitForText('Status of this email');
    await panel.press('list.down');
    await panel.press('list.down');
    await panel.press('list.choose');
    const screen = await panel.waitForText('Ticket status updated from Open to Solved.');
    expect(squash(screen)).toContain('a reply opens it · X close');
  });

  it('a chat a supervisor closed names the key that hides it', async () => {
    await loggedIn();
    rebind({ 'conversation.hide': 'ctrl+k' });
    await openPatJonesChat(panel);
    await panel.press('composer.leave');
    const c = panel.server.engine.state.all('conversation').next().value!;
    loginAgent(panel.server, '9001')('conversation.close', { id: c.id });
    const screen = await panel.waitFor((s) => squash(s).includes('Closed by Sam Rivera'), 'closed by the supervisor');
    expect(squash(screen)).toMatch(/Closed by Sam Rivera \(supervisor\) at \S+ · Ctrl\+K hide/);
  });
  it('Contacts, empty: the keys that create one and that clear the search', async () => {
    await loggedIn();
    rebind({ 'contacts.new': 'N', 'search.clear': 'ctrl+w' });
    await panel.press('nav.contacts');
    let screen = await panel.waitForText('No contacts yet');
    expect(squash(screen)).toContain('No contacts yet: N creates one.');
    await panel.press('search.open');
    await panel.type('zz');
    screen = await panel.waitForText('No contact matches');
    expect(squash(screen)).toContain('No contact matches (Ctrl+W clears the search).');
    // Kept with Enter, the search is cleared from the list by the same key.
    await panel.press('search.done');
    await panel.key('ctrl+w');
    screen = await panel.waitForText('No contacts yet');
    expect(squash(screen)).toContain('No contacts yet: N creates one.');
  });

  it("a chat's Conversation History: the key that loads more", async () => {
    panel = await openContacts('1001');
    rebind({ 'history.open': 'o' });
    const kim = { id: 'visitor:v-kim', name: 'Kim Lee' };
    for (let i = 1; i <= 10; i++) chatWith(panel, '1001', kim, { subject: `Question ${i}`, closed: true });
    chatWith(panel, '1001', kim, { subject: 'Today' });
    await openChat(panel, 'Kim Lee');
    await panel.press('conversation.pastHistory');
    const screen = await panel.waitForText('Conversation History of Kim Lee · 10 conversations');
    expect(screen).toMatch(/Load more\s+2 more \(o reads them\)/);
  });
});

describe("markers name the agent's own keys, only those that move", () => {
  it("a list that does not fit (My Chats): the keys that move the selection", async () => {
    panel = await openContacts('1001');
    rebind({ 'list.up': ['k', 'up'], 'list.down': ['j', 'down'] });
    for (let i = 1; i <= 25; i++) chatWith(panel, '1001', { id: `visitor:v-${i}`, name: `Visitor ${i}` }, { subject: `Question ${i}` });
    await panel.press('nav.chats');
    const marker = (s: string) => /\d+-\d+ of 25\b.*$/m.exec(s)?.[0].trim() ?? '';
    let screen = await panel.waitFor((s) => marker(s) !== '', "the list's marker");
    // Keys in order k j, each only while it moves: at the first chat only j.
    for (let i = 0; i < 30 && marker(screen).includes('k'); i++) {
      await panel.key('k');
      screen = panel.screen();
    }
    expect(marker(screen)).toMatch(/^1-\d+ of 25 \(j\)$/);
    await panel.key('j');
    screen = await panel.waitFor((s) => marker(s).endsWith('(k j)'), 'both keys once one down');
    expect(marker(screen)).not.toContain('↑');
    expectFits(panel.frame());
  });

  it('the help overlay: the keys that scroll it from where it is', async () => {
    await loggedIn();
    rebind({ 'list.up': ['w', 'up'], 'list.down': ['s', 'down'], 'list.pageUp': 'ctrl+b', 'list.pageDown': 'ctrl+f' });
    await panel.press('app.help');
    const title = (s: string) => /Keys\s+\((.*)\)/.exec(s)?.[1] ?? '';
    // At the top: only down and a page down move it.
    let screen = await panel.waitForText(/Keys\s+\(1-/);
    expect(title(screen)).toMatch(/^1-\d+ of \d+ lines, s Ctrl\+F$/);
    await panel.key('s');
    screen = await panel.waitForText(/Keys\s+\(2-/);
    expect(title(screen)).toMatch(/^2-\d+ of \d+ lines, w s Ctrl\+B Ctrl\+F$/);
    // At the end: only back up.
    for (let i = 0; i < 20 && !/lines, w Ctrl\+B\)/.test(panel.screen()); i++) await panel.key('ctrl+f');
    screen = await panel.waitForText(/lines, w Ctrl\+B\)/);
    expect(title(screen)).not.toMatch(/PgUp|PgDn|↑|↓/);
    expectFits(panel.frame());
  });
});

describe("an email's folded quote names the agent's own key", () => {
  it('the key that shows it, and none while the reply box takes the letters', async () => {
    panel = await startPanel({ config: mailConfig() });
    await logIn(panel, '1001');
    rebind({ 'email.quoted': 'z' });
    await panel.press('nav.email');
    mail(panel);
    await panel.waitForText('You have a new assigned email.');
    await panel.press('chats.open');
    // Opened, the reply box has the keys and takes z as a letter: no key is named.
    const foldAlone = (s: string) => /quoted history\s*$/m.test(s);
    let screen = await panel.waitFor((s) => foldAlone(s) && /Ctrl\+D send /.test(s), 'the fold naming no key');
    expect(screen).not.toContain('shows)');
    await panel.press('composer.leave');
    screen = await panel.waitForText('quoted history (z shows)');
    expect(screen).not.toContain('(q shows)');
    await panel.press('conversation.reply');
    await panel.waitFor((s) => foldAlone(s) && /Ctrl\+D send /.test(s), 'again in the reply box');
    await panel.press('composer.leave');
    await panel.waitForText('quoted history (z shows)');
    // And z is the key that shows it.
    await panel.key('z');
    await panel.waitForText('> We refund within 5 days.');
  });
});

describe("a choice's position names the agent's own keys", () => {
  it('the agent login window: a row of campaigns too wide to show whole', async () => {
    panel = await startPanel();
    await panel.type('1008');
    await panel.press('form.next');
    await panel.type('1008');
    await panel.press('login.submit');
    await panel.waitForText('Agent login — Hassan Ali (1008)');
    // (The keymap file is read once logged in; keys moved before stay, as a logged-out agent's.)
    rebind({ 'form.left': 'h', 'form.right': ['l', 'space'] });
    await panel.key('l');
    await panel.waitFor((s) => /\(•\) Outbound/.test(s), 'Outbound chosen by l');
    await panel.press('form.next');
    await panel.press('form.next');
    const row = (s: string) => s.split('\n').find((l) => l.includes('Campaign')) ?? '';
    let screen = await panel.waitFor((s) => /› Campaign/.test(s), 'the Campaign row focused');
    expect(row(screen)).toMatch(/\(•\) Power Sales .*\s1 of 3, h l\s*│?$/);
    expect(row(screen)).not.toContain('←→');
    // And l is the key that changes it.
    await panel.key('l');
    screen = await panel.waitFor((s) => row(s).includes('2 of 3, h l'), 'the next campaign by l');
    expect(row(screen)).toContain('(•) Win-back');
    expectFits(panel.frame());
  });
});
