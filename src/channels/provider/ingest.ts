import type { HandlerContext } from '../../core/context.js';
import type { Engine } from '../../core/engine.js';
import { activeBan } from '../../core/messaging/bans.js';
import { receiveInbound, type InboundMessage } from '../../core/messaging/inbound.js';
import type { Attachment, ProviderChannel } from '../../core/protocol/model.js';
import { registerMedia, type MediaPort } from './media.js';

/** A file the customer sent, still at the provider: fetched before the message is kept. */
export interface MediaRef {
  /** "Photo", "Voice note", ... for the sentence when it cannot be fetched. */
  label: string;
  fetch(): Promise<{ bytes: Buffer; type: string; name: string }>;
}

/** A customer's message as the adapter read it from the payload, its files not yet fetched. */
export interface InboundDraft extends Omit<InboundMessage, 'attachments'> {
  media: MediaRef[];
}

export type Taken = 'taken' | 'duplicate' | 'banned';

/**
 * Fetch what the drafts' files are (a message the provider sends again is
 * not fetched again) into the file store. A file that cannot be fetched does
 * not hold the message back: the message says what was not received and why.
 */
export async function fetchMedia(engine: Engine, channel: ProviderChannel, drafts: InboundDraft[], media: MediaPort): Promise<InboundMessage[]> {
  return Promise.all(
    drafts.map(async (d) => {
      if (d.media.length === 0 || engine.state.get('inboundKey', `${channel}:${d.externalId}`)) return { ...d, attachments: [] };
      const attachments: Attachment[] = [];
      const missing: string[] = [];
      for (const ref of d.media) {
        try {
          const file = await ref.fetch();
          attachments.push(await media.store(file.name, file.type, file.bytes));
        } catch (e) {
          missing.push(`[${ref.label} not received: ${(e as Error).message}]`);
        }
      }
      const text = [d.text, ...missing].filter(Boolean).join('\n');
      return { ...d, text, attachments };
    }),
  );
}

/**
 * Take one customer message in, in the caller's transaction: a banned
 * customer's message is not kept (the provider is still answered, so it
 * does not retry), one already taken is not taken again, and the files it
 * carries become known with it.
 */
export function takeIn(ctx: HandlerContext, m: InboundMessage): Taken {
  if (ctx.state.get('inboundKey', `${m.channel}:${m.externalId}`)) return 'duplicate';
  if (activeBan(ctx, m.customer.id)) return 'banned';
  for (const a of m.attachments) registerMedia(ctx, m.channel, a);
  receiveInbound(ctx, m);
  return 'taken';
}

/** Bytes stored for messages that were not kept (banned, taken before, or the commit failed): no file names them. */
export function discardUnkept(engine: Engine, messages: InboundMessage[], media: MediaPort): void {
  for (const m of messages) for (const a of m.attachments) if (!engine.state.get('file', a.id)) media.discard(a.id);
}
