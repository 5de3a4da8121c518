// A ledger keeps what the shift's clients were told was done (acknowledged),
// keyed by what identifies its effect in the server's store, and checks after
// the shift that each acknowledged one is there exactly once: lost (0) or
// doubled (more than 1). Effects nobody acknowledged may be there once (the
// answer was lost with the server) but never twice either.
//
// A new kind of work joins the shift with a ledger of its own: a subclass that
// says how to count a key's effects in the store (count), and the worker that
// does the work calling acked(key) when the client is told it is done. The
// email and SMS outboxes of the channel issues are meant to come in this way:
// the key is the message's own text or id, count() counts the rows their
// outbox keeps for it (and a sent-to-provider record, where there is one).
export class Ledger {
  constructor(name) {
    this.name = name;
    this.acknowledged = new Map();
    this.refusals = new Map();
  }

  acked(key, detail = null) {
    this.acknowledged.set(key, detail);
  }

  /** A refusal is an answer too: not counted as lost, kept by code for the report. */
  refused(code) {
    this.refusals.set(code, (this.refusals.get(code) ?? 0) + 1);
  }

  /** How many times the store holds the effect of each key: Map key -> count. Subclasses read the store. */
  counts(_store) {
    throw new Error(`${this.name}: counts(store) is not written`);
  }

  /** Does this key belong to the shift (so a doubled one nobody acknowledged counts too)? */
  ours(key) {
    return typeof key === 'string' && key.startsWith('chaos ');
  }

  verify(store) {
    const counts = this.counts(store);
    const lost = [...this.acknowledged.keys()].filter((k) => (counts.get(k) ?? 0) === 0);
    const doubled = [...counts.entries()].filter(([k, n]) => n > 1 && (this.acknowledged.has(k) || this.ours(k))).map(([k, n]) => `${k} (${n} times)`);
    return { name: this.name, acknowledged: this.acknowledged.size, lost, doubled, refusals: Object.fromEntries(this.refusals) };
  }
}
