import type { HandlerContext } from '../../core/context.js';
import { confirm, deliveryReport } from '../../core/messaging/outbox.js';
import type { DeliveryStatus, ProviderChannel } from '../../core/protocol/model.js';
import type { CallbackKey } from './callback-key.js';

/** A provider's word on one of our messages: its id there, and how far it has got. */
export interface ProviderStatus {
  /** What we gave the provider to carry back, when it did. */
  key: CallbackKey | null;
  externalId: string;
  status: Exclude<DeliveryStatus, 'queued'>;
  /** The reason, for a failure. */
  detail: string | null;
}

/**
 * Apply a status callback: when it names an outbox item that still waits
 * (a crash mid-send left it unsure, or the provider was quicker than its own
 * answer), the item is confirmed as sent, so it is never sent again; then the
 * message's delivery moves forward (sent < delivered < read; failed with the
 * reason). A status for a message we do not know changes nothing.
 */
export function applyStatus(ctx: HandlerContext, channel: ProviderChannel, s: ProviderStatus): boolean {
  if (s.key && ctx.state.get('outbox', s.key.item)?.message === s.key.message) confirm(ctx, s.key.item, s.externalId);
  return deliveryReport(ctx, channel, s.externalId, s.status, s.detail);
}
