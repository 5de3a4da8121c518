import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { memorySettings } from '../../src/client/settings.js';
import { visitorStart } from '../../src/core/messaging/visitor.js';
import { contactsOf, openChat, openContacts, waitForSentence } from './contacts-support.js';
import { expectFits, footerOf, type Panel } from './support.js';

/** The Contacts section and linking from a chat, on a real in-process server, at 80x24. */
let panel: Panel;
afterEach(async () => {
  await panel?.close();
});

const contactsPanel = async (agent = '1001', settings = memorySettings()) => (panel = await openContacts(agent, settings));

describe('the Contacts section', () => {
  it('lists contacts in name order, searches by name or number, and keeps the chosen columns in the settings', async () => {
    const settings = memorySettings();
    const p = await contactsPanel('1001', settings);
    let screen = await p.waitForText('Omar Reyes');
    expect(screen.indexOf('Jane Doe')).toBeLessThan(screen.indexOf('Omar Reyes'));
    expect(screen).toMatch(/Name\s+Type\s+Email\s+Phone/);
    expectFits(p.frame());
    await p.press('search.open');
    await p.type('janet');
    screen = await p.waitForText('1 contact matching "janet"');
    expect(screen).not.toContain('Omar Reyes');
    await p.press('search.clear');
    await p.press('search.open');
    await p.type('+1 212 555 0199');
    await p.waitForText('1 contact matching');
    await p.press('search.done');
    await p.press('search.clear');
    await p.waitForText('3 contacts');
    // Column chooser: Company on, Phone off; Name cannot be turned off (it is not offered).
    await p.press('contacts.columns');
    screen = await p.waitForText('Columns (Name is always shown)');
    expect(screen).not.toMatch(/\[.\] Name/);
    expectFits(p.frame());
    await p.key('down');
    await p.press('list.toggle');
    await p.key('down');
    await p.key('down');
    await p.press('list.toggle');
    await p.press('list.choose');
    screen = await p.waitForText('Company');
    expect(screen).toMatch(/Name\s+Type\s+Company\s+Email/);
    expect(screen).not.toMatch(/Email\s+Phone/);
    expect(settings.contactColumns('1001')).toEqual(['personType', 'company', 'email']);
  });

  it('columns chosen while the settings file is still being read are kept and saved, not undone by the file', async () => {
    const settings = memorySettings();
    // The agent's settings file read slowly (a home directory on a network disk): it is there once the test says so.
    let read: () => void = () => {};
    const readNow = new Promise<void>((resolve) => (read = resolve));
    const p = (panel = await openContacts('1001', () => readNow.then(() => settings)));
    await p.waitForText('Omar Reyes');
    await p.press('contacts.columns');
    await p.waitForText('Columns (Name is always shown)');
    await p.key('down');
    await p.press('list.toggle');
    await p.press('list.choose');
    await p.waitFor((s) => /Name\s+Type\s+Company\s+Email\s+Phone/.test(s), 'Company shown');

    read();
    await p.press('contacts.columns');
    await p.waitForText('Columns (Name is always shown)');
    await p.press('dialog.close');
    const screen = await p.waitForText('3 contacts');
    expect(screen).toMatch(/Name\s+Type\s+Company\s+Email\s+Phone/);
    expect(settings.contactColumns('1001')).toEqual(['personType', 'company', 'email', 'phone']);
  });

  it('creates a contact from the form; a refusal names what is missing and keeps what was typed', async () => {
    const p = await contactsPanel();
    await p.press('contacts.new');
    let screen = await p.waitForText('Create New Contact');
    expect(screen).toContain('First name*');
    expectFits(p.frame());
    await p.type('Kim');
    await p.press('entry.submit');
    screen = await p.waitForText('The last name is required.');
    expect(screen).toContain('Kim');
    expectFits(p.frame());
    await p.press('form.next');
    await p.type('Lee');
    for (let i = 0; i < 3; i++) await p.press('form.next');
    await p.type('kim@lee.io, k@work.io');
    await p.press('form.next');
    await p.type('020 7946 0777');
    await p.press('entry.submit');
    await p.waitForText('Created Kim Lee.');
    expect(contactsOf(p).find((c) => c.firstName === 'Kim')).toMatchObject({ lastName: 'Lee', personType: 'Customer', emails: ['kim@lee.io', 'k@work.io'], phones: ['+442079460777'], createdBy: '1001' });
  });

  it('offers Delete and Merge to supervisors only (by default), and asks before deleting', async () => {
    let p = await contactsPanel('1001');
    expect(footerOf(p.frame())).not.toContain('merge');
    expect(footerOf(p.frame())).not.toContain('delete');
    await p.close();
    p = await contactsPanel('9001');
    await p.waitForText('Jane Doe');
    await p.press('contacts.delete');
    await p.waitForText('Delete Jane Doe?');
    await waitForSentence(p, 'No conversation or call is linked to it.');
    expectFits(p.frame());
    await p.press('dialog.confirm');
    await p.waitForText('Deleted Jane Doe.');
    expect(contactsOf(p).map((c) => c.firstName).sort()).toEqual(['Janet', 'Omar']);
  });

  it('merges: search the other, choose side by side, confirm that it cannot be undone', async () => {
    const p = await contactsPanel('9001');
    await p.waitForText('Jane Doe');
    await p.press('contacts.merge');
    let screen = await p.waitForText('Merge Contacts – Please choose the information you would like to keep');
    await p.type('janet');
    await p.waitForText('Janet Doe · janet@home.io');
    await p.press('list.choose');
    screen = await p.waitForText('Primary: Jane Doe');
    expect(screen).toContain('Other: Janet Doe');
    expect(screen).toMatch(/First name\s+\(•\) Jane\s+\( \) Janet/);
    expect(screen).toMatch(/\[x\] jane@example\.com/);
    expectFits(p.frame());
    // Take the other's first name; drop Jane's phone.
    await p.key('right');
    screen = await p.waitFor((s) => /First name\s+\( \) Jane\s+\(•\) Janet/.test(s), 'the other side chosen');
    const phoneRow = screen.split('\n').findIndex((l) => l.includes('+442079460001'));
    const firstRow = screen.split('\n').findIndex((l) => l.includes('First name'));
    for (let i = 0; i < phoneRow - firstRow; i++) await p.key('down');
    await p.press('contacts.toggle');
    await p.waitForText('[ ] +442079460001');
    await p.press('contacts.confirmMerge');
    await waitForSentence(p, 'Merging is a one-time action and cannot be undone.');
    expectFits(p.frame());
    await p.press('dialog.confirm');
    await p.waitForText('Merged into Janet Doe.');
    const left = contactsOf(p).filter((c) => c.lastName === 'Doe');
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ firstName: 'Janet', personType: 'Customer', emails: ['jane@example.com', 'janet@home.io'], phones: ['+12125550199'] });
  });
});

