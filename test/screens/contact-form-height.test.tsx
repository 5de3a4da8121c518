import { afterEach, describe, expect, it } from 'vitest';
import { importContacts } from '../../src/core/contacts/import.js';
import { fieldWindow } from '../../src/ui/EntryDialog.js';
import { demoConfig } from '../helpers.js';
import { PEOPLE } from './contacts-support.js';
import { expectFits, logIn, startPanel, type Panel } from './support.js';

/**
 * A form taller than the rows it has (Create New Contact's dozen fields at
 * 80x24 with the pause banner up) keeps its title and shows the field being
 * typed in, saying which of them are on screen.
 */
let panel: Panel | undefined;
afterEach(async () => {
  await panel?.close();
  panel = undefined;
});

describe('a form with more fields than rows', () => {
  it('Create New Contact with the pause banner up: the title stays, and each field is seen as Tab reaches it', async () => {
    const config = demoConfig();
    config.simulator.callsPerMinute = 0;
    config.simulator.chatsPerHour = 0;
    panel = await startPanel({ config });
    panel.server.engine.run((ctx) => importContacts(ctx, '9001', PEOPLE));
    await logIn(panel, '1001', { paused: true });
    await panel.press('nav.contacts');
    await panel.waitForText('3 contacts');
    await panel.press('contacts.new');
    let screen = await panel.waitForText('Create New Contact');
    // Every field has its row: the note under the title gave way to one line.
    for (const label of ['First name*', 'Last name*', 'Person type*', 'Company', 'Emails', 'Phones', 'WhatsApp', 'Facebook id', 'Facebook page', 'Address', 'Notes']) expect(screen).toContain(label);
    expectFits(panel.frame());
    for (const [tabs, label] of [[4, 'Emails'], [9, 'Address'], [10, 'Notes']] as const) {
      const field = label.toLowerCase();
      for (let i = 0; i < tabs; i++) await panel.press('form.next');
      await panel.type(`my ${field}`);
      screen = await panel.waitForText(`my ${field}`);
      expect(screen).toContain('Create New Contact');
      expect(screen).toMatch(new RegExp(`${label}\\s+my ${field}`));
      expectFits(panel.frame());
      for (let i = 0; i < tabs; i++) await panel.press('form.prev');
    }
  });

  it('the note gives way first, then the fields scroll with the one being typed in', () => {
    expect(fieldWindow(11, 0, undefined, 2)).toEqual({ first: 0, shown: 11, noteLines: 2 });
    expect(fieldWindow(11, 0, 17, 2)).toEqual({ first: 0, shown: 11, noteLines: 2 });
    expect(fieldWindow(11, 0, 16, 2)).toEqual({ first: 0, shown: 11, noteLines: 1 });
    expect(fieldWindow(11, 0, 14, 2)).toEqual({ first: 0, shown: 10, noteLines: 0 });
    expect(fieldWindow(11, 10, 14, 2)).toEqual({ first: 1, shown: 10, noteLines: 0 });
  });
});
