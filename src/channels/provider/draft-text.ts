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

/**
 * The drafts worth keeping, their text cut to MAX_PROVIDER_TEXT. One with
 * neither text nor a file (a WhatsApp text without its body, an SMS with an
 * empty Body) is not kept: it would show as an empty message, which no
 * agent or visitor can send either. Both are logged for the operator, whose
 * provider sent them; the webhook is still answered 200.
 */
export function draftsToKeep(channel: string, drafts: InboundDraft[], log: (line: string) => void): InboundDraft[] {
  const out: InboundDraft[] = [];
  for (const d of drafts) {
    if (!d.text.trim() && d.media.length === 0) {
      log(`${channel}: message ${d.externalId.slice(0, 100)} from ${d.customer.id} has no text and no file, and was not kept`);
      continue;
    }
    if (d.text.length > MAX_PROVIDER_TEXT) log(`${channel}: message ${d.externalId.slice(0, 100)} from ${d.customer.id} had ${d.text.length} characters, and was kept cut to ${MAX_PROVIDER_TEXT}`);
    out.push({ ...d, text: cutProviderText(d.text) });
  }
  return out;
}
