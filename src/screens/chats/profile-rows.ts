import type { Conversation } from '../../core/protocol/model.js';

/**
 * What the profile shows of the customer, by what their channel gives
 * (the manual's LiveChat Profile): a visitor's email, address and place; an
 * email's sender by name and address (a phone only when known); an SMS
 * customer's number; a WhatsApp customer's profile name and number; a
 * Messenger customer's Facebook name, the page they wrote to and their
 * page-scoped id (what a ban names).
 */
export function customerRows(c: Conversation): Array<[string, string]> {
  const cu = c.customer;
  const social = cu.social ?? {};
  switch (c.channel) {
    case 'sms':
      return [
        ['Name', cu.name || '—'],
        ['Phone', cu.phone ?? '—'],
      ];
    case 'whatsapp':
      return [
        ['Name', cu.name || '—'],
        ['WhatsApp', social.whatsappName ?? '—'],
        ['Phone', cu.phone ?? '—'],
      ];
    case 'facebook':
      return [
        ['Name', cu.name || '—'],
        ['Facebook', social.facebookName ?? '— (not shared)'],
        ['Page', social.page ? `${social.page.name} (${social.page.id})` : '—'],
        ['Page ID', social.pageScopedId ?? '—'],
      ];
    case 'email':
      // A mail tells its sender's name and address, never where they write from: no IP or Location rows, always empty.
      return [['Name', cu.name || '—'], ['Email', cu.email ?? '—'], ...(cu.phone ? [['Phone', cu.phone] as [string, string]] : [])];
    default:
      return [
        ['Name', cu.name || '—'],
        ['Email', cu.email ?? '—'],
        ['Phone', cu.phone ?? '—'],
        ['IP', cu.ip ?? '—'],
      ];
  }
}

/** Whether the customer can be banned from here: by address (live chat), number or page-scoped id. */
export function mayBeBanned(c: Conversation): boolean {
  return c.channel === 'livechat' ? Boolean(c.customer.ip) : c.channel === 'sms' || c.channel === 'whatsapp' || c.channel === 'facebook';
}
