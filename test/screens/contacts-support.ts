import { memorySettings, type SettingsStore } from '../../src/client/settings.js';
import { importContacts } from '../../src/core/contacts/import.js';
import { assignTo } from '../../src/core/messaging/assign.js';
import { close, createConversation } from '../../src/core/messaging/conversation.js';
import type { Contact, ContactImportRow } from '../../src/core/protocol/contacts.js';
import { demoConfig } from '../helpers.js';
import { logIn, settle, startPanel, type Panel } from './support.js';

/** The directory the Contacts screen tests start with. */
export const PEOPLE: ContactImportRow[] = [
  { line: 2, firstName: 'Jane', lastName: 'Doe', personType: 'Customer', company: 'Acme', emails: ['jane@example.com'], phones: ['+442079460001'] },
  { line: 3, firstName: 'Janet', lastName: 'Doe', personType: 'Partner', emails: ['janet@home.io'], phones: ['+12125550199'] },
  { line: 4, firstName: 'Omar', lastName: 'Reyes', personType: 'Customer', emails: ['omar@reyes.io'] },
];

/** A panel at 80x24 on a quiet demo server with PEOPLE imported, logged in as `agent`, in Contacts. */
export async function openContacts(agent = '1001', settings: SettingsStore | (() => Promise<SettingsStore>) = memorySettings()): Promise<Panel> {
  const config = demoConfig();
  config.simulator.callsPerMinute = 0;
  config.simulator.chatsPerHour = 0;
  const panel = await startPanel({ config, settings });
  panel.server.engine.run((ctx) => importContacts(ctx, '9001', PEOPLE));
  await logIn(panel, agent);
  await panel.press('nav.contacts');
  await panel.waitForText('3 contacts');
  return panel;
}

export const contactsOf = (p: Panel): Contact[] => [...p.server.engine.state.all('contact')];

export const contactNamed = (p: Panel, firstName: string): Contact => contactsOf(p).find((c) => c.firstName === firstName)!;

/** A live chat from this customer taken by `agent`, or (closed) one they had before. */
export function chatWith(
  p: Panel,
  agent: string,
  customer: { id: string; name: string; email?: string | null },
  opts: { subject?: string; closed?: boolean } = {},
): string {
  return p.server.engine.run((ctx) => {
    const conv = createConversation(ctx, {
      channel: 'livechat',
      queue: 'support-chat',
      subject: opts.subject,
      customer: { id: customer.id, name: customer.name, email: customer.email ?? null, phone: null, ip: null, geo: null },
      text: 'Hello',
    });
    const taken = assignTo(ctx, conv, agent, 'manual', agent);
    if (opts.closed) close(ctx, taken, { kind: 'agent', id: agent });
    return conv.id;
  });
}

/** Wait for a sentence, wherever the screen wraps it. */
export const waitForSentence = (p: Panel, sentence: string) => p.waitFor((s) => s.replace(/[\s│║]+/g, ' ').includes(sentence), `"${sentence}" on screen`);

/** Go to Chats, open the chat with this customer and leave its composer for the conversation keys. */
export async function openChat(p: Panel, customer: string): Promise<void> {
  await p.press('nav.chats');
  await p.waitForText(customer);
  // Other chats may be listed too, and the selection (›) stays where it was when this one arrived: move to it.
  const selected = (s: string) => s.split('\n').find((line) => line.includes('› '))?.includes(customer) ?? false;
  // Down first, then up: a chat that arrived after the one selected may be listed above it.
  for (const key of ['down', 'up'])
    for (let moves = 0; !selected(p.screen()) && moves < 10; moves++) {
      await p.key(key);
      await settle();
    }
  await p.press('chats.open');
  await p.waitFor((s) => s.includes(`${customer} —`), `the chat with ${customer}`);
  await p.press('composer.leave');
}
