import type { RunningServer } from '../server/runtime.js';
import { FIRST, LAST, visitorEmail } from '../channels/livechat/sim-scripts.js';
import { REGULAR_CALLERS } from '../telephony/sim/names.js';
import { importContacts } from '../core/contacts/import.js';
import type { ContactImportRow } from '../core/protocol/contacts.js';

const COMPANIES = ['Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Litware', ''];
const TYPES = ['Customer', 'Customer', 'Customer', 'Prospect', 'Partner'];
const FILLER_FIRST = ['Rosa', 'Sami', 'Tomas', 'Ulla', 'Vera', 'Wim', 'Xenia', 'Yusuf', 'Zoe', 'Anton', 'Bea', 'Cyril'];
const FILLER_LAST = ['Abbott', 'Bauer', 'Carvalho', 'Dahl', 'Egan', 'Ferrari'];

/**
 * The demo's Contacts: 300 people, among them every simulated website
 * visitor (by the email they chat with) and the regular callers (by their
 * number), so chats and calls are linked as they arrive and History fills up
 * while the demo runs. Imported as a supervisor's CSV would be; a second
 * start adds nothing (duplicates by email or phone).
 */
export function seedDemoContacts(server: RunningServer): void {
  const rows: ContactImportRow[] = [];
  const row = (first: string, last: string, extra: Partial<ContactImportRow>) => {
    const n = rows.length;
    rows.push({ line: n + 2, firstName: first, lastName: last, personType: TYPES[n % TYPES.length], company: COMPANIES[n % COMPANIES.length], ...extra });
  };
  for (const first of FIRST) for (const last of LAST) row(first, last, { emails: [visitorEmail(first, last)] });
  for (const c of REGULAR_CALLERS) row(c.first, c.last, { phones: [c.number], notes: 'Calls often about their account.' });
  for (let i = 0; rows.length < 300; i++) {
    const first = FILLER_FIRST[i % FILLER_FIRST.length]!;
    const last = FILLER_LAST[Math.floor(i / FILLER_FIRST.length) % FILLER_LAST.length]!;
    row(first, `${last}${i >= 72 ? ` ${i}` : ''}`, { emails: [`${first}.${last}${i}@example.org`.toLowerCase()], phones: [`+44161496${String(i).padStart(4, '0')}`], address: `${10 + i} High Street, Manchester` });
  }
  const admin = server.engine.config.agents.find((a) => a.role === 'supervisor')?.number ?? 'demo';
  server.engine.run((ctx) => importContacts(ctx, admin, rows));
}
