import { randomUUID } from 'node:crypto';
import type { Engine } from '../../core/engine.js';
import type { HandlerContext } from '../../core/context.js';
import type { EmailConfig } from '../../core/config/email.js';
import { MAX_ATTACHMENT_BYTES } from '../../core/messaging/conversation.js';
import { receiveInbound, type Received } from '../../core/messaging/inbound.js';
import { confirm, deliveryReport } from '../../core/messaging/outbox.js';
import type { Attachment, Customer, MailMeta, StoredFile } from '../../core/protocol/model.js';
import type { ReadMail } from './parse.js';
import { threadRefFor } from './thread.js';

/** Where the email adapter keeps attachments: the server's FileStore (uploads and recordings live there too). */
export interface AttachmentStore {
  /** Bytes already in memory become a file, written whole then put in place; rejects, leaving nothing behind, when the disk refuses. */
  write(id: string, bytes: Buffer): Promise<void>;
  discard(id: string): void;
}

export type IntakeResult =
  | { kind: 'taken'; received: Received; reported: boolean }
  /** A notification that a reply was delivered: its status moves on, nothing else is kept. */
  | { kind: 'delivered'; known: boolean }
  /** No queue takes mail for these recipients (the listener refuses such mail before its data). */
  | { kind: 'no-queue'; reason: string };

const MB = 1024 * 1024;

/**
 * Takes a read mail into the core: its attachments into the file store
 * (each within the size limit, the conversation's files within the upload
 * quota; what is over is named on the message instead), then one
 * transaction that finds the thread (thread.ts), files the message
 * (receiveInbound: once per Message-ID) and, for a delivery failure report,
 * marks the reported reply failed; a success notification only marks its
 * reply delivered (and confirms it, after a crash). The mail's sender is answered only after
 * that commit.
 */
export class EmailIntake {
  constructor(
    private readonly engine: Engine,
    private readonly files: AttachmentStore,
    private readonly settings: () => EmailConfig,
  ) {}

  /** The queue of a mail to these addresses: the first that is a queue's, else `fallback` (the IMAP mailbox's). */
  queueFor(recipients: string[], fallback: string | null): string | null {
    const addresses = this.settings().addresses;
    for (const r of recipients) {
      const hit = addresses.find((a) => a.address === r.toLowerCase());
      if (hit) return hit.queue;
    }
    return fallback;
  }

