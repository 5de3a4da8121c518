import { pageScopedIdOf, type Contact, type ContactInput, type ContactSettings } from '../../core/protocol/contacts.js';

/** The contact form's fields, one line each, in the order drawn; required ones first (the manual). */
export interface FormField {
  key: string;
  label: string;
}

export function formFields(settings: ContactSettings | undefined): FormField[] {
  return [
    { key: 'firstName', label: 'First name*' },
    { key: 'lastName', label: 'Last name*' },
    { key: 'personType', label: 'Person type*' },
    { key: 'company', label: 'Company' },
    { key: 'emails', label: 'Emails' },
    { key: 'phones', label: 'Phones' },
    { key: 'whatsapp', label: 'WhatsApp' },
    { key: 'facebookId', label: 'Facebook id' },
    { key: 'facebookPage', label: 'Facebook page' },
    { key: 'address', label: 'Address' },
    { key: 'notes', label: 'Notes' },
    ...(settings?.customFields ?? []).map((f) => ({ key: `fields.${f.name}`, label: f.label })),
  ];
}

export type FormValues = Record<string, string>;

/** A contact as the form shows it: several emails or phones on one line, separated by commas. */
export function valuesOf(c: Partial<Contact>): FormValues {
  const values: FormValues = {
    firstName: c.firstName ?? '',
    lastName: c.lastName ?? '',
    personType: c.personType ?? '',
    company: c.company ?? '',
    emails: (c.emails ?? []).join(', '),
    phones: (c.phones ?? []).join(', '),
    whatsapp: c.whatsapp ?? '',
    facebookId: c.facebookId ?? '',
    facebookPage: c.facebookPage ?? '',
    address: c.address ?? '',
    notes: c.notes ?? '',
  };
  for (const [name, value] of Object.entries(c.fields ?? {})) values[`fields.${name}`] = value;
  return values;
}

const list = (v: string | undefined) => (v ?? '').split(/[;,]/).map((x) => x.trim()).filter(Boolean);

/** What the form sends; the server checks it and names the field it refuses. */
export function inputOf(values: FormValues): ContactInput {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) if (key.startsWith('fields.') && value.trim()) fields[key.slice(7)] = value;
  return {
    firstName: values.firstName ?? '',
    lastName: values.lastName ?? '',
    personType: values.personType ?? '',
    company: values.company ?? '',
    emails: list(values.emails),
    phones: list(values.phones),
    whatsapp: values.whatsapp || null,
    facebookId: values.facebookId || null,
    facebookPage: values.facebookPage || null,
    address: values.address ?? '',
    notes: values.notes ?? '',
    fields,
  };
}

/**
 * A new contact's form from what a conversation or call knows of the
 * customer: the name split at its last space, the email, the number (on
 * WhatsApp also the WhatsApp number), and on Facebook the page-scoped id.
 */
export function valuesFromCustomer(
  customer: { id?: string; name: string | null; email?: string | null; phone?: string | null },
  settings: ContactSettings | undefined,
  channel?: string,
): FormValues {
  const name = (customer.name ?? '').trim();
  const cut = name.lastIndexOf(' ');
  return valuesOf({
    firstName: cut > 0 ? name.slice(0, cut) : name,
    lastName: cut > 0 ? name.slice(cut + 1) : '',
    personType: settings?.personTypes[0] ?? '',
    emails: customer.email ? [customer.email] : [],
    phones: customer.phone ? [customer.phone] : [],
    whatsapp: channel === 'whatsapp' ? (customer.phone ?? null) : null,
    facebookId: channel === 'facebook' && customer.id ? pageScopedIdOf(customer.id) : null,
  });
}
