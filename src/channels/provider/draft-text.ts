import type { InboundDraft } from './ingest.js';

/**
 * The most of a customer's text kept from one provider message: WhatsApp's
 * own limit (SMS and Messenger allow far less). A provider has already taken
 * the message from the customer, so a longer one is not refused (the
 * provider would post it again for days): it is kept cut, and says so.
 */
export const MAX_PROVIDER_TEXT = 65_536;

/** The text within MAX_PROVIDER_TEXT, ending in a line that says it was cut and from how long. */
export function cutProviderText(text: string): string {
  if (text.length <= MAX_PROVIDER_TEXT) return text;
  const note = `\n[message cut: it was ${text.length.toLocaleString('en')} characters]`;
  let end = MAX_PROVIDER_TEXT - note.length;
  // Not between the two halves of an emoji: half of one is no character at all.
  if (/[\uD800-\uDBFF]/.test(text[end - 1]!)) end -= 1;
  return text.slice(0, end) + note;
}

/** The drafts with their text cut to MAX_PROVIDER_TEXT; a cut is logged for the operator, whose provider sent it. */
export function draftsToKeep(channel: string, drafts: InboundDraft[], log: (line: string) => void): InboundDraft[] {
  const out: InboundDraft[] = [];
  for (const d of drafts) {
    if (d.text.length > MAX_PROVIDER_TEXT) log(`${channel}: message ${d.externalId.slice(0, 100)} from ${d.customer.id} had ${d.text.length} characters, and was kept cut to ${MAX_PROVIDER_TEXT}`);
    out.push({ ...d, text: cutProviderText(d.text) });
  }
  return out;
}
