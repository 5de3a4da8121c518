// The webhook-outbox ledger: agents' replies to WhatsApp, Messenger and SMS
// customers, keyed by their unique text, counted where they end up - at the
// providers (the harness's fakes, which outlive every kill). An acknowledged
// reply must reach its provider exactly once, whatever the kills did to its
// outbox item (sent, being sent, unsure after a restart and settled by the
// provider's callback); one nobody acknowledged may arrive once, never twice.
import { Ledger } from './ledger.mjs';

export class ProviderDeliveryLedger extends Ledger {
  constructor(fakes) {
    super('webhook-outbox: replies handed to the providers');
    this.fakes = fakes;
  }

  counts() {
    return this.fakes.deliveredTexts();
  }

  /** Every acknowledged reply has reached its provider (the wind-down waits for it). */
  allDelivered() {
    const counts = this.counts();
    return [...this.acknowledged.keys()].every((k) => counts.has(k));
  }
}