  async take(mail: ReadMail, recipients: string[], fallbackQueue: string | null = null): Promise<IntakeResult> {
    const report = mail.report;
    if (report?.outcome === 'delivered') {
      // The relay's word on a reply (RFC 3461 NOTIFY=SUCCESS): bookkeeping, not a customer's mail.
      const known = await this.engine.runGrouped((ctx) => {
        const confirmed = report.envelopeId ? confirm(ctx, report.envelopeId, report.originalMessageId) : false;
        const marked = report.originalMessageId ? deliveryReport(ctx, 'email', report.originalMessageId, 'delivered', report.detail) : false;
        return confirmed || marked;
      });
      return { kind: 'delivered', known };
    }
    const queue = this.queueFor([...recipients, ...mail.to, ...mail.cc], fallbackQueue);
    if (!queue) return { kind: 'no-queue', reason: `None of ${recipients.join(', ') || 'the recipients'} is a queue's address.` };
    const settings = this.settings();
    const kept: Array<StoredFile & { inline: boolean }> = [];
    const dropped: string[] = [];
    for (const part of mail.parts) {
      // A mail kept raw carries itself whole, and an HTML body kept as a file is the mail's own text: both
      // up to the mail's own limit. Neither may pass the core's limit for any file: the message would be
      // refused, and the mail with it (451, at every retry).
      const max = Math.min(Math.floor((mail.unreadable || part.body ? settings.maxMessageMb : settings.maxAttachmentMb) * MB), MAX_ATTACHMENT_BYTES);
      if (part.content.length > max) {
        dropped.push(`${part.name} (${(part.content.length / MB).toFixed(1)} MB) was not kept: attachments are limited to ${+(max / MB).toFixed(1)} MB.`);
        continue;
      }
      const id = `file-${randomUUID()}`;
      // The part is in memory already (the mail was read whole): one write, no stream.
      try {
        await this.files.write(id, part.content);
      } catch (e) {
        dropped.push(`${part.name} could not be kept (the disk refused it: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
        continue;
      }
      kept.push({ id, name: part.name, size: part.content.length, type: part.type, owner: 'email', at: 0, inline: part.inline });
    }
    return this.commit({ mail, queue, kept, dropped });
  }

  /**
   * The mail's transaction joins the engine's group commit: mails arriving
   * together on several connections (and whatever else arrives in that turn)
   * are stored in one SQLite transaction, one disk sync, and none is answered
   * before it. Each mail is its own transaction in the group, so one that is
   * refused does not take the others with it.
   */
  private async commit(job: Pending): Promise<IntakeResult> {
    let outcome: Committed;
    try {
      outcome = await this.engine.runGrouped((ctx) => this.commitOne(ctx, job));
    } catch (e) {
      for (const f of job.kept) this.files.discard(f.id);
      throw e;
    }
    // Files of a duplicate were never registered: the first delivery's are the ones kept.
    const orphans = outcome.received.duplicate ? job.kept.map((f) => f.id) : outcome.unused;
    for (const id of orphans) this.files.discard(id);
    return { kind: 'taken', received: outcome.received, reported: outcome.reported };
  }

  private commitOne(ctx: HandlerContext, { mail, queue, kept, dropped: droppedBefore }: Pending): Committed {
    const report = mail.report;
    const dropped = [...droppedBefore];
    const threadRef = threadRefFor(ctx, {
      messageId: mail.messageId,
      inReplyTo: report?.originalMessageId ?? mail.inReplyTo,
      references: mail.references,
      subject: mail.subject,
      from: mail.from.address,
    });
    // Delivered before: receiveInbound answers with the first delivery, and these files are not needed.
    const again = ctx.state.get('inboundKey', `email:${mail.messageId}`) !== undefined;
    const quota = again ? 0 : ctx.config.security.uploads.conversationMb * MB;
    const threadId = ctx.conversations.conversationByRef(threadRef);
    let used = threadId ? ctx.conversations.bytesCarriedIn(threadId) : 0;
    const attachments: Attachment[] = [];
    const unused: string[] = [];
    for (const f of kept) {
      if (used + f.size > quota) {
        if (!again) dropped.push(`${f.name} was not kept: this conversation's files already take ${Math.round(used / MB)} of its ${ctx.config.security.uploads.conversationMb} MB.`);
        unused.push(f.id);
        continue;
      }
      used += f.size;
      ctx.tx.put('file', { id: f.id, name: f.name, size: f.size, type: f.type, owner: f.owner, at: ctx.clock.now() }, 'emailed');
      attachments.push({ id: f.id, name: f.name, size: f.size, type: f.type });
    }
    const meta: MailMeta = {
      from: mail.from.name ? `${mail.from.name} <${mail.from.address}>` : mail.from.address,
      to: mail.to,
      cc: mail.cc,
      subject: mail.subject,
      ...(mail.unreadable ? { unreadable: mail.unreadable } : {}),
      ...(dropped.length ? { dropped } : {}),
    };
    const received = receiveInbound(ctx, {
      channel: 'email',
      queue,
      externalId: mail.messageId,
      threadRef,
      customer: customerOf(mail, threadRef),
      subject: mail.subject || undefined,
      text: mail.unreadable ? `${mail.unreadable}\n\n${mail.text}` : mail.text,
      attachments,
      mail: meta,
      automatic: mail.automatic,
    });
    let reported = false;
    if (!received.duplicate && report?.outcome === 'failed') {
      // The relay had it (it reports on it): a reply still waiting after a crash is not sent again.
      if (report.envelopeId) confirm(ctx, report.envelopeId, report.originalMessageId);
      if (report.originalMessageId) reported = deliveryReport(ctx, 'email', report.originalMessageId, 'failed', report.detail);
    }
    return { received, reported, unused };
  }
}

/**
 * Who wrote the mail, as the core keeps customers: known by their address.
 * Without one (no From, or not one mailbox) there is nobody to reply to, and
 * nobody to know them by: each such thread is a stranger of its own. Made one
 * customer, every sender without an address shared one Conversation History
 * (anyone's mail shown beside anyone's) and went to the agent of the last.
 */
function customerOf(mail: ReadMail, threadRef: string): Customer {
  const base = { phone: null, ip: null, geo: null };
  if (mail.from.address) return { ...base, id: `email:${mail.from.address}`, name: mail.from.name || mail.from.address, email: mail.from.address };
  return { ...base, id: `email-unknown:${threadRef}`, name: mail.from.name || 'Unknown sender', email: null };
}

/** A mail whose files are written, to be committed. */
interface Pending {
  mail: ReadMail;
  queue: string;
  kept: Array<StoredFile & { inline: boolean }>;
  dropped: string[];
}

interface Committed {
  received: Received;
  reported: boolean;
  unused: string[];
}
