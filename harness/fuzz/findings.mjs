// What a fuzz run found, by kind, with the first few examples of each kept
// word for word for the report (the rest are counted).
export class Findings {
  constructor(examplesPerKind = 5) {
    this.limit = examplesPerKind;
    this.counts = new Map();
    this.examples = new Map();
  }

  add(kind, example) {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    const list = this.examples.get(kind) ?? [];
    if (list.length < this.limit) list.push(example);
    this.examples.set(kind, list);
  }

  count(kind) {
    return this.counts.get(kind) ?? 0;
  }

  /** Lines for the report: each kind, its count and its examples. */
  lines() {
    const out = [];
    for (const [kind, n] of this.counts) {
      out.push(`${kind}: ${n}`);
      for (const e of this.examples.get(kind) ?? []) out.push(`  - ${e.replace(/\n/g, '\n    ')}`);
    }
    return out;
  }
}
