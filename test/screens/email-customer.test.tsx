import { afterEach, describe, expect, it } from 'vitest';
import { importContacts } from '../../src/core/contacts/import.js';
import { PEOPLE } from './contacts-support.js';
import { mail, mailConfig } from './email-support.js';
import { readConversation } from './read-only.js';
import { expectFits, loginAgent, logIn, startPanel, type Panel } from './support.js';

/**
 * Who an email is from, at 80x24: once the agent links it to a contact, the
 * card and the log name the contact (as a call does), not what the sender
 * typed in their From; the profile shows what a mail tells of its sender
 * (name and address), not a web visitor's IP and Location, always empty here.
 */
let panel: Panel | undefined;
afterEach(async () => {
  await panel?.close();
  panel = undefined;
});

/** Agent 1001 with Contacts' PEOPLE, and an email from "J. Doe" <jd@elsewhere.org> (an address no contact has) opened from My Emails. */
async function emailFromJaneOpened(): Promise<Panel> {
  panel = await startPanel({ config: mailConfig() });
  const p = panel;
  p.server.engine.run((ctx) => importContacts(ctx, '9001', PEOPLE));
  await logIn(p);
  await p.press('nav.email');
  const c = mail(p, { from: 'jd@elsewhere.org', name: 'J. Doe', subject: 'Invoice 7', text: 'Where is invoice 7?' });
  await p.waitFor(() => p.server.engine.state.get('conversation', c.id)!.agent === '1001', 'the email assigned to 1001');
  await p.waitForText('jd@elsewhere.org');
  await p.press('chats.open');
  await p.waitForText('J. Doe — Invoice 7');
  await p.press('composer.leave');
  return p;
}

describe("an email's customer", () => {
  it('once linked to a contact, the card and the log name the contact', async () => {
    const p = await emailFromJaneOpened();
    await p.press('contact.link');
    await p.waitForText('Link this conversation to a contact');
    await p.type('Jane Doe');
    await p.waitFor((s) => /Jane Doe \(Acme\)/.test(s), 'Jane Doe found');
    await p.key('down');
    await p.press('list.choose');
    await p.waitForText('Linked to Jane Doe.');
    const screen = await p.waitForText('Jane Doe — Invoice 7');
    expect(screen).toMatch(/\d\d:\d\d Jane Doe: Where is invoice 7\?/);
    expect(screen).not.toContain('J. Doe');
    expectFits(p.frame());
  });

  it('read by a supervisor in Conversations once linked, its log names the contact too', async () => {
    panel = await startPanel({ config: mailConfig() });
    const p = panel;
    p.server.engine.run((ctx) => importContacts(ctx, '9001', PEOPLE));
    const ben = loginAgent(p.server, '1002');
    const c = mail(p, { from: 'jd@elsewhere.org', name: 'J. Doe', subject: 'Invoice 7', text: 'Where is invoice 7?' });
    const jane = [...p.server.engine.state.all('contact')].find((x) => x.firstName === 'Jane')!;
    ben('contact.link', { id: jane.id, conversation: c.id });
    await logIn(p, '9001');
    const screen = await readConversation(p, 'J. Doe', 'Where is invoice 7?');
    expect(screen).toMatch(/\d\d:\d\d Jane Doe: Where is invoice 7\?/);
    expectFits(p.frame());
  });

  it("the profile shows the sender's name and address, and no IP or Location rows", async () => {
    const p = await emailFromJaneOpened();
    await p.press('conversation.profile');
    const screen = await p.waitForText('Contact');
    expect(screen).toMatch(/Name\s+J\. Doe/);
    expect(screen).toMatch(/Email\s+jd@elsewhere\.org/);
    expect(screen).not.toMatch(/\bIP\s/);
    expect(screen).not.toContain('Location');
    // Nor an empty phone: the mail gave none.
    expect(screen).not.toMatch(/Phone\s+—/);
    expectFits(p.frame());
  });
});
