import nodemailer, { type Transporter } from 'nodemailer';
import type { EmailRelayConfig } from '../../core/config/email.js';
import type { EmailThreading } from '../../core/messaging/email.js';
import type { Conversation, Message, OutboxItem } from '../../core/protocol/model.js';
import type { ChannelSender, SendOutcome } from '../outbox/sender.js';

/** Where an attachment's bytes are read from: the file store's path of a file id. */
export type AttachmentPath = (fileId: string) => string | null;

export interface EmailSenderOptions {
  relay: EmailRelayConfig;
  password: string | null;
  attachmentPath: AttachmentPath;
  /**
   * After a restart, how long a mail that was being handed to the relay
   * waits before it goes again (see docs/architecture.md: 0 without a Sent
   * folder to look in, the reconciliation's time with one).
   */
  unsureGraceMs?: number;
}

/** SMTP's answer to a refused mail: 5xx is for good, 4xx for later. */
interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
}

/**
 * Replies leave through the centre's relay with nodemailer: From the
 * queue's address with the agent's name, To the customer, the agent's CC
 * and BCC, the subject with the ticket token, the message's own Message-ID,
 * In-Reply-To and References (decided by the core when the reply was
 * written: core/messaging/email.ts), attachments read from the file store.
 * What the relay answered is the message's status: sent with its reply,
 * failed with a 5xx, and queued again with a 4xx or a relay that cannot be
 * reached (the outbox retries with back-off).
 */
export class EmailSender implements ChannelSender {
  readonly channel = 'email' as const;
  readonly concurrency: number;
  readonly unsureGraceMs: number;
  private readonly transport: Transporter;
  private readonly where: string;

  constructor(private readonly options: EmailSenderOptions) {
    const { relay } = options;
    this.concurrency = relay.connections;
    // With notifications, a reply the relay had is named by one; without, nothing can say so: sent again at once.
    this.unsureGraceMs = options.unsureGraceMs ?? (relay.dsn ? relay.dsnWaitSeconds * 1000 : 0);
    this.where = `${relay.host}:${relay.port}`;
    this.transport = nodemailer.createTransport({
      host: relay.host,
      port: relay.port,
      secure: relay.secure,
      requireTLS: relay.requireTls,
      ...(relay.auth && options.password !== null ? { auth: { user: relay.auth.username, pass: options.password } } : {}),
      tls: { rejectUnauthorized: !relay.allowSelfSigned },
      pool: true,
      maxConnections: relay.connections,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    });
  }

  async send(item: OutboxItem, message: Message, conversation: Conversation): Promise<SendOutcome> {
    const mail = message.mail;
    const threading = item.extra as Partial<EmailThreading>;
    if (!mail || !threading.messageId) return { kind: 'failed', reason: 'This message has no email headers to send it with.' };
    const attachments = [];
    for (const a of message.attachments) {
      const path = this.options.attachmentPath(a.id);
      if (!path) return { kind: 'failed', reason: `The attachment ${a.name} is no longer kept, so the email cannot be sent.` };
      attachments.push({ filename: a.name, path, contentType: a.type });
    }
    try {
      const info = await this.transport.sendMail({
        from: mail.from,
        to: mail.to,
        cc: mail.cc,
        bcc: mail.bcc ?? [],
        subject: mail.subject,
        text: message.text,
        messageId: threading.messageId,
        inReplyTo: threading.inReplyTo ?? undefined,
        references: threading.references ?? [],
        attachments,
        headers: { 'X-Switchboard-Conversation': conversation.id },
        // The envelope's sender is the queue's address: where the relay's notifications come back.
        envelope: { from: bareAddress(mail.from), to: [...mail.to, ...mail.cc, ...(mail.bcc ?? [])] },
        ...(this.options.relay.dsn ? { dsn: { id: item.id, return: 'headers' as const, notify: ['success', 'failure'] as Array<'success' | 'failure'> } } : {}),
      });
      const rejected = (info.rejected ?? []).map(String);
      const detail = `Relay ${this.where}: ${info.response ?? 'accepted'}${rejected.length ? ` (refused for ${rejected.join(', ')})` : ''}`;
      return { kind: 'sent', externalId: threading.messageId, detail };
    } catch (e) {
      return outcomeOf(e as SmtpError, this.where);
    }
  }

  close(): void {
    this.transport.close();
  }
}

/** The address of `"Ana Lima" <help@x.test>`. */
function bareAddress(named: string): string {
  return /<([^>]+)>\s*$/.exec(named)?.[1] ?? named;
}

/** A relay's refusal in words, and whether to try again. */
export function outcomeOf(e: SmtpError, where: string): SendOutcome {
  const answer = e.response?.trim();
  if (e.responseCode && e.responseCode >= 500) return { kind: 'failed', reason: `The relay ${where} refused the email: ${answer ?? e.message}` };
  if (e.responseCode && e.responseCode >= 400) return { kind: 'retry', reason: `The relay ${where} asked to try later: ${answer ?? e.message}` };
  const how = e.code === 'ECONNECTION' || e.code === 'ETIMEDOUT' || e.code === 'ESOCKET' || e.code === 'EDNS' ? 'could not be reached' : 'failed';
  return { kind: 'retry', reason: `The relay ${where} ${how}: ${e.message}` };
}
