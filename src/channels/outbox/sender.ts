import type { Clock, TimerHandle } from '../../core/clock.js';
import type { Engine } from '../../core/engine.js';
import { claim, contentOf, markFailed, markRetry, markSent, markUnsure, waitingItems } from '../../core/messaging/outbox.js';
import type { Conversation, Message, OutboxItem, ProviderChannel } from '../../core/protocol/model.js';
import { CountByKey } from '../../core/limits/count-by-key.js';

/** What became of one attempt to hand a message to its provider. */
export type SendOutcome =
  /** The provider took it. `externalId` is how its callbacks will name the message; `detail` its answer in words. */
  | { kind: 'sent'; externalId: string | null; detail: string | null }
  /** Not now (the provider is down, busy, a 5xx): try again later, sooner if the provider said when. */
  | { kind: 'retry'; reason: string; afterMs?: number }
  /** Never (refused: a 4xx, a closed reply window, a bad address): the agent sees the reason. */
  | { kind: 'failed'; reason: string };

/** One channel's way out: an adapter of src/channels (email over SMTP, SMS, WhatsApp, Facebook). */
export interface ChannelSender {
  readonly channel: ProviderChannel;
  /** At most this many of its messages on their way at once. */
  readonly concurrency: number;
  /**
   * After a restart, how long a message that was being sent waits for the
   * provider's own word that it arrived (a callback naming the outbox item)
   * before it is sent again. 0: no provider callback can name it, send again at once.
   */
  readonly unsureGraceMs: number;
  /** Hand one message to the provider. Never throws: a thrown error counts as a retry with its message. */
  send(item: OutboxItem, message: Message, conversation: Conversation): Promise<SendOutcome>;
}

export interface OutboxSenderOptions {
  /** First wait after a failed attempt; it doubles each time, up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A message still not sent this long after it was written fails for good. */
  giveUpAfterMs?: number;
  log?: (line: string) => void;
}

const DEFAULTS = { baseDelayMs: 2_000, maxDelayMs: 15 * 60_000, giveUpAfterMs: 48 * 3600_000 };
/** How long a shutdown waits for the providers' answers to messages on their way. */
const STOP_WAIT_MS = 5_000;
/** When a channel has no sender configured, its messages wait and say so; looked at again after this long. */
const UNCONFIGURED_WAIT_MS = 3600_000;

/**
 * Delivers the outbox (core/messaging/outbox.ts): takes what is due, hands
 * it to its channel's sender, and commits what became of it. Each step is a
 * transaction of the engine, so a crash at any point leaves the item where
 * the log says: queued, or `sending` (perhaps sent: after the restart it is
 * `unsure` and waits for the provider's callback before it goes again).
 * Wakes when an item is written, and at the next item's time.
 */
export class OutboxSender {
  private readonly senders = new Map<ProviderChannel, ChannelSender>();
  private readonly busy = new CountByKey<ProviderChannel>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly settings: typeof DEFAULTS;
  private timer: TimerHandle | null = null;
  private timerAt = Infinity;
  private unsubscribe: (() => void) | null = null;
  private stopped = false;
  private pumping = false;
  private soon = false;

  constructor(
    private readonly engine: Engine,
    private readonly clock: Clock,
    senders: ChannelSender[],
    private readonly options: OutboxSenderOptions = {},
  ) {
    for (const s of senders) this.senders.set(s.channel, s);
    this.settings = { ...DEFAULTS, ...options };
  }

  start(): void {
    const unsure = this.engine.run((ctx) => markUnsure(ctx, (channel) => this.senders.get(channel)?.unsureGraceMs ?? 0));
    if (unsure > 0) this.log(`${unsure} outgoing message(s) were being sent when the server stopped: each waits for its provider's word before it is sent again`);
    this.unsubscribe = this.engine.subscribe((events) => {
      if (events.some((e) => e.ev === 'outbox.updated')) this.wake(this.clock.now());
    });
    this.pump();
  }

  /**
   * Stop taking work; resolves once the messages on their way have their
   * answers, or after STOP_WAIT_MS (a provider that never answers must not
   * hold a shutdown): those stay `sending`, and the next start treats them as unsure.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) this.clock.clearTimer(this.timer);
    this.timer = null;
    let waited: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((resolve) => (waited = setTimeout(resolve, STOP_WAIT_MS)))]);
    clearTimeout(waited);
  }

  /** Messages on their way to a provider right now. */
  sending(): number {
    return this.inFlight.size;
  }

