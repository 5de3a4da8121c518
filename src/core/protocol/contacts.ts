/**
 * The Contacts directory as client and server share it: a contact, how a
 * conversation or call points at one, what a form or an imported line sends,
 * and what a merge keeps.
 */

/** A person the centre knows, with every way to reach them. */
export interface Contact {
  /** "ct-..." */
  id: string;
  firstName: string;
  lastName: string;
  /** One of the configured person types (catalog.contacts.personTypes). */
  personType: string;
  company: string;
  /** Lower-cased, each once. */
  emails: string[];
  /** E.164, each once. */
  phones: string[];
  /** E.164, or null. */
  whatsapp: string | null;
  /** The customer's page-scoped id on the centre's Facebook page. */
  facebookId: string | null;
  facebookPage: string | null;
  address: string;
  notes: string;
  /** The centre's custom fields (catalog.contacts.customFields), by name; empty ones are left out. */
  fields: Record<string, string>;
  createdAt: number;
  createdBy: string | null;
  updatedAt: number;
  updatedBy: string | null;
}

/** How a conversation, a call or a call record names its contact: the id, and the name when it was linked. */
export interface ContactRef {
  id: string;
  name: string;
}

/** What a form (or an imported line) gives for a contact; the server normalises and checks it. */
export interface ContactInput {
  firstName: string;
  lastName: string;
  personType: string;
  company?: string;
  emails?: string[];
  phones?: string[];
  whatsapp?: string | null;
  facebookId?: string | null;
  facebookPage?: string | null;
  address?: string;
  notes?: string;
  fields?: Record<string, string>;
}

/** One line of a contacts file, with its line number in the file. */
export type ContactImportRow = Partial<ContactInput> & { line: number };

/** The single-valued fields a merge takes from one side or the other (radio buttons). */
export const MERGE_SINGLE_FIELDS = ['firstName', 'lastName', 'personType', 'company', 'whatsapp', 'facebookId', 'facebookPage', 'address', 'notes'] as const;
export type MergeSingleField = (typeof MERGE_SINGLE_FIELDS)[number];

/**
 * What a merge keeps: for each single field (and each custom field) the side
 * it comes from, and which emails and phones of both stay (checkboxes).
 * Fields left out come from the primary.
 */
export interface MergeChoice {
  take: Partial<Record<MergeSingleField, 'primary' | 'other'>>;
  fields?: Record<string, 'primary' | 'other'>;
  emails: string[];
  phones: string[];
}

/** The centre's contact settings, as panels see them (catalog.contacts). */
export interface ContactSettings {
  personTypes: string[];
  customFields: Array<{ name: string; label: string }>;
  /** Roles that may delete and merge contacts (supervisors by default). */
  deleteRoles: string[];
  mergeRoles: string[];
}

/** What a conversation or call is linked to: one of the two. */
export type LinkTarget = { conversation: string; call?: undefined } | { call: string; conversation?: undefined };

/** "Jane Doe": how a contact is named in lists, cards and links. */
export function contactName(c: Pick<Contact, 'firstName' | 'lastName'>): string {
  return `${c.firstName} ${c.lastName}`.trim();
}

/**
 * The page-scoped id of a Facebook conversation's customer, from the
 * customer's id (`fb:<psid>`, as the Messenger adapter names customers;
 * `facebook:<psid>` is read too), or null for any other customer.
 */
export function pageScopedIdOf(customerId: string): string | null {
  const m = /^(?:fb|facebook):(.+)$/.exec(customerId);
  return m ? m[1]! : null;
}
