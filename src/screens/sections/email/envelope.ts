import type { Conversation, Signature } from '../../../core/protocol/model.js';
import type { Envelope } from '../../chats/ChatsContext.js';

/** The signature an email will carry: the one chosen, none, or the agent's default. */
export function signatureOf(envelope: Envelope, signatures: Signature[]): Signature | null {
  if (envelope.signature === null) return null;
  if (envelope.signature === undefined) return signatures.find((s) => s.isDefault) ?? null;
  return signatures.find((s) => s.id === envelope.signature) ?? null;
}

/** "To cara@example.org · Cc boss@… · Signature: Work": the composer's line above the draft. */
export function envelopeLine(c: Conversation, envelope: Envelope, signatures: Signature[]): string {
  const sig = signatureOf(envelope, signatures);
  const parts = [`To ${c.customer.email ?? '(no address)'}`];
  if (envelope.cc.length) parts.push(`Cc ${envelope.cc.join(', ')}`);
  if (envelope.bcc.length) parts.push(`Bcc ${envelope.bcc.join(', ')}`);
  parts.push(`Signature: ${sig ? sig.name : 'none'}`);
  return parts.join(' · ');
}

/** Addresses typed in a field: split on commas, semicolons and spaces; the ones that are not addresses, apart. */
export function readAddresses(text: string): { addresses: string[]; wrong: string[] } {
  const items = text.split(/[\s,;]+/).filter(Boolean);
  const ok = (a: string) => /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(a);
  return { addresses: items.filter(ok).map((a) => a.toLowerCase()), wrong: items.filter((a) => !ok(a)) };
}
