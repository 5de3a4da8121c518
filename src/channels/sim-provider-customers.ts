import type { Clock, Random, TimerHandle } from '../core/clock.js';
import type { FakeMessenger } from './facebook/fake-graph-api.js';
import { inventVisitor, SURVEY_COMMENTS, type ChatScript } from './livechat/sim-scripts.js';
import type { FakeTwilio } from './sms/fake-twilio.js';
import type { FakeWhatsappCloud } from './whatsapp/fake-cloud-api.js';

/** The demo's fake providers: the customers write through them, as real ones would through the real providers. */
export interface DemoProviders {
  whatsapp: FakeWhatsappCloud;
  facebook: FakeMessenger;
  sms: FakeTwilio;
}

type Channel = keyof DemoProviders;

interface SimCustomer {
  channel: Channel;
  address: string;
  name: string;
  script: ChatScript;
  step: number;
}

/** A 1x1 PNG: what a simulated WhatsApp customer sends as a photo. */
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkaPhfDwAEhAHAv2oZ4wAAAABJRU5ErkJggg==', 'base64');

/**
 * Simulated customers of the demo writing over WhatsApp, Messenger and SMS.
 * They go through the fake providers, which post signed webhooks to the
 * server's real /hooks endpoints, as Meta and Twilio would; they answer the
 * agents' replies (which the fakes took from the outbox) after a pause,
 * with a script, and answer the text survey with a score. All timing on the
 * injected clock.
 */
export class ProviderCustomerSimulator {
  private readonly customers = new Map<string, SimCustomer>();
  private readonly timers = new Set<TimerHandle>();
  private arrival: TimerHandle | null = null;
  private running = false;
  private count = 0;

  constructor(
    private readonly providers: DemoProviders,
    private readonly options: { clock: Clock; random: Random; perHour: number; log?: (line: string) => void },
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    for (const channel of Object.keys(this.providers) as Channel[]) this.providers[channel].onSend = (to, text) => this.agentWrote(channel, to, text);
    if (this.options.perHour > 0) this.scheduleArrival();
  }

  stop(): void {
    this.running = false;
    if (this.arrival) this.options.clock.clearTimer(this.arrival);
    for (const t of this.timers) this.options.clock.clearTimer(t);
    this.timers.clear();
    for (const p of Object.values(this.providers)) p.onSend = null;
  }

  /** A new customer writes now, on `channel` (or one picked at random). */
  arrive(channel?: Channel): void {
    const r = () => this.options.random.next();
    const on = channel ?? (['whatsapp', 'facebook', 'sms'] as const)[Math.floor(r() * 3)]!;
    const who = inventVisitor(r);
    const n = String(++this.count).padStart(3, '0');
    const address = on === 'facebook' ? `70000000000${n}${Math.floor(r() * 900 + 100)}` : `4477009${Math.floor(r() * 90 + 10)}${n}`;
    const customer: SimCustomer = { channel: on, address, name: who.name, script: who.script, step: 0 };
    this.customers.set(`${on}:${address}`, customer);
    this.write(customer, who.script.opening);
    // Now and then a WhatsApp customer shows what they mean.
    if (on === 'whatsapp' && r() < 0.3) this.later(1500, () => this.providers.whatsapp.customerWrites({ from: address, name: who.name, media: { kind: 'image', bytes: PHOTO, type: 'image/png', caption: 'This is what I see.' } }));
  }

  private agentWrote(channel: Channel, to: string, text: string): void {
    const key = channel === 'sms' ? `${channel}:${to.replace(/^\+/, '')}` : `${channel}:${to}`;
    const customer = this.customers.get(key);
    if (!customer || !this.running) return;
    const r = this.options.random.next();
    if (text.startsWith('How would you rate')) {
      this.customers.delete(key);
      const comment = SURVEY_COMMENTS[Math.floor(r * SURVEY_COMMENTS.length)]!;
      this.later(3000 + r * 5000, () => this.write(customer, `${7 + Math.floor(r * 4)}${comment ? ` ${comment}` : ''}`));
      return;
    }
    const { script } = customer;
    const next = customer.step < script.answers.length ? script.answers[customer.step] : customer.step === script.answers.length ? script.thanks : null;
    customer.step++;
    if (next) this.later(4000 + r * 8000, () => this.write(customer, next));
  }

  private write(c: SimCustomer, text: string): void {
    try {
      if (c.channel === 'whatsapp') this.providers.whatsapp.customerWrites({ from: c.address, name: c.name, text });
      else if (c.channel === 'facebook') {
        this.providers.facebook.profiles.set(c.address, { first_name: c.name.split(' ')[0]!, last_name: c.name.split(' ').slice(1).join(' ') });
        this.providers.facebook.customerWrites({ psid: c.address, text });
      } else this.providers.sms.customerWrites({ from: `+${c.address}`, body: text });
    } catch (e) {
      this.options.log?.(`simulated ${c.channel} customer could not write: ${(e as Error).message}`);
    }
  }

  private later(ms: number, work: () => void): void {
    const timer = this.options.clock.setTimer(ms, () => {
      this.timers.delete(timer);
      if (this.running) work();
    });
    this.timers.add(timer);
  }

  private scheduleArrival(): void {
    const gap = (3_600_000 / this.options.perHour) * (0.5 + this.options.random.next());
    this.arrival = this.options.clock.setTimer(gap, () => {
      if (!this.running) return;
      this.arrive();
      this.scheduleArrival();
    });
  }
}
