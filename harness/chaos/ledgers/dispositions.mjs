// Dispositions: keyed by call id. The store's log records a disposition as a
// `call.updated` event with reason "disposed"; one per call, ever.
import { Ledger } from './ledger.mjs';

export class DispositionLedger extends Ledger {
  constructor() {
    super('dispositions');
  }

  ours() {
    // Every call of the shift is ours: no call may be disposed twice, acknowledged or not.
    return true;
  }

  counts(store) {
    const counts = new Map();
    for (const e of store.events('call.updated')) {
      if (e.data.reason !== 'disposed') continue;
      const id = e.data.call?.id;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  }
}
