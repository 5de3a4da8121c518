import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { ImapFlow } from 'imapflow';
import type { EmailImapConfig } from '../../core/config/email.js';
import type { EmailIntake } from './intake.js';
import { readMail } from './parse.js';

export interface ImapOptions {
  settings: EmailImapConfig;
  password: string;
  intake: EmailIntake;
  /** Where the mailbox's UIDVALIDITY and the last UID taken are remembered across restarts. */
  stateFile: string;
  maxBytes: number;
  log: (line: string) => void;
}

/** What was taken from the mailbox so far. */
interface Progress {
  uidValidity: string;
  lastUid: number;
}

const RECONNECT_MIN_MS = 1_000;
const RECONNECT_MAX_MS = 5 * 60_000;

/**
 * A centre's mailbox on its provider, read with imapflow: IDLE tells of new
 * mail where the server has it (imapflow idles by itself between commands),
 * and a poll every `pollSeconds` checks besides. Mail is taken in UID order
 * and the last UID taken is remembered with the mailbox's UIDVALIDITY, after
 * the commit, so a restart neither takes a mail twice (and the Message-ID
 * would catch it if it did) nor misses one; a new UIDVALIDITY (the mailbox
 * was made again) reads it whole. What was taken is then marked seen or
 * moved to a folder. The first start takes the unseen mail already there
 * (in move mode, all of it).
 */
export class ImapMailbox {
  private client: ImapFlow | null = null;
  private stopped = false;
  private running: Promise<void> | null = null;
  private again = false;
  private poll: NodeJS.Timeout | null = null;
  private reconnect: NodeJS.Timeout | null = null;
  private failures = 0;
  /** Mails taken since start (tests and the log). */
  taken = 0;
  lastError: string | null = null;

  constructor(private readonly options: ImapOptions) {}

  start(): void {
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const { settings } = this.options;
    const client = new ImapFlow({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      auth: { user: settings.auth.username, pass: this.options.password },
      tls: { rejectUnauthorized: !settings.allowSelfSigned },
      logger: false,
      maxIdleTime: settings.pollSeconds * 1000,
    });
    this.client = client;
    client.on('error', (e: Error) => this.note(`IMAP ${settings.host}: ${e.message}`));
    client.on('exists', () => this.check());
    client.on('close', () => {
      if (this.client === client) this.client = null;
      this.later();
    });
    try {
      await client.connect();
      await client.mailboxOpen(settings.mailbox);
      if (settings.afterTake === 'move') await client.mailboxCreate(settings.moveTo).catch(() => undefined);
      this.failures = 0;
      this.lastError = null;
      this.check();
      this.poll = setInterval(() => this.check(), settings.pollSeconds * 1000);
    } catch (e) {
      this.note(`IMAP ${settings.host}:${settings.port}: ${(e as Error).message}`);
      client.close();
    }
  }

  /** A pass over the mailbox: one at a time, and one more if asked while running. */
  check(): void {
    if (this.stopped || !this.client) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .catch((e: Error) => this.note(`IMAP: ${e.message}`))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.check();
        }
      });
  }

  private async pass(): Promise<void> {
    const client = this.client;
    if (!client || !client.mailbox) return;
    const { settings } = this.options;
    const uidValidity = String(client.mailbox.uidValidity);
    const kept = this.progress();
    const fresh = !kept || kept.uidValidity !== uidValidity;
    const from = fresh ? 1 : kept.lastUid + 1;
    const query = fresh && !kept && settings.afterTake === 'seen' ? { uid: `${from}:*`, seen: false } : { uid: `${from}:*` };
    const uids = ((await client.search(query, { uid: true })) || []).filter((u) => u >= from).sort((a, b) => a - b);
    let last = fresh ? 0 : kept.lastUid;
    for (const uid of uids) {
      if (this.stopped) return;
      const message = await client.fetchOne(String(uid), { uid: true, source: true, size: true }, { uid: true });
      if (message && message.source) {
        if ((message.size ?? message.source.length) > this.options.maxBytes) {
          this.options.log(`IMAP: mail ${uid} is over the size limit (${message.source.length} bytes) and stays in the mailbox`);
        } else {
          const mail = await readMail(message.source);
          const result = await this.options.intake.take(mail, [], settings.queue);
          if (result.kind !== 'no-queue') this.taken += 1;
        }
      }
      last = uid;
      // Remembered after the commit: a crash here takes this mail again, and its Message-ID makes that one mail.
      this.save({ uidValidity, lastUid: last });
      if (settings.afterTake === 'move') await client.messageMove(String(uid), settings.moveTo, { uid: true });
      else await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
    }
    if (fresh) this.save({ uidValidity, lastUid: Math.max(last, (client.mailbox.uidNext ?? 1) - 1) });
  }

  private progress(): Progress | null {
    try {
      const kept = JSON.parse(readFileSync(this.options.stateFile, 'utf8')) as Progress;
      return typeof kept.uidValidity === 'string' && Number.isInteger(kept.lastUid) ? kept : null;
    } catch {
      return null;
    }
  }

  private save(progress: Progress): void {
    const part = `${this.options.stateFile}.part`;
    writeFileSync(part, JSON.stringify(progress), { mode: 0o600 });
    renameSync(part, this.options.stateFile);
  }

  private note(line: string): void {
    this.lastError = line;
    this.options.log(line);
  }

  /** Connect again after a doubling wait (1 s up to 5 minutes). */
  private later(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
    if (this.stopped || this.reconnect) return;
    const wait = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** this.failures);
    this.failures += 1;
    this.reconnect = setTimeout(() => {
      this.reconnect = null;
      void this.connect();
    }, wait);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    if (this.reconnect) clearTimeout(this.reconnect);
    await this.running?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    if (client) await client.logout().catch(() => client.close());
  }
}
