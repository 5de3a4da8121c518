import type { WhatsappConfig } from '../../core/config/provider-channels.js';
import type { Conversation, Message, OutboxItem } from '../../core/protocol/model.js';
import type { SendOutcome } from '../outbox/sender.js';
import { callbackKey } from '../provider/callback-key.js';
import { ProviderSender } from '../provider/provider-sender.js';
import type { MediaPort } from '../provider/media.js';
import type { CloudApi } from './cloud-api.js';
import { readWhatsappThread } from './read-notification.js';

/**
 * WhatsApp's way out of the outbox: one message per item (the core gives a
 * file a message of its own), sent from the number the customer wrote to,
 * carrying the outbox item in biz_opaque_callback_data so that the status
 * webhooks name it (a crash mid-send is settled by them, not by sending again).
 */
export class WhatsappSender extends ProviderSender {
  readonly channel = 'whatsapp' as const;

  constructor(
    private readonly config: WhatsappConfig,
    private readonly api: CloudApi,
    private readonly media: MediaPort,
  ) {
    super(config);
  }

  send(item: OutboxItem, message: Message, conversation: Conversation): Promise<SendOutcome> {
    const thread = readWhatsappThread(conversation.externalRef);
    const phoneNumberId = thread?.phoneNumberId ?? this.config.numbers.find((n) => n.queue === conversation.queue)?.phoneNumberId ?? this.config.numbers[0]!.phoneNumberId;
    const to = thread?.waId ?? conversation.customer.phone?.replace(/\D/g, '');
    if (!to) return Promise.resolve({ kind: 'failed', reason: 'The customer has no WhatsApp number to write to.' });
    const content = this.content(message);
    if (typeof content === 'string') return Promise.resolve({ kind: 'failed', reason: content });
    return this.api.send(phoneNumberId, { messaging_product: 'whatsapp', recipient_type: 'individual', to, biz_opaque_callback_data: callbackKey(item), ...content });
  }

  /** The message as WhatsApp types it: a template, a file by link (with the text as caption), or text; or why it cannot be. */
  private content(message: Message): Record<string, unknown> | string {
    if (message.template) {
      const { name, language, params } = message.template;
      const components = params.length > 0 ? [{ type: 'body', parameters: params.map((text) => ({ type: 'text', text })) }] : [];
      return { type: 'template', template: { name, language: { code: language }, components } };
    }
    const file = message.attachments[0];
    if (file) {
      const link = this.media.link(file.id);
      if (!link) return `WhatsApp could not be given ${file.name}: this server has no public address for providers to fetch files from.`;
      const kind = file.type.startsWith('image/') ? 'image' : file.type.startsWith('video/') ? 'video' : file.type.startsWith('audio/') ? 'audio' : 'document';
      const caption = message.text && kind !== 'audio' ? { caption: message.text } : {};
      return { type: kind, [kind]: { link, ...caption, ...(kind === 'document' ? { filename: file.name } : {}) } };
    }
    return { type: 'text', text: { body: message.text, preview_url: false } };
  }
}
