import type { OutboxItem } from '../../core/protocol/model.js';

/**
 * What we give a provider to carry back in its callbacks (WhatsApp's
 * biz_opaque_callback_data, Messenger's metadata, a parameter of Twilio's
 * StatusCallback URL): the outbox item and the message. The item's id lets
 * a callback `confirm` an item left unsure by a crash mid-send; the
 * message's id tells our own echo from a reply written elsewhere, even
 * after the item is gone.
 */
const PREFIX = 'sb1';

export interface CallbackKey {
  item: string;
  message: string;
}

export function callbackKey(item: Pick<OutboxItem, 'id' | 'message'>): string {
  return `${PREFIX}:${item.id}:${item.message}`;
}

export function readCallbackKey(text: unknown): CallbackKey | null {
  if (typeof text !== 'string' || text.length > 300) return null;
  const m = /^sb1:([A-Za-z0-9_-]{1,100}):([A-Za-z0-9_-]{1,100})$/.exec(text);
  return m ? { item: m[1]!, message: m[2]! } : null;
}
