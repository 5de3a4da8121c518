import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { parseConfig } from '../../src/core/config/parse.js';
import type { RunningServer } from '../../src/server/runtime.js';
import type { Conversation, Message } from '../../src/core/protocol/model.js';
import { onCleanup, startTestServer, tempDir } from './support.js';
import { FakeClock, SeededRandom } from '../fake-clock.js';
import { allMessages } from '../helpers.js';

/**
 * The email tests' pieces: a centre with two queues that take email, a
 * relay that is a real smtp-server on 127.0.0.1 (it records what it is
 * given, or refuses as told), and nodemailer as the customers' MTA talking
 * to switchboard's own listener.
 */

export function emailConfig(extra = '', listener = 'listener: { port: 0, perMinute: 50 }') {
  return `
center: { name: Mail Test, timeZone: Europe/London }
security: { uploads: { conversationMb: 1 } }
messagingQueues:
  - { id: support, name: Support, channels: [email, livechat] }
  - { id: sales, name: Sales, channels: [email] }
  - { id: chat, name: Chat, channels: [livechat] }
agents:
  - { number: "2001", name: Ana Lima, email: a@x.io, pin: "2001", password: pass, messagingQueues: [support, sales], capacity: { email: 5 } }
  - { number: "2002", name: Ben Cole, email: b@x.io, pin: "2002", password: pass, messagingQueues: [support], capacity: { email: 5 } }
email:
  addresses:
    - { address: help@mail.test, queue: support }
    - { address: sales@mail.test, queue: sales }
  domain: mail.test
  maxMessageMb: 1
  maxAttachmentMb: 0.2
  ${listener}
  signatureTemplates:
    - { name: Plain, text: "{{agent.name}}\\n{{queue.name}}" }
${extra}`;
}

/** What the test relay was handed: the envelope and the mail as parsed. */
export interface Relayed {
  from: string;
  to: string[];
  raw: Buffer;
  mail: ParsedMail;
}

/** A relay on 127.0.0.1 (smtp-server): keeps what it takes, or answers with `refuse` while set. */
export async function startRelay(options: { auth?: { user: string; pass: string }; port?: number } = {}) {
  const got: Relayed[] = [];
  let refuse: { code: number; text: string } | null = null;
  const waiters: Array<() => void> = [];
  const server = new SMTPServer({
    disabledCommands: options.auth ? ['STARTTLS'] : ['AUTH', 'STARTTLS'],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    logger: false,
    // A pooled client keeps its connection open: closing must not wait for it.
    closeTimeout: 200,
    onAuth: (auth, _s, cb) => (auth.username === options.auth?.user && auth.password === options.auth?.pass ? cb(null, { user: auth.username }) : cb(new Error('bad'))),
    onData: (stream, session: SMTPServerSession, cb) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.once('end', () => {
        if (refuse) return cb(Object.assign(new Error(refuse.text), { responseCode: refuse.code }));
        const raw = Buffer.concat(chunks);
        void simpleParser(raw).then((mail) => {
          got.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw, mail });
          cb(null, `2.0.0 Ok: queued as Q${got.length}`);
          waiters.splice(0).forEach((w) => w());
        });
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  onCleanup(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    port,
    got,
    refuse(code: number, text: string) {
      refuse = { code, text };
    },
    accept() {
      refuse = null;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    /** Resolves once `n` mails have arrived. */
    async count(n: number, ms = 5000) {
      const until = Date.now() + ms;
      while (got.length < n) {
        if (Date.now() > until) throw new Error(`the relay has ${got.length} mails, ${n} were expected`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 50);
        });
      }
      return got;
    },
  };
}

export async function startMailCentre(
  options: {
    extra?: string;
    relayPort?: number;
    relayExtra?: string;
    dataDir?: string;
    clock?: FakeClock;
    listener?: string;
    env?: NodeJS.ProcessEnv;
    seed?: number;
    /** Changes to the configuration's YAML (its limits, say). */
    edit?: (yaml: string) => string;
  } = {},
) {
  const relay = options.relayPort ? `  relay: { host: 127.0.0.1, port: ${options.relayPort}, connections: 2${options.relayExtra ?? ''} }\n` : '';
  const yaml = emailConfig(`${relay}${options.extra ?? ''}`, options.listener);
  const config = parseConfig(options.edit ? options.edit(yaml) : yaml, 'mail.yaml');
  const clock = options.clock ?? new FakeClock('2026-01-05T10:00:00Z');
  const server = await startTestServer({ config, clock, random: new SeededRandom(options.seed ?? 7), dataDir: options.dataDir ?? tempDir(), outbox: { baseDelayMs: 1000, maxDelayMs: 60_000 }, email: { env: options.env ?? {} } });
  const smtp = server.email!.listener!.address;
  const mta = nodemailer.createTransport({ host: smtp.host, port: smtp.port, secure: false, ignoreTLS: true, pool: false });
  onCleanup(() => mta.close());
  return { server, clock, smtp, mta };
}

export const conversations = (server: RunningServer): Conversation[] => [...server.engine.state.all('conversation')].filter((c) => c.channel === 'email');
export const messagesOf = (server: RunningServer, conversation: string): Message[] =>
  allMessages(server.engine).filter((m) => m.conversation === conversation).sort((a, b) => a.at - b.at);

/** Wait until `check` holds (a guard against a hang, not a measurement). */
export async function until<T>(check: () => T | undefined | null | false, what: string, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
