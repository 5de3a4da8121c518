import type { InboundMessage } from '../../core/messaging/inbound.js';
import type { HandlerContext } from '../../core/context.js';
import type { ProviderChannel } from '../../core/protocol/model.js';
import type { ChannelDeps } from './channel.js';
import { refusal, type HookAnswer } from './hook.js';
import { draftsToKeep } from './draft-text.js';
import { discardUnkept, fetchMedia, takeIn, type InboundDraft, type Taken } from './ingest.js';
import { applyStatus, type ProviderStatus } from './status.js';

/**
 * One webhook's worth of customers' messages and statuses, taken in as one
 * transaction (committed with whatever else arrives in the same turn: the
 * engine's group commit) and answered only once committed. A failure to
 * keep it is answered 500, so the provider sends it again; the ids it
 * carries make the second delivery count once. A webhook the core refuses
 * undoes only itself, not the others of its turn.
 */
export async function takeBatch(
  deps: ChannelDeps,
  channel: ProviderChannel,
  drafts: InboundDraft[],
  statuses: ProviderStatus[],
  answered: HookAnswer,
  more?: (ctx: HandlerContext) => void,
): Promise<HookAnswer> {
  const messages: InboundMessage[] = await fetchMedia(deps.engine, channel, draftsToKeep(channel, drafts, deps.log), deps.media);
  let taken: Taken[];
  try {
    taken = await deps.engine.runGrouped((ctx) => {
      const each = messages.map((m) => takeIn(ctx, m));
      for (const s of statuses) applyStatus(ctx, channel, s);
      more?.(ctx);
      return each;
    });
  } catch (e) {
    discardUnkept(deps.engine, messages, deps.media);
    deps.log(`${channel} webhook not kept (the provider will send it again): ${(e as Error).message}`);
    return refusal(500, 'STORE_FAILED', 'The notification could not be kept; send it again.');
  }
  // A provider that retries before we answered (a slow media download) posts the same message
  // twice at once: both fetch its files, one is kept, the other's copies would stay on disk.
  discardUnkept(deps.engine, messages.filter((_, i) => taken[i] !== 'taken'), deps.media);
  for (const m of messages.filter((_, i) => taken[i] === 'banned')) deps.log(`${channel}: a message from banned customer ${m.customer.id} was not kept`);
  return answered;
}
