import { MERGE_SINGLE_FIELDS, type Contact, type ContactSettings, type MergeChoice, type MergeSingleField } from '../../core/protocol/contacts.js';

/** A line of the Merge Contacts view: a field taken from one side (radio), or an email or phone kept or not (checkbox). */
export type MergeLine =
  | { kind: 'single'; field: MergeSingleField | `fields.${string}`; label: string; primary: string; other: string }
  | { kind: 'many'; field: 'emails' | 'phones'; label: string; value: string; from: 'primary' | 'other' | 'both' };

const LABELS: Record<MergeSingleField, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  personType: 'Person type',
  company: 'Company',
  whatsapp: 'WhatsApp',
  facebookId: 'Facebook id',
  facebookPage: 'Facebook page',
  address: 'Address',
  notes: 'Notes',
};

/** Every line of the view: fields where the two differ or either has a value, then each email and phone of either. */
export function mergeLines(a: Contact, b: Contact, settings: ContactSettings | undefined): MergeLine[] {
  const lines: MergeLine[] = [];
  for (const f of MERGE_SINGLE_FIELDS) {
    const primary = a[f] ?? '';
    const other = b[f] ?? '';
    if (primary || other) lines.push({ kind: 'single', field: f, label: LABELS[f], primary, other });
  }
  for (const f of settings?.customFields ?? []) {
    const primary = a.fields[f.name] ?? '';
    const other = b.fields[f.name] ?? '';
    if (primary || other) lines.push({ kind: 'single', field: `fields.${f.name}`, label: f.label, primary, other });
  }
  for (const field of ['emails', 'phones'] as const) {
    for (const value of new Set([...a[field], ...b[field]])) {
      const from = a[field].includes(value) ? (b[field].includes(value) ? 'both' : 'primary') : 'other';
      lines.push({ kind: 'many', field, label: field === 'emails' ? 'Email' : 'Phone', value, from });
    }
  }
  return lines;
}

/** What the view starts with: every field from the primary, unless only the other has it; every email and phone kept. */
export function initialChoice(lines: MergeLine[]): { sides: Record<string, 'primary' | 'other'>; kept: Set<string> } {
  const sides: Record<string, 'primary' | 'other'> = {};
  const kept = new Set<string>();
  for (const l of lines) {
    if (l.kind === 'single') sides[l.field] = l.primary ? 'primary' : 'other';
    else kept.add(`${l.field}:${l.value}`);
  }
  return { sides, kept };
}

/** The contact.merge arguments for the choices made. */
export function mergeChoice(lines: MergeLine[], sides: Record<string, 'primary' | 'other'>, kept: Set<string>): MergeChoice {
  const take: MergeChoice['take'] = {};
  const fields: Record<string, 'primary' | 'other'> = {};
  for (const l of lines) {
    if (l.kind !== 'single') continue;
    if (l.field.startsWith('fields.')) fields[l.field.slice(7)] = sides[l.field] ?? 'primary';
    else take[l.field as MergeSingleField] = sides[l.field] ?? 'primary';
  }
  const keep = (field: 'emails' | 'phones') => lines.filter((l) => l.kind === 'many' && l.field === field && kept.has(`${field}:${l.value}`)).map((l) => (l as { value: string }).value);
  return { take, fields, emails: keep('emails'), phones: keep('phones') };
}

/** The manual's confirmation. */
export const MERGE_WARNING =
  'Are you sure you want to merge these contacts? Merging is a one-time action and cannot be undone. Ensure you have selected the correct details to keep, as the original contacts will be permanently updated.';
