import type { HandlerContext } from '../context.js';
import { forgetOlderThan } from '../state/forget-older.js';
import { NOBODY } from '../protocol/audience.js';
import type { DeliveryStatus, EarlyStatus, ProviderChannel } from '../protocol/model.js';

/**
 * How long a status for a message we do not know yet is kept. Meta and
 * Twilio post statuses on their own connections, so "delivered" can come
 * before the send API's answer that tells us the message's id, or before a
 * page's echo of a message written in Facebook's tools; those come within
 * seconds, a provider's retries within hours.
 */
export const EARLY_STATUS_HOURS = 24;

/**
 * At most this many are kept; past it the oldest goes first. A WhatsApp
 * number or Twilio account shared with another sending tool gets a status
 * for every message that tool sends, none of which ever comes here: without
 * a bound each would be held for a day. A status that matters comes within
 * seconds of its message, so the oldest is the one least likely to be taken.
 */
export const EARLY_STATUSES_KEPT = 10_000;

const ORDER: Record<DeliveryStatus, number> = { queued: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

/** Keep a status whose message is not known yet: the furthest one, as a message's own delivery only moves forward. */
export function keepEarlyStatus(ctx: HandlerContext, channel: ProviderChannel, externalId: string, status: EarlyStatus['status'], detail: string | null): void {
  const id = `${channel}:${externalId}`;
  const kept = ctx.state.get('earlyStatus', id);
  if (kept && kept.status !== 'failed' && status !== 'failed' && ORDER[status] <= ORDER[kept.status]) return;
  if (kept?.status === 'failed' && status !== 'failed') return;
  if (!kept) makeRoom(ctx);
  ctx.tx.put('earlyStatus', { id, status, detail, at: ctx.clock.now() });
}

/** Forget the oldest kept statuses until one more fits under EARLY_STATUSES_KEPT. */
function makeRoom(ctx: HandlerContext): void {
  while (ctx.state.count('earlyStatus') >= EARLY_STATUSES_KEPT) {
    let oldest: EarlyStatus | undefined;
    for (const s of ctx.state.all('earlyStatus')) if (!oldest || s.at < oldest.at) oldest = s;
    ctx.tx.remove('earlyStatus', oldest!.id, NOBODY);
  }
}

/** The status kept for a message now known by its provider's id, forgotten as it is taken. */
export function takeEarlyStatus(ctx: HandlerContext, channel: string, externalId: string): EarlyStatus | undefined {
  const kept = ctx.state.get('earlyStatus', `${channel}:${externalId}`);
  if (kept) ctx.tx.remove('earlyStatus', kept.id, NOBODY);
  return kept;
}

/** Forget statuses older than EARLY_STATUS_HOURS whose message never came (sent from another system on the same number). */
export function pruneEarlyStatuses(ctx: HandlerContext): number {
  return forgetOlderThan(ctx, 'earlyStatus', ctx.clock.now() - EARLY_STATUS_HOURS * 3600_000);
}
