import type { Call } from '../model.js';
import type { State } from '../state/state.js';
import type { Transaction } from '../transaction.js';

/** Finds the call a telephony leg belongs to without scanning every call. */
export class LegIndex {
  private readonly byLeg = new Map<string, string>();

  constructor(private readonly state: State) {}

  rebuild(): void {
    for (const call of this.state.all('call')) this.index(null, call);
  }

  update(tx: Transaction): void {
    for (const { kind, prev, next } of tx.touched) if (kind === 'call') this.index(prev as Call | null, next as Call | null);
  }

  callOf(legId: string): Call | undefined {
    const id = this.byLeg.get(legId);
    return id ? this.state.call(id) : undefined;
  }

  private index(prev: Call | null, next: Call | null): void {
    if (prev) {
      this.byLeg.delete(prev.customerLeg);
      if (prev.agentLeg) this.byLeg.delete(prev.agentLeg);
    }
    if (next) {
      this.byLeg.set(next.customerLeg, next.id);
      if (next.agentLeg) this.byLeg.set(next.agentLeg, next.id);
    }
  }
}