describe('the CSV upload', () => {
  it('previews how the columns are read, then reports each bad line and duplicate by its number', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'contacts-csv-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'people.csv');
    writeFileSync(file, 'First name,Last name,Type,Email,Shoe size\nKim,Lee,Customer,kim@lee.io,9\nBo,,Customer,,\nJ,Doe,Customer,JANE@example.com,\n');
    const p = await contactsPanel('9001');
    await p.press('contacts.import');
    await p.waitForText('Upload contacts from a CSV file');
    await p.type(file);
    await p.press('entry.submit');
    let screen = await p.waitForText('3 lines. Columns:');
    expect(screen).toMatch(/Email\s+→ Emails/);
    expect(screen).toMatch(/Shoe size\s+→ ignored/);
    expectFits(p.frame());
    await p.press('contacts.importSend');
    screen = await p.waitForText('Imported 1 contact of 3 lines.');
    expect(screen).toContain('line 3 skipped: The last name is required.');
    expect(screen).toContain("line 4 duplicate: jane@example.com is already Jane Doe's");
    expectFits(p.frame());
    expect(contactsOf(p).some((c) => c.firstName === 'Kim')).toBe(true);
  });

  it('is not offered to agents: the key does nothing and help does not list it', async () => {
    const p = await contactsPanel('1001');
    await p.press('contacts.import');
    expect(p.screen()).not.toContain('Upload contacts');
    await p.press('app.help');
    const help = await p.waitForText('new contact');
    expect(help).not.toContain('upload CSV');
    expect(help).not.toContain('merge');
  });
});

describe('a chat and its contact', () => {
  it("a chat from a known email is not linked on arrival (anyone may type it) but suggests the contact, linked when chosen; another is linked by search, and the profile card shows the contact", async () => {
    const p = await contactsPanel('1001');
    const omar = contactsOf(p).find((c) => c.firstName === 'Omar')!;
    // A visitor typing Omar's email: only what they typed, so the chat is not Omar's until the agent says so.
    const conv = p.server.engine.run((ctx) =>
      visitorStart(ctx, { visitorId: 'v-omar', name: 'O. Reyes', email: 'OMAR@reyes.io', queue: 'support-chat', ip: '198.51.100.7', geo: null, text: 'Hi there' }),
    );
    expect(p.server.engine.state.get('conversation', conv.id)!.contact).toBeNull();
    await openChat(p, 'O. Reyes');
    await p.press('contact.link');
    const suggested = await p.waitFor((s) => /Omar Reyes.*★ suggested/.test(s), 'Omar suggested by the email');
    expectFits(p.frame());
    expect(suggested).toContain('Link this conversation to a contact');
    // Below the one action, Create: the suggestion is the first contact.
    await p.key('down');
    await p.press('list.choose');
    await p.waitForText('Linked to Omar Reyes.');
    expect(p.server.engine.state.get('conversation', conv.id)!.contact?.id).toBe(omar.id);
    // Back to the list (the composer has the keys again after the dialog).
    await p.waitForText('Contact: Omar Reyes');
    if (p.screen().includes('─ Reply ─')) await p.press('composer.leave');
    await p.press('conversation.back');
    await p.waitForText('My Chats');
    const other = p.server.engine.run((ctx) => visitorStart(ctx, { visitorId: 'v-x', name: 'Pat Jones', email: null, queue: 'support-chat', ip: '198.51.100.8', geo: null, text: 'Hello' }));
    await openChat(p, 'Pat Jones');
    await p.press('contact.link');
    let screen = await p.waitForText('Link this conversation to a contact');
    expect(screen).toContain('+ Create a new contact from this conversation');
    expectFits(p.frame());
    await p.type('reyes');
    await p.waitForText('Omar Reyes');
    await p.key('down');
    await p.press('list.choose');
    await p.waitForText('Linked to Omar Reyes.');
    expect(p.server.engine.state.get('conversation', other.id)!.contact?.name).toBe('Omar Reyes');
    await p.press('conversation.profile');
    screen = await p.waitForText('Contact: Omar Reyes');
    expect(screen).toContain('omar@reyes.io');
    expectFits(p.frame());
  });
});
