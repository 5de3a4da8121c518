import { createRequire } from 'node:module';
import type { ParsedMail } from 'mailparser';
import type { SharedBytes } from './shared-bytes.js';
import { TimedThread } from './timed-thread.js';

/** What switchboard asks of mailparser: its text of HTML, links and images are read by html-text.ts instead. */
export const MIME_OPTIONS = { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true, skipHtmlToText: true } as const;

/**
 * What the MIME thread runs. It joins the mail's shared blocks into one
 * buffer and reads it with mailparser's simpleParser; the answer moves
 * that buffer back to the server (transferred, not copied) with the mail
 * as a structured clone: an attachment's release function, which a thread
 * cannot send, left out; its memory moved too when it has its own; the
 * text part only as far as the server keeps it (the rest of 25 MB of text,
 * copied back, held the event loop again); and, for a mail without a
 * Message-ID, the hash its id is made of. A script, not a module, for the
 * reason given in timed-thread.ts.
 */
const WORKER_SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { simpleParser } = require(workerData.mailparser);
parentPort.on('message', async ({ blocks, length, textChars }) => {
  const raw = Buffer.allocUnsafeSlow(length);
  let at = 0;
  for (const block of blocks) {
    const n = Math.min(block.byteLength, length - at);
    raw.set(new Uint8Array(block, 0, n), at);
    at += n;
  }
  const digest = () => createHash('sha256').update(raw).digest('hex');
  let answer;
  const moved = [raw.buffer];
  try {
    const mail = await simpleParser(raw, workerData.options);
    if (typeof mail.text === 'string') mail.text = mail.text.slice(0, textChars);
    for (const a of mail.attachments) {
      delete a.release;
      if (a.content.byteOffset === 0 && a.content.byteLength === a.content.buffer.byteLength) moved.push(a.content.buffer);
    }
    answer = { raw, mail, digest: mail.messageId ? null : digest() };
  } catch (e) {
    answer = { raw, error: String((e && e.message) || e), digest: digest() };
  }
  try {
    parentPort.postMessage(answer, moved);
  } catch (e) {
    parentPort.postMessage({ raw, error: 'its parts could not be handed over (' + String((e && e.message) || e) + ')', digest: digest() }, [raw.buffer]);
  }
});
`;

/**
 * How long one mail's MIME may take to read. A 25 MB mail (the default
 * limit) takes mailparser about 4 s on a quiet machine; a mail past this is
 * kept as it arrived.
 */
export const MIME_LIMIT_MS = 60_000;

/** The mail read, or why not; its bytes as one Buffer either way, and the SHA-256 of them when it has no Message-ID. */
export type MimeResult = { raw: Buffer; digest: string | null } & ({ mail: ParsedMail } | { error: string } | { late: true });

type Answer = { raw: Uint8Array; digest: string | null } & ({ mail: ParsedMail } | { error: string });

/**
 * Reads mail's MIME (mailparser) on a thread of its own, one mail at a time.
 * On the event loop a 25 MB mail held the server 2 to 5 s (/healthz
 * unanswered all that time: every panel, call and chat of the centre
 * waited), and mail of that size is every MTA's to send.
 */
export class MimeThread {
  private readonly thread: TimedThread<{ blocks: SharedArrayBuffer[]; length: number; textChars: number }, Answer>;

  constructor(limitMs = MIME_LIMIT_MS) {
    this.thread = new TimedThread(WORKER_SCRIPT, () => ({ mailparser: createRequire(import.meta.url).resolve('mailparser'), options: MIME_OPTIONS }), limitMs);
  }

  /** The mail read, its text part cut at `textChars` characters. */
  async parse(bytes: SharedBytes, textChars: number): Promise<MimeResult> {
    const answer = await this.thread.run({ ...bytes.handover, textChars });
    // Past the limit, or the thread failed: the bytes are joined here, the one time the loop copies them.
    if (answer === null) return { raw: bytes.toBuffer(), digest: null, late: true };
    // A Buffer crosses the thread as a plain Uint8Array: made a Buffer again (no copy), as readMail reads it.
    const buffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
    if ('mail' in answer) for (const a of answer.mail.attachments) a.content = buffer(a.content);
    return { ...answer, raw: buffer(answer.raw) };
  }

  get limitMs(): number {
    return this.thread.limitMs;
  }
}

/** The server's one MIME thread, started with the first mail. */
export const mimeThread = new MimeThread();
