import type { Conversation, Message, OutboxItem, ProviderChannel } from '../../core/protocol/model.js';
import type { ChannelSender, SendOutcome } from '../outbox/sender.js';

/** What a provider channel's configuration says about its sends. */
interface SendLimits {
  concurrency: number;
  unsureGraceSeconds: number;
}

/**
 * The SMS, WhatsApp and Messenger senders: each takes how many sends may be
 * on their way at once, and how long a send cut off by a restart waits for the
 * provider's callback, from its own configuration block.
 */
export abstract class ProviderSender implements ChannelSender {
  abstract readonly channel: ProviderChannel;
  readonly concurrency: number;
  readonly unsureGraceMs: number;

  constructor(limits: SendLimits) {
    this.concurrency = limits.concurrency;
    this.unsureGraceMs = limits.unsureGraceSeconds * 1000;
  }

  abstract send(item: OutboxItem, message: Message, conversation: Conversation): Promise<SendOutcome>;
}
