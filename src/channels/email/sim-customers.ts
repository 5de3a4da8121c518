import nodemailer, { type Transporter } from 'nodemailer';
import type { Clock, Random, TimerHandle } from '../../core/clock.js';
import type { CaptureRelay } from './capture-relay.js';
import type { ReadMail } from './parse.js';

/**
 * Simulated customers for the demo: real SMTP clients (nodemailer) of
 * switchboard's own listener, as a centre's MTA would be. A few mails an
 * hour arrive at the queues' addresses, now and then with an attachment or
 * as HTML only; when an agent's reply reaches the demo's capture relay, its
 * customer sometimes answers it (threaded by In-Reply-To and References, so
 * the conversation continues). Waiting runs on the injected clock.
 */

interface EmailScript {
  subject: string;
  text: string;
  html?: boolean;
  attachment?: { filename: string; content: string };
  followUps: string[];
}

const SCRIPTS: EmailScript[] = [
  {
    subject: 'Invoice 2291 charged twice',
    text: 'Hello,\n\nmy card was charged twice for invoice 2291 (12 March). Could you refund one of the payments?\n\nThanks,',
    attachment: { filename: 'bank-statement.txt', content: '12 Mar  SWITCHBOARD DEMO  49.00\n12 Mar  SWITCHBOARD DEMO  49.00\n' },
    followUps: ['Thank you, I can see the refund now.', 'How long does the refund usually take?'],
  },
  {
    subject: 'Cannot log in to my account',
    text: 'Hi,\n\nsince this morning the login page says my password is wrong, although I reset it twice.\nCan you help?\n',
    followUps: ['That worked, thanks a lot!', 'Still the same error, I am afraid.'],
  },
  {
    subject: 'Change of delivery address',
    text: '<p>Good afternoon,</p><p>please send order <b>#55120</b> to my office instead:<br>4 Harbour Street, Leith.</p><p>Kind regards</p>',
    html: true,
    followUps: ['Perfect, thank you.'],
  },
  {
    subject: 'Question about the premium plan',
    text: 'Hello,\n\ndoes the premium plan include phone support at weekends? And can I switch back to basic at any time?\n\nBest,',
    followUps: ['Great, then I will upgrade today.', 'And is there a discount for a yearly plan?'],
  },
];

const NAMES = ['Olivia Brown', 'Noah Wilson', 'Amelia Clark', 'Leo Martin', 'Isla Walker', 'Oscar Hughes', 'Freya Lewis', 'Arthur Green'];

export interface EmailSimOptions {
  listener: { host: string; port: number };
  /** The queues' addresses the customers write to. */
  addresses: string[];
  /** The demo's capture relay: replies to simulated customers are answered from here. */
  relay: CaptureRelay | null;
  clock: Clock;
  random: Random;
  perHour: number;
  log?: (line: string) => void;
}

export class EmailSimulator {
  private readonly transport: Transporter;
  private arrival: TimerHandle | null = null;
  private readonly pending = new Set<TimerHandle>();
  private unsubscribe: (() => void) | null = null;
  private running = false;
  /** Mails sent so far (tests and the log). */
  sent = 0;

  constructor(private readonly options: EmailSimOptions) {
    this.transport = nodemailer.createTransport({ host: options.listener.host, port: options.listener.port, secure: false, ignoreTLS: true });
  }

  start(): void {
    if (this.running || this.options.perHour <= 0 || this.options.addresses.length === 0) return;
    this.running = true;
    this.unsubscribe = this.options.relay?.onMail((mail) => this.answer(mail)) ?? null;
    this.scheduleArrival();
  }

  stop(): void {
    this.running = false;
    if (this.arrival) this.options.clock.clearTimer(this.arrival);
    for (const t of this.pending) this.options.clock.clearTimer(t);
    this.pending.clear();
    this.unsubscribe?.();
    this.transport.close();
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.options.random.next() * list.length)]!;
  }

  /** One customer writes now (the arrival timer, and tests). */
  async write(): Promise<void> {
    const name = this.pick(NAMES);
    const script = this.pick(SCRIPTS);
    const from = `${name.toLowerCase().replace(' ', '.')}@example.net`;
    await this.transport.sendMail({
      from: { name, address: from },
      to: this.pick(this.options.addresses),
      subject: script.subject,
      ...(script.html ? { html: script.text } : { text: `${script.text}\n${name.split(' ')[0]}` }),
      attachments: script.attachment ? [script.attachment] : [],
    });
    this.sent += 1;
  }

  /** A reply reached the relay: its customer, if simulated, answers it now and then. */
  private answer(reply: ReadMail): void {
    const to = reply.to.find((a) => a.endsWith('@example.net'));
    if (!this.running || !to || this.options.random.next() < 0.4) return;
    const script = SCRIPTS.find((s) => reply.subject.includes(s.subject));
    const text = script ? this.pick(script.followUps) : 'Thank you for your answer.';
    const wait = 60_000 + this.options.random.next() * 4 * 60_000;
    const timer = this.options.clock.setTimer(wait, () => {
      this.pending.delete(timer);
      const quoted = reply.text.split('\n').map((l) => `> ${l}`).join('\n');
      void this.transport
        .sendMail({
          from: to,
          to: reply.from.address,
          subject: reply.subject.startsWith('Re:') ? reply.subject : `Re: ${reply.subject}`,
          text: `${text}\n\nOn ${new Date(this.options.clock.now()).toUTCString()}, ${reply.from.name || reply.from.address} wrote:\n${quoted}`,
          inReplyTo: reply.messageId,
          references: [...reply.references, reply.messageId],
        })
        .then(
          () => (this.sent += 1),
          (e: Error) => this.options.log?.(`simulated customer could not answer: ${e.message}`),
        );
    });
    this.pending.add(timer);
  }

  /** Arrivals spread around the mean gap (half to one and a half of it). */
  private scheduleArrival(): void {
    const gap = (3_600_000 / this.options.perHour) * (0.5 + this.options.random.next());
    this.arrival = this.options.clock.setTimer(gap, () => {
      if (!this.running) return;
      this.write().catch((e: Error) => this.options.log?.(`simulated customer could not write: ${e.message}`));
      this.scheduleArrival();
    });
  }
}
