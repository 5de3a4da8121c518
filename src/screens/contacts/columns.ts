import type { Contact, ContactSettings } from '../../core/protocol/contacts.js';
import { contactName } from '../../core/protocol/contacts.js';
import { oneLine } from '../../ui/format.js';

/** A column of the Contacts list: Name is always there; the agent turns the others on or off. */
export interface ContactColumn {
  id: string;
  title: string;
  width: number;
  cell: (c: Contact) => string;
}

export const NAME_COLUMN: ContactColumn = { id: 'name', title: 'Name', width: 22, cell: (c) => contactName(c) };

/** Every column but Name, in the order they are drawn. */
export function optionalColumns(settings: ContactSettings | undefined): ContactColumn[] {
  const custom = (settings?.customFields ?? []).map((f) => ({ id: `fields.${f.name}`, title: f.label, width: 12, cell: (c: Contact) => c.fields[f.name] ?? '' }));
  return [
    { id: 'personType', title: 'Type', width: 9, cell: (c) => c.personType },
    { id: 'company', title: 'Company', width: 14, cell: (c) => c.company },
    { id: 'email', title: 'Email', width: 24, cell: (c) => c.emails.join(', ') },
    { id: 'phone', title: 'Phone', width: 14, cell: (c) => c.phones.join(', ') },
    { id: 'whatsapp', title: 'WhatsApp', width: 14, cell: (c) => c.whatsapp ?? '' },
    { id: 'facebook', title: 'Facebook', width: 14, cell: (c) => c.facebookPage ?? c.facebookId ?? '' },
    { id: 'address', title: 'Address', width: 20, cell: (c) => c.address },
    { id: 'notes', title: 'Notes', width: 20, cell: (c) => oneLine(c.notes) },
    ...custom,
  ];
}

/** Shown until the agent chooses: what fits 80 columns beside the name. */
export const DEFAULT_COLUMNS = ['personType', 'email', 'phone'];

/** The columns to draw, Name first, from the agent's choice (unknown ids, e.g. a field no longer configured, are left out). */
export function shownColumns(settings: ContactSettings | undefined, chosen: string[] | null): ContactColumn[] {
  const on = new Set(chosen ?? DEFAULT_COLUMNS);
  return [NAME_COLUMN, ...optionalColumns(settings).filter((c) => on.has(c.id))];
}
