import type { SmsConfig } from '../../core/config/provider-channels.js';
import type { Conversation, Message, OutboxItem } from '../../core/protocol/model.js';
import type { SendOutcome } from '../outbox/sender.js';
import { callbackKey } from '../provider/callback-key.js';
import { ProviderSender } from '../provider/provider-sender.js';
import type { MediaPort } from '../provider/media.js';
import type { TwilioApi } from './twilio-api.js';
import { readSmsThread } from './sms-webhook.js';

/**
 * SMS's way out of the outbox: one Message resource per item (long text is
 * split into segments by the provider; files go as MMS MediaUrls), from the
 * number the customer wrote to. Its StatusCallback URL carries the outbox
 * item, so the callbacks name it after a crash mid-send.
 */
export class SmsSender extends ProviderSender {
  readonly channel = 'sms' as const;

  constructor(
    private readonly config: SmsConfig,
    private readonly api: TwilioApi,
    private readonly media: MediaPort,
    private readonly publicUrl: string,
  ) {
    super(config);
  }

  send(item: OutboxItem, message: Message, conversation: Conversation): Promise<SendOutcome> {
    const thread = readSmsThread(conversation.externalRef);
    const from = thread?.ours ?? this.config.numbers.find((n) => n.queue === conversation.queue)?.number ?? this.config.numbers[0]!.number;
    const to = thread?.theirs ?? conversation.customer.phone;
    if (!to) return Promise.resolve({ kind: 'failed', reason: 'The customer has no phone number to write to.' });
    const form = new URLSearchParams({ To: to, From: from, StatusCallback: `${this.publicUrl}/hooks/sms/status?o=${encodeURIComponent(callbackKey(item))}` });
    if (message.text) form.set('Body', message.text);
    for (const file of message.attachments) {
      const link = this.media.link(file.id);
      if (!link) return Promise.resolve({ kind: 'failed', reason: `${file.name} cannot go by MMS: this server has no public address for providers to fetch files from.` });
      form.append('MediaUrl', link);
    }
    return this.api.send(form);
  }
}
