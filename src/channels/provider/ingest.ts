import type { HandlerContext } from '../../core/context.js';
import type { Engine } from '../../core/engine.js';
import { activeBan } from '../../core/messaging/bans.js';
import { receiveInbound, type InboundMessage } from '../../core/messaging/inbound.js';
import type { Attachment, ProviderChannel } from '../../core/protocol/model.js';
import { downloadFailure } from './download-failure.js';
import { registerMedia, type MediaPort } from './media.js';

/** A file the customer sent, still at the provider: fetched before the message is kept. */
export interface MediaRef {
  /** "Photo", "Voice note", ... for the sentence when it cannot be fetched. */
  label: string;
  /** Aborted when the webhook can wait no longer (MEDIA_DEADLINE_MS): stop downloading. */
  fetch(signal: AbortSignal): Promise<{ bytes: Buffer; type: string; name: string }>;
}

/** A customer's message as the adapter read it from the payload, its files not yet fetched. */
export interface InboundDraft extends Omit<InboundMessage, 'attachments'> {
  media: MediaRef[];
}

export type Taken = 'taken' | 'duplicate' | 'banned';

/**
 * How long a webhook's files may take, all of them together. The provider
 * waits for our answer and the answer waits for the files: Twilio gives up
 * after 15 s and Meta sends the notification again, and each retry
 * downloads once more and holds one more request. Ten pictures fetched one
 * after another, 20 s each, held an SMS's answer up to 200 s.
 */
export const MEDIA_DEADLINE_MS = 10_000;

/**
 * Fetch what the drafts' files are (a message the provider sends again is
 * not fetched again) into the file store, all at once and within
 * MEDIA_DEADLINE_MS. A file that cannot be fetched, or not in time, does not
 * hold the message back: the message says what was not received and why.
 */
export async function fetchMedia(engine: Engine, channel: ProviderChannel, drafts: InboundDraft[], media: MediaPort): Promise<InboundMessage[]> {
  const deadline = AbortSignal.timeout(MEDIA_DEADLINE_MS);
  return Promise.all(
    drafts.map(async (d) => {
      if (d.media.length === 0 || engine.state.get('inboundKey', `${channel}:${d.externalId}`)) return { ...d, attachments: [] };
      const got = await Promise.all(
        d.media.map(async (ref) => {
          try {
            const file = await fetchBefore(ref, deadline);
            return { attachment: await media.store(file.name, file.type, file.bytes) };
          } catch (e) {
            return { missing: `[${ref.label} not received: ${(e as Error).message}]` };
          }
        }),
      );
      const attachments: Attachment[] = got.flatMap((g) => (g.attachment ? [g.attachment] : []));
      const text = [d.text, ...got.map((g) => g.missing)].filter(Boolean).join('\n');
      return { ...d, text, attachments };
    }),
  );
}

/**
 * One file, given up when the deadline passes even if the adapter's fetch
 * does not stop at once: the answer to the provider must not wait for it.
 * Bytes that arrive after are never stored.
 */
function fetchBefore(ref: MediaRef, deadline: AbortSignal): Promise<{ bytes: Buffer; type: string; name: string }> {
  return new Promise((resolve, reject) => {
    const late = () => reject(new Error(downloadFailure(deadline.reason)));
    if (deadline.aborted) return late();
    deadline.addEventListener('abort', late, { once: true });
    ref
      .fetch(deadline)
      .then(resolve, reject)
      .finally(() => deadline.removeEventListener('abort', late));
  });
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
