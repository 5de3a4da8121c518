import type { FacebookConfig } from '../../core/config/provider-channels.js';
import type { Conversation, Message, OutboxItem } from '../../core/protocol/model.js';
import type { SendOutcome } from '../outbox/sender.js';
import { callbackKey } from '../provider/callback-key.js';
import { ProviderSender } from '../provider/provider-sender.js';
import type { MediaPort } from '../provider/media.js';
import type { GraphApi } from './graph-api.js';
import { readFacebookThread } from './read-notification.js';

/**
 * Messenger's way out of the outbox: a text or one file per item (the core
 * splits a message with files), from the page the customer wrote to, with
 * the outbox item in `metadata` so that its echo names it. After the first
 * 24 hours the core has put Messenger's HUMAN_AGENT tag on it (or
 * CUSTOMER_FEEDBACK on a survey): it goes as MESSAGE_TAG.
 */
export class FacebookSender extends ProviderSender {
  readonly channel = 'facebook' as const;

  constructor(
    private readonly config: FacebookConfig,
    private readonly api: GraphApi,
    private readonly media: MediaPort,
  ) {
    super(config);
  }

  send(item: OutboxItem, message: Message, conversation: Conversation): Promise<SendOutcome> {
    const thread = readFacebookThread(conversation.externalRef);
    if (!thread) return Promise.resolve({ kind: 'failed', reason: 'This conversation has no Messenger thread to answer in.' });
    const tag = typeof item.extra.tag === 'string' ? item.extra.tag : null;
    const file = message.attachments[0];
    let content: Record<string, unknown>;
    if (file) {
      const url = this.media.link(file.id);
      if (!url) return Promise.resolve({ kind: 'failed', reason: `Messenger could not be given ${file.name}: this server has no public address for providers to fetch files from.` });
      const type = file.type.startsWith('image/') ? 'image' : file.type.startsWith('video/') ? 'video' : file.type.startsWith('audio/') ? 'audio' : 'file';
      content = { attachment: { type, payload: { url, is_reusable: false } } };
    } else {
      content = { text: message.text };
    }
    return this.api.send(thread.pageId, {
      recipient: { id: thread.psid },
      messaging_type: tag ? 'MESSAGE_TAG' : 'RESPONSE',
      ...(tag ? { tag } : {}),
      message: { ...content, metadata: callbackKey(item) },
    });
  }
}
