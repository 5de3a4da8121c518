import { getCountries, getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { CoreError } from '../errors.js';
import type { Config } from '../config/schema.js';
import type { Contact, ContactInput } from '../protocol/contacts.js';

/** The parts of a contact a person writes: everything but its id and who changed it when. */
export type ContactDetails = Omit<Contact, 'id' | 'createdAt' | 'createdBy' | 'updatedAt' | 'updatedBy'>;

const LIMITS = { name: 100, company: 200, email: 254, address: 500, notes: 5000, field: 1000, facebook: 200, many: 10 };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A refusal that names the field, so the form can put the cursor there. */
function invalid(field: string, message: string): never {
  throw new CoreError('CONTACT_INVALID', message, { field });
}

function trimmed(value: string | null | undefined, field: string, label: string, max: number): string {
  const v = (value ?? '').trim();
  if (v.length > max) invalid(field, `${label} is too long: at most ${max.toLocaleString('en')} characters.`);
  return v;
}

/** A phone number in E.164 (+447700900123), read in the centre's default region when it has no country code. */
export function toE164(raw: string, region: string): string | null {
  const parsed = parsePhoneNumberFromString(raw.trim(), region as CountryCode);
  return parsed && parsed.isValid() ? parsed.number : null;
}

/** A number already in E.164 form, which needs no parsing. */
export const isE164 = (s: string) => /^\+[1-9]\d{5,14}$/.test(s);

let callingCodes: Set<string> | null = null;

/**
 * Every form a number in E.164 may be searched by: itself and the national
 * number's digits. Country calling codes are prefix-free, so the national
 * part is what follows the one that starts the number: no parse (which
 * costs libphonenumber most of an import's time) is needed.
 */
export function numberKeys(e164: string): string[] {
  callingCodes ??= new Set(getCountries().map((c) => getCountryCallingCode(c)));
  for (let n = 1; n <= 3; n++) if (callingCodes.has(e164.slice(1, 1 + n))) return [e164, e164.slice(1 + n)];
  return [e164];
}

function phoneList(values: string[] | undefined, field: string, region: string): string[] {
  const out: string[] = [];
  for (const raw of values ?? []) {
    if (!raw.trim()) continue;
    const e164 = toE164(raw, region);
    if (!e164) invalid(field, `"${raw.trim().slice(0, 40)}" is not a valid phone number (write it with its country code, e.g. +44 20 7946 0000).`);
    if (!out.includes(e164)) out.push(e164);
  }
  if (out.length > LIMITS.many) invalid(field, `A contact has at most ${LIMITS.many} phone numbers.`);
  return out;
}

function emailList(values: string[] | undefined): string[] {
  const out: string[] = [];
  for (const raw of values ?? []) {
    const email = raw.trim().toLowerCase();
    if (!email) continue;
    if (email.length > LIMITS.email || !EMAIL.test(email)) invalid('emails', `"${raw.trim().slice(0, 60)}" is not an email address.`);
    if (!out.includes(email)) out.push(email);
  }
  if (out.length > LIMITS.many) invalid('emails', `A contact has at most ${LIMITS.many} email addresses.`);
  return out;
}

/**
 * Check and normalise what a form or an imported line gives: first name,
 * last name and person type are required (the manual); the person type is
 * one the centre configured; emails are lower-cased, phones and the WhatsApp
 * number become E.164, each kept once; custom fields are the configured ones.
 */
export function contactDetails(input: ContactInput, config: Pick<Config, 'contacts' | 'dialer'>): ContactDetails {
  const region = config.dialer.defaultRegion;
  const firstName = trimmed(input.firstName, 'firstName', 'The first name', LIMITS.name);
  if (!firstName) invalid('firstName', 'The first name is required.');
  const lastName = trimmed(input.lastName, 'lastName', 'The last name', LIMITS.name);
  if (!lastName) invalid('lastName', 'The last name is required.');
  const wanted = (input.personType ?? '').trim();
  if (!wanted) invalid('personType', 'The person type is required.');
  const personType = config.contacts.personTypes.find((t) => t.toLowerCase() === wanted.toLowerCase());
  if (!personType) invalid('personType', `"${wanted.slice(0, 40)}" is not a person type here; choose one of ${config.contacts.personTypes.join(', ')}.`);
  const whatsappRaw = (input.whatsapp ?? '').trim();
  const whatsapp = whatsappRaw ? toE164(whatsappRaw, region) : null;
  if (whatsappRaw && !whatsapp) invalid('whatsapp', `"${whatsappRaw.slice(0, 40)}" is not a valid WhatsApp number (write it with its country code).`);
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.fields ?? {})) {
    if (!config.contacts.customFields.some((f) => f.name === name)) invalid(`fields.${name}`, `There is no contact field "${name.slice(0, 40)}" here.`);
    const v = trimmed(value, `fields.${name}`, name, LIMITS.field);
    if (v) fields[name] = v;
  }
  return {
    firstName,
    lastName,
    personType,
    company: trimmed(input.company, 'company', 'The company', LIMITS.company),
    emails: emailList(input.emails),
    phones: phoneList(input.phones, 'phones', region),
    whatsapp,
    facebookId: trimmed(input.facebookId, 'facebookId', 'The Facebook id', LIMITS.facebook) || null,
    facebookPage: trimmed(input.facebookPage, 'facebookPage', 'The Facebook page', LIMITS.facebook) || null,
    address: trimmed(input.address, 'address', 'The address', LIMITS.address),
    notes: trimmed(input.notes, 'notes', 'The notes', LIMITS.notes),
    fields,
  };
}