  private pump(): void {
    if (this.stopped || this.pumping) return;
    this.pumping = true;
    try {
      const now = this.clock.now();
      let next = Infinity;
      for (const item of waitingItems(this.engine)) {
        if (item.nextAt > now) {
          // Soonest first: the rest are later still.
          next = item.nextAt;
          break;
        }
        const sender = this.senders.get(item.channel);
        if (!sender) {
          this.settle(item, { kind: 'retry', reason: `No way to send ${item.channel} messages is configured on this server.`, afterMs: UNCONFIGURED_WAIT_MS });
          continue;
        }
        if (this.busy.isFull(item.channel, sender.concurrency)) continue;
        this.begin(item, sender);
      }
      if (next < Infinity) this.wake(next);
    } finally {
      this.pumping = false;
    }
  }

  private begin(item: OutboxItem, sender: ChannelSender): void {
    let claimed: OutboxItem;
    let content: { message: Message; conversation: Conversation } | null = null;
    try {
      claimed = this.engine.run((ctx) => {
        const taken = claim(ctx, item.id);
        content = contentOf(ctx, taken);
        return taken;
      });
    } catch (e) {
      this.log(`outbox: could not take ${item.id}: ${(e as Error).message}`);
      return;
    }
    if (!content) {
      this.settle(claimed, { kind: 'failed', reason: 'The message or its conversation no longer exists.' });
      return;
    }
    const { message, conversation } = content;
    this.busy.add(item.channel);
    const attempt = sender
      .send(claimed, message, conversation)
      .catch((e: unknown): SendOutcome => ({ kind: 'retry', reason: (e as Error)?.message ?? String(e) }))
      .then((outcome) => {
        this.busy.remove(item.channel);
        // Once stopped, the engine may be closing: the item stays `sending`, and the next start knows what that means.
        if (!this.stopped) this.settle(claimed, outcome);
      })
      .finally(() => {
        this.inFlight.delete(attempt);
        if (!this.stopped) this.wake(this.clock.now());
      });
    this.inFlight.add(attempt);
  }

  private settle(item: OutboxItem, outcome: SendOutcome): void {
    const now = this.clock.now();
    try {
      this.engine.run((ctx) => {
        if (outcome.kind === 'sent') return markSent(ctx, item.id, outcome.externalId, outcome.detail);
        if (outcome.kind === 'failed') return markFailed(ctx, item.id, outcome.reason);
        if (now - item.createdAt >= this.settings.giveUpAfterMs)
          return markFailed(ctx, item.id, `Not sent after ${item.attempts} tries over ${Math.round((now - item.createdAt) / 3600_000)} hours: ${outcome.reason}`);
        const wait = outcome.afterMs ?? this.backoff(item.attempts);
        markRetry(ctx, item.id, `${outcome.reason} Trying again at ${new Date(now + wait).toISOString().slice(11, 16)} UTC.`, now + wait);
      });
    } catch (e) {
      this.log(`outbox: could not record what became of ${item.id}: ${(e as Error).message}`);
    }
  }

  /** Doubling waits with a little jitter, so a relay that comes back is not hit by every message at once. */
  private backoff(attempts: number): number {
    const plain = Math.min(this.settings.maxDelayMs, this.settings.baseDelayMs * 2 ** Math.max(0, attempts - 1));
    return Math.round(plain * (0.9 + Math.random() * 0.2));
  }

  private wake(at: number): void {
    if (this.stopped) return;
    if (at <= this.clock.now()) {
      // Now: on the next turn of the event loop (whatever the clock), after the transaction that woke it.
      if (!this.soon) {
        this.soon = true;
        setImmediate(() => {
          this.soon = false;
          this.pump();
        });
      }
      return;
    }
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) this.clock.clearTimer(this.timer);
    this.timerAt = at;
    this.timer = this.clock.setTimer(Math.max(0, at - this.clock.now()), () => {
      this.timer = null;
      this.timerAt = Infinity;
      this.pump();
    });
  }

  private log(line: string): void {
    this.options.log?.(line);
  }
}
