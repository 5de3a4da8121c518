import { createHash } from 'node:crypto';
import { type AddressObject, type Attachment as MailAttachment, type ParsedMail } from 'mailparser';
import { fileName, MAX_SENDER_NAME, MAX_SUBJECT, oneLine } from '../../core/protocol/outside-names.js';
import { automaticReason, readDeliveryReport, type DeliveryReport } from './classify.js';
import { extendedNames, readableName, type ExtendedName } from './extended-names.js';
import { htmlText } from './html-text.js';
import { mimeThread } from './mime-thread.js';
import { SharedBytes } from './shared-bytes.js';

/** An attachment as read from the mail, before the file store keeps it. */
export interface MailPart {
  name: string;
  type: string;
  content: Buffer;
  /** Shown inside the HTML (an inline image), not attached by the sender. */
  inline: boolean;
  /** The mail's own body (its HTML, not read as text in time): limited as the mail is, not as an attachment. */
  body?: true;
}

/** A mail as switchboard takes it in: who, what, how it threads, and whether a machine wrote it. */
export interface ReadMail {
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  from: { address: string; name: string };
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  parts: MailPart[];
  /** Why a machine wrote it (auto-reply, delivery report), or null. */
  automatic: string | null;
  /** A delivery failure report: the mail it reports. */
  report: DeliveryReport | null;
  /** The MIME could not be read: `text` is the raw mail, and the raw mail is its only part. */
  unreadable: string | null;
}

/** The name of an HTML body kept as a file because it could not be read as text in time. */
const HTML_FILE_NAME = 'message.html';

/** The longest text kept from one mail; the rest is in the raw mail, attached. */
const MAX_TEXT = 100_000;

/**
 * Read a raw mail (RFC 5322 + MIME) with mailparser: the text part, or the
 * HTML turned into text for the terminal (html-to-text: links kept as
 * [url], images as [image: their alt text]), charsets decoded, attachments and
 * inline parts as parts. A mail that cannot be read as MIME is kept raw and
 * says why, so nothing that was accepted is lost.
 */
export async function readMail(bytes: Buffer | SharedBytes): Promise<ReadMail> {
  // Off the event loop (mime-thread.ts). skipHtmlToText: mailparser's own text of an HTML-only mail (cells run
  // together, images as [cid:…]) took the place of ours below, which was then used only when an image came with it.
  // Twice the text kept: its line ends are made shorter before it is cut.
  const read = await mimeThread.parse(bytes instanceof SharedBytes ? bytes : SharedBytes.from(bytes), 2 * MAX_TEXT);
  const raw = read.raw;
  const syntheticId = () => `<sha256-${(read.digest ?? createHash('sha256').update(raw).digest('hex')).slice(0, 40)}@switchboard.invalid>`;
  if ('late' in read) return unreadable(raw, syntheticId, `its parts could not be read within ${mimeThread.limitMs / 1000} s`);
  if ('error' in read) return unreadable(raw, syntheticId, `mailparser could not read it: ${read.error}`);
  const parsed = read.mail;
  const problem = malformed(raw, parsed);
  if (problem) return unreadable(raw, syntheticId, problem, parsed);
  const header = (name: string) => headerText(parsed, name);
  const from = firstAddress(parsed.from);
  const reportPart = isReport(parsed) ? parsed.attachments : null;
  const report = reportPart
    ? // mailparser reads a message/delivery-status part as text: its fields are then in the mail's text.
      readDeliveryReport(partText(reportPart, /delivery-status/i) ?? parsed.text ?? null, partText(reportPart, /rfc822/i), parsed.inReplyTo ?? null)
    : null;
  // Read again only when an attachment's name has the "=" that mailparser leaves for a bare "%" (extended-names.ts).
  let known: ExtendedName[] | null = null;
  const names = () => (known ??= parsed.attachments.some((a) => a.filename?.includes('=')) ? extendedNames(raw) : []);
  const parts = parsed.attachments
    // A report's own machine parts are read above, not kept as files.
    .filter((a) => !(reportPart && /delivery-status|rfc822-headers/i.test(a.contentType)))
    .map((a) => toPart(a, names()));
  const body = await bodyText(parsed);
  if (body.html) parts.push(body.html);
  return {
    messageId: parsed.messageId ?? syntheticId(),
    inReplyTo: parsed.inReplyTo?.trim() || null,
    references: referencesOf(parsed.references),
    from: from ?? { address: '', name: '' },
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    subject: oneLine(parsed.subject ?? '', MAX_SUBJECT),
    text: body.text.slice(0, MAX_TEXT),
    parts,
    automatic: automaticReason(header, reportPart !== null),
    report,
    unreadable: null,
  };
}

/** What makes a mail unreadable rather than merely odd: no sender, or a multipart whose parts are nowhere. */
function malformed(raw: Buffer, parsed: ParsedMail): string | null {
  const contentType = parsed.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  if (contentType?.value?.toLowerCase().startsWith('multipart/')) {
    const boundary = contentType.params?.boundary;
    if (!boundary) return 'it says it has parts (multipart) but gives no boundary between them';
    if (!raw.includes(`--${boundary}`)) return `it says its parts are separated by "${boundary}", which never appears`;
  }
  if (!firstAddress(parsed.from)?.address) {
    const given = Array.isArray(parsed.from) ? parsed.from[0]?.text : parsed.from?.text;
    return given?.trim() ? `its From address (${given.trim().slice(0, 100)}) is not one address` : 'it has no From address';
  }
  return null;
}

