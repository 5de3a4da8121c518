import { z } from 'zod';
import { settingsObject } from './settings-object.js';

/**
 * The email channel's settings (`email` in the server configuration): which
 * address is which queue, how mail comes in (switchboard's own SMTP listener,
 * an IMAP mailbox, or both), the centre's relay it leaves through, and the
 * signature templates agents start from. Secrets are never written here: a
 * password is named by the environment variable or the file that holds it.
 */

const port = z.number({ error: 'expected a port number' }).int().min(1, { error: 'expected a port from 1 to 65535' }).max(65535, { error: 'expected a port from 1 to 65535' });
const host = z.string({ error: 'expected a host name or address' }).trim().min(1, { error: 'expected a host name or address' });
const address = z.email({ error: 'expected an email address' }).transform((a) => a.toLowerCase());
const megabytes = (fallback: number) => z.number({ error: 'expected a size in MB' }).positive({ error: 'expected a size in MB above 0' }).default(fallback);

/**
 * A password, from where it is kept: an environment variable (`passwordEnv`)
 * or a file readable by the server (`passwordFile`). Never on the command
 * line, where every user of the machine can read it.
 */
const secretRef = {
  username: z.string({ error: 'expected a user name' }).min(1, { error: 'expected a user name' }),
  passwordEnv: z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/, { error: 'expected the name of an environment variable, e.g. SWITCHBOARD_SMTP_PASSWORD' })
    .optional(),
  passwordFile: z.string().min(1, { error: 'expected the path of the file holding the password' }).optional(),
};
const credentials = settingsObject(secretRef)
  .refine((c) => (c.passwordEnv === undefined) !== (c.passwordFile === undefined), { error: 'expected exactly one of passwordEnv or passwordFile (the password itself is never written in the configuration)' });

export const emailListenerSchema = settingsObject({
    host: host.default('127.0.0.1'),
    /** 0: any free port (the demo). */
    port: z.number({ error: 'expected a port number' }).int().min(0).max(65535, { error: 'expected a port from 0 to 65535' }).default(2525),
    /** The name in the greeting and Received headers. */
    hostname: z.string().min(1).default('switchboard'),
    /** Mails one client address may send in a minute before it is told to wait (421). */
    perMinute: z.number({ error: 'expected a number of mails per minute' }).int().min(1).default(120),
    /** STARTTLS is offered when a key and certificate are given. */
    tls: settingsObject({ key: z.string().min(1), cert: z.string().min(1) }).optional(),
    /** AUTH is required when given (the centre's MTA logs in). */
    auth: credentials.optional(),
  });

export const emailImapSchema = settingsObject({
    host,
    port: port.default(993),
    /** TLS from the first byte (993); false: plain, upgraded with STARTTLS when the server offers it. */
    secure: z.boolean().default(true),
    auth: credentials,
    mailbox: z.string().min(1).default('INBOX'),
    /** The queue of mail addressed to none of the queues' addresses (the mailbox is usually one of them). */
    queue: z.string({ error: 'expected the id of a messaging queue' }).min(1),
    /** What happens to a mail once taken in: marked seen, or moved to `moveTo`. */
    afterTake: z.enum(['seen', 'move'], { error: 'expected seen or move' }).default('seen'),
    moveTo: z.string().min(1).default('Switchboard'),
    /** Used when the server has no IDLE, and as a check besides it. */
    pollSeconds: z.number({ error: 'expected seconds' }).min(1).default(60),
    /** Accept a server certificate no authority signed (a test server). */
    allowSelfSigned: z.boolean().default(false),
  });

export const emailRelaySchema = settingsObject({
    host,
    port: port.default(587),
    /** TLS from the first byte (465); otherwise STARTTLS when the relay offers it. */
    secure: z.boolean().default(false),
    /** Refuse to send in clear: the relay must offer STARTTLS. */
    requireTls: z.boolean().default(false),
    auth: credentials.optional(),
    allowSelfSigned: z.boolean().default(false),
    /** Mails on their way at once. */
    connections: z.number().int().min(1).max(50).default(4),
    /**
     * Ask the relay for delivery status notifications (RFC 3461: ENVID = the
     * outbox item, NOTIFY=SUCCESS,FAILURE) back to the queue's address: they
     * mark replies delivered, and after a crash they say which mails the relay
     * had, so only the others are sent again (see docs/architecture.md).
     */
    dsn: z.boolean().default(false),
    /** After a restart, how long a reply that was being handed over waits for its notification before it is sent again. */
    dsnWaitSeconds: z.number({ error: 'expected seconds' }).min(1).default(300),
  });

export const emailSchema = settingsObject({
    /** Mail to one of these is a conversation of its queue; the queue's replies leave from it. */
    addresses: z
      .array(settingsObject({ address, queue: z.string({ error: 'expected the id of a messaging queue' }).min(1) }))
      .min(1, { error: 'expected at least one address for a queue' }),
    /** The domain of the Message-IDs we write (default: the first address's). */
    domain: z.string().min(1).optional(),
    /** A mail larger than this is refused (552). */
    maxMessageMb: megabytes(25),
    /** An attachment larger than this is not kept (the mail is, saying so). */
    maxAttachmentMb: megabytes(20),
    listener: emailListenerSchema.optional(),
    imap: emailImapSchema.optional(),
    relay: emailRelaySchema.optional(),
    /** Templates agents make their signatures from (Settings > Email signatures). */
    signatureTemplates: z
      .array(settingsObject({ name: z.string().trim().min(1, { error: 'expected a name' }), text: z.string().min(1, { error: 'expected the text of the signature' }) }))
      .default([]),
  });

export type EmailConfig = z.infer<typeof emailSchema>;
export type EmailListenerConfig = z.infer<typeof emailListenerSchema>;
export type EmailImapConfig = z.infer<typeof emailImapSchema>;
export type EmailRelayConfig = z.infer<typeof emailRelaySchema>;
export type SecretRef = z.infer<typeof credentials>;
