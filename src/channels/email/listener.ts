import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { EmailListenerConfig } from '../../core/config/email.js';
import type { EmailIntake } from './intake.js';
import { readMail } from './parse.js';
import { SharedBytes } from './shared-bytes.js';
import { SlidingWindowLimit } from './sliding-window-limit.js';
import { ConnectionsPerAddress } from './connections-per-address.js';
import { sameSecret } from './secrets.js';

export interface ListenerOptions {
  settings: EmailListenerConfig;
  /** The queues' addresses, lower case: the only recipients taken. */
  addresses: () => Set<string>;
  maxBytes: number;
  /** The AUTH password (from the environment or a file), when AUTH is configured. */
  password: string | null;
  /** STARTTLS's key and certificate, read from the files the configuration names; absent: no STARTTLS. */
  tls: { key: Buffer; cert: Buffer } | null;
  intake: EmailIntake;
  log: (line: string) => void;
  /** Tests set the clock of the per-address count. */
  now?: () => number;
}

/**
 * Connections one address may hold at once: the centre's MTA opens a few in
 * parallel (Postfix at most 20 to one destination by default), a client
 * holding more is not delivering mail.
 */
export const MAX_CONNECTIONS_PER_ADDRESS = 50;

/** An SMTP refusal with its reply code, as smtp-server sends it. */
function refusal(code: number, text: string): Error & { responseCode: number } {
  return Object.assign(new Error(text), { responseCode: code });
}

/**
 * switchboard's own SMTP listener (smtp-server): the centre's MTA forwards
 * support mail to it. It takes mail only for its queues' addresses (550 for
 * any other recipient: never an open relay), refuses a mail over the size
 * limit (552, whether declared with SIZE= or found so at its end), makes a
 * client address that sends too many mails in a minute wait (450), refuses an address more connections
 * than MAX_CONNECTIONS_PER_ADDRESS (421), offers STARTTLS and requires AUTH when
 * configured. A mail is answered 250 only once it is committed, and 451
 * (try again later) when it could not be: an MTA keeps and retries it, so
 * nothing accepted is lost.
 */
export class EmailListener {
  private readonly server: SMTPServer;
  private readonly rate: SlidingWindowLimit;
  private readonly held = new ConnectionsPerAddress(MAX_CONNECTIONS_PER_ADDRESS);
  private port = 0;

  constructor(private readonly options: ListenerOptions) {
    const { settings } = options;
    this.rate = new SlidingWindowLimit(settings.perMinute, 60_000, options.now);
    const tls = options.tls;
    const disabled = [...(tls ? [] : ['STARTTLS']), ...(settings.auth ? [] : ['AUTH'])];
    this.server = new SMTPServer({
      name: settings.hostname,
      banner: 'switchboard: mail for the contact centre queues only',
      size: options.maxBytes,
      // smtp-server would refuse a declared SIZE= over the limit itself, in
      // its own words ("Error: message exceeds fixed maximum message size"):
      // hidden, EHLO offers SIZE without the number and onMailFrom refuses
      // with the sentence a mail found too big at its end gets.
      hideSize: true,
      disabledCommands: disabled,
      authOptional: !settings.auth,
      // Without TLS configured, AUTH goes in clear: the MTA is expected on the same host or network.
      allowInsecureAuth: !tls,
      ...(tls ?? {}),
      logger: false,
      // smtp-server looks up every connection's address in the DNS before its
      // greeting (up to 1.5 s): switchboard never uses the name, and a burst
      // of connections would become a burst of queries to the resolver.
      disableReverseLookup: true,
      // An MTA may hold its connection open between mails: a shutdown waits for it this long at most.
      closeTimeout: 2000,
      onConnect: (session, callback) => {
        if (this.held.open(session.id, session.remoteAddress)) return callback();
        callback(refusal(421, `4.7.0 Too many connections from ${session.remoteAddress}: at most ${this.held.max} at once; try again later`));
      },
      onClose: (session) => this.held.close(session.id),
      onAuth: (auth, _session, callback) => {
        const ok = settings.auth && auth.username === settings.auth.username && options.password !== null && sameSecret(auth.password ?? '', options.password);
        if (!ok) return callback(refusal(535, '5.7.8 Authentication failed: wrong user name or password'));
        callback(null, { user: auth.username });
      },
      onMailFrom: (address, session, callback) => {
        const declared = (address.args || {}) as { SIZE?: string };
        if (Number(declared.SIZE ?? 0) > options.maxBytes) return callback(this.tooBig());
        const wait = this.rate.take(session.remoteAddress);
        if (wait > 0) return callback(refusal(450, `4.7.1 Too many mails from ${session.remoteAddress}: try again in ${Math.ceil(wait / 1000)} s`));
        callback();
      },
      onRcptTo: (address, _session, callback) => this.checkRecipient(address, callback),
      onData: (stream, session, callback) => void this.receive(stream, session, callback),
    });
    this.server.on('error', (e) => options.log(`smtp listener: ${e.message}`));
  }

  /** A mail over the limit, declared with SIZE= or found at its end: one sentence for both. */
  private tooBig(): Error {
    return refusal(552, `5.3.4 Message too big: at most ${this.options.maxBytes} bytes are taken`);
  }

  private checkRecipient(address: SMTPServerAddress, callback: (err?: Error | null) => void): void {
    if (this.options.addresses().has(address.address.toLowerCase())) return callback();
    callback(refusal(550, `5.1.1 <${address.address}>: no such queue here (this server takes mail only for its queues' addresses)`));
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null, message?: string) => void): Promise<void> {
    // Kept where the MIME thread reads it, a chunk at a time (shared-bytes.ts).
    const bytes = new SharedBytes();
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit nothing more is kept; smtp-server reads the rest and flags it.
      if (size <= this.options.maxBytes) bytes.append(chunk);
    });
    await new Promise<void>((resolve) => stream.once('end', resolve));
    if (stream.sizeExceeded) return callback(this.tooBig());
    try {
      const mail = await readMail(bytes);
      const recipients = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
      const result = await this.options.intake.take(mail, recipients);
      if (result.kind === 'no-queue') return callback(refusal(550, `5.1.1 ${result.reason}`));
      if (result.kind === 'delivered') return callback(null, `2.0.0 Noted: ${result.known ? 'the reply is delivered' : 'no reply of ours has that id'}`);
      const { conversation, duplicate } = result.received;
      callback(null, `2.0.0 ${duplicate ? 'Already have it' : 'Taken'} as ${conversation.id}`);
    } catch (e) {
      this.options.log(`smtp listener: a mail could not be kept: ${(e as Error).message}`);
      callback(refusal(451, '4.3.0 The mail could not be kept just now; try again later'));
    }
  }

  async listen(): Promise<{ host: string; port: number }> {
    const { host, port } = this.options.settings;
    await new Promise<void>((resolve, reject) => {
      const onError = (e: Error) => reject(e);
      this.server.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.server.off('error', onError);
        resolve();
      });
    });
    this.port = (this.server.server.address() as AddressInfo).port;
    return { host, port: this.port };
  }

  get address(): { host: string; port: number } {
    return { host: this.options.settings.host, port: this.port };
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