/** `syntheticId`: a stable id for a mail without a Message-ID, from its bytes: the same bytes delivered twice are one mail. */
function unreadable(raw: Buffer, syntheticId: () => string, why: string, parsed?: ParsedMail): ReadMail {
  const from = parsed ? firstAddress(parsed.from) : null;
  // Only what is shown (and searched for a From and Subject): 25 MB made one string held the event loop.
  const text = raw.subarray(0, MAX_TEXT).toString('latin1');
  return {
    messageId: parsed?.messageId ?? syntheticId(),
    inReplyTo: parsed?.inReplyTo?.trim() || null,
    references: parsed ? referencesOf(parsed.references) : [],
    from: from ?? { address: oneMailbox(rawHeader(text, 'from') ?? '') ?? '', name: '' },
    to: parsed ? addresses(parsed.to) : [],
    cc: [],
    subject: oneLine(parsed?.subject ?? rawHeader(text, 'subject') ?? '', MAX_SUBJECT),
    text: text.slice(0, MAX_TEXT),
    parts: [{ name: 'message.eml', type: 'message/rfc822', content: raw, inline: false }],
    automatic: null,
    report: null,
    unreadable: `This email could not be read (${why}); it is shown as it arrived.`,
  };
}

function rawHeader(text: string, name: string): string | null {
  const head = text.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const m = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head);
  if (!m) return null;
  const bracketed = /<([^>\s]+@[^>\s]+)>/.exec(m[1]!);
  return (bracketed?.[1] ?? m[1]!).trim().toLowerCase();
}

function headerText(parsed: ParsedMail, name: string): string | null {
  const value = parsed.headers.get(name);
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && 'value' in value && typeof value.value === 'string') return value.value;
  return String(value);
}

function isReport(parsed: ParsedMail): boolean {
  const contentType = parsed.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  return contentType?.value?.toLowerCase() === 'multipart/report' && (contentType.params?.['report-type'] ?? '').toLowerCase() === 'delivery-status';
}

function partText(parts: MailAttachment[], type: RegExp): string | null {
  const part = parts.find((a) => type.test(a.contentType));
  return part ? part.content.toString('utf8') : null;
}

function firstAddress(field: AddressObject | AddressObject[] | undefined): { address: string; name: string } | null {
  const list = Array.isArray(field) ? field.flatMap((f) => f.value) : (field?.value ?? []);
  const first = list.find((a) => a.address && oneMailbox(a.address));
  // The name is the sender's to write: an encoded-word may carry CR LF or ESC, and any length.
  return first ? { address: oneMailbox(first.address!)!, name: oneLine(first.name ?? '', MAX_SENDER_NAME) } : null;
}

/**
 * The sender's address, only when it is one mailbox. mailparser reads
 * `<a@b.com,evil@c.com>` as one address; made the customer's, the relay
 * then sent every reply to both. A comma, semicolon, angle bracket, quote,
 * space or control character is never in an address a reply can go to.
 */
function oneMailbox(address: string): string | null {
  return /^[^\s@,;<>"()[\]\\\u0000-\u001f\u007f]+@[^\s@,;<>"()[\]\\\u0000-\u001f\u007f]+$/.test(address) ? address.toLowerCase() : null;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(field) ? field.flatMap((f) => f.value) : (field?.value ?? []);
  const flat = list.flatMap((a) => (a.group ? a.group : [a]));
  return flat.map((a) => a.address?.toLowerCase()).filter((a): a is string => Boolean(a));
}

function referencesOf(references: string | string[] | undefined): string[] {
  if (!references) return [];
  const list = Array.isArray(references) ? references : references.split(/\s+/);
  return list.map((r) => r.trim()).filter((r) => /^<[^>\s]+>$/.test(r));
}

/**
 * The text part as written, or the HTML part read as text (html-text.ts).
 * HTML that cannot be read as text in time is kept as a file of the message
 * (`html`), and the text says so: nothing the sender wrote is lost.
 */
async function bodyText(parsed: ParsedMail): Promise<{ text: string; html: MailPart | null }> {
  if (parsed.text?.trim()) return { text: parsed.text.replace(/\r\n/g, '\n').trimEnd(), html: null };
  if (typeof parsed.html === 'string' && parsed.html.trim()) {
    const text = await htmlText.convert(parsed.html);
    if (text !== null) return { text, html: null };
    return {
      text: `[This email's HTML could not be read as text in time; it is attached as ${HTML_FILE_NAME}.]`,
      html: { name: HTML_FILE_NAME, type: 'text/html', content: Buffer.from(parsed.html, 'utf8'), inline: false, body: true },
    };
  }
  return { text: '', html: null };
}

function toPart(a: MailAttachment, names: ExtendedName[]): MailPart {
  const inline = a.contentDisposition === 'inline' || Boolean(a.related);
  const fallback = `${inline ? 'inline' : 'attachment'}${a.cid ? `-${a.cid.replace(/[^A-Za-z0-9._-]/g, '')}` : ''}`;
  // Cleaned as an upload's name is: the sender wrote it, folders, controls and length included.
  return { name: fileName(readableName(a.filename ?? '', names)) || fallback, type: a.contentType || 'application/octet-stream', content: a.content, inline };
}
