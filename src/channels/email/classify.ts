/**
 * Mail written by machines, told apart from mail written by people, so that
 * an out-of-office never reopens a conversation, takes an agent or gets an
 * answer (two auto-responders answering each other forever), and a
 * delivery failure report marks the reply it reports as failed.
 */

/** Header values by lower-case name, as a string each (the first when repeated). */
export type HeaderLookup = (name: string) => string | null;

/**
 * Why a mail is automatic, in words, or null for a person's mail. RFC 3834's
 * Auto-Submitted (anything but "no"), the X-Autoreply / X-Autorespond family
 * that older responders write, and Precedence bulk, junk, list or
 * auto_reply; a delivery report is automatic too.
 */
export function automaticReason(header: HeaderLookup, isReport: boolean): string | null {
  if (isReport) return 'delivery report';
  const submitted = header('auto-submitted')?.trim().toLowerCase();
  if (submitted && submitted !== 'no') return `auto-reply (Auto-Submitted: ${submitted.split(';')[0]})`;
  if (header('x-autoreply') || header('x-autorespond') || header('x-autoresponder')) return 'auto-reply (X-Autoreply)';
  const precedence = header('precedence')?.trim().toLowerCase();
  if (precedence && ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return `auto-reply (Precedence: ${precedence})`;
  if (header('x-auto-response-suppress')?.toLowerCase().includes('all') && header('x-ms-exchange-generated-message-source')) return 'auto-reply (Exchange)';
  return null;
}

/** What a delivery status notification (RFC 3464) says about the mail it reports. */
export interface DeliveryReport {
  /** The reported mail's Message-ID, with its angle brackets. */
  originalMessageId: string | null;
  /** Original-Envelope-Id: the outbox item we gave the relay as ENVID, when we asked for notifications. */
  envelopeId: string | null;
  /** failed: at least one recipient failed; delivered: every recipient delivered or relayed; other: delayed, or unreadable. */
  outcome: 'failed' | 'delivered' | 'other';
  /** "Delivery to ana@example.com failed: 5.1.1 (smtp; 550 5.1.1 No such user)". */
  detail: string;
}

/** Fields of the message/delivery-status part: the per-message block then one block per recipient. */
function statusFields(text: string): Array<Map<string, string>> {
  const blocks: Array<Map<string, string>> = [];
  for (const block of text.replace(/\r\n/g, '\n').split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    let last = '';
    for (const line of block.split('\n')) {
      if (/^\s/.test(line) && last) {
        fields.set(last, `${fields.get(last)} ${line.trim()}`);
        continue;
      }
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      last = line.slice(0, colon).trim().toLowerCase();
      fields.set(last, line.slice(colon + 1).trim());
    }
    if (fields.size > 0) blocks.push(fields);
  }
  return blocks;
}

/** The Message-ID header in the returned headers or message of a report. */
export function messageIdIn(headers: string): string | null {
  const m = /^message-id:\s*(<[^>\s]+>)/im.exec(headers.replace(/\r\n[ \t]+/g, ' '));
  return m?.[1] ?? null;
}

/**
 * Read a report from its delivery-status part and the returned headers (or
 * message). Only failures matter here ("delayed" and "delivered" change
 * nothing); a report we cannot read says so in its detail.
 */
export function readDeliveryReport(status: string | null, returned: string | null, fallbackId: string | null): DeliveryReport {
  const blocks = status ? statusFields(status) : [];
  const recipients = blocks.filter((b) => b.has('action') || b.has('status'));
  const failures = recipients.filter((b) => (b.get('action') ?? '').toLowerCase() === 'failed' || (b.get('status') ?? '').startsWith('5'));
  const originalMessageId = (returned ? messageIdIn(returned) : null) ?? fallbackId;
  const envelopeId = blocks.find((b) => b.has('original-envelope-id'))?.get('original-envelope-id') ?? null;
  const reached = (b: Map<string, string>) => ['delivered', 'relayed', 'expanded'].includes((b.get('action') ?? '').toLowerCase());
  if (failures.length === 0) {
    const delivered = recipients.length > 0 && recipients.every(reached);
    const who = recipients.map((b) => (b.get('final-recipient') ?? '').replace(/^rfc822;\s*/i, '')).filter(Boolean);
    return {
      originalMessageId,
      envelopeId,
      outcome: delivered ? 'delivered' : 'other',
      detail: delivered ? `Delivered to ${who.join(', ') || 'its recipients'}.` : recipients.length ? 'The mail was reported delayed.' : 'The delivery report could not be read.',
    };
  }
  const words = failures.map((b) => {
    const who = (b.get('final-recipient') ?? b.get('original-recipient') ?? '').replace(/^rfc822;\s*/i, '') || 'a recipient';
    const code = b.get('status') ?? '';
    const diagnostic = b.get('diagnostic-code')?.replace(/^smtp;\s*/i, '') ?? '';
    return `Delivery to ${who} failed${code ? `: ${code}` : ''}${diagnostic ? ` (${diagnostic})` : ''}`;
  });
  return { originalMessageId, envelopeId, outcome: 'failed', detail: `${words.join('; ')}.` };
}
