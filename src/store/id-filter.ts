/** Bits per id and probes per id: about one "perhaps" in 120 for an id never added. */
const BITS_PER_ID = 10;
const PROBES = 7;

/**
 * A Bloom filter of ids: it answers "certainly never added" or "perhaps
 * added", in memory, at 10 bits an id. Every command a panel sends is looked
 * up by its id first (a retry gets the answer it was given), and nearly every
 * id is new: the lookup read pages of the commands table, 30 µs a command in
 * bench:acd (7% of the server's CPU). The filter answers those at once; only
 * a "perhaps" reads the table.
 */
export class IdFilter {
  private readonly bits: Uint32Array;
  private readonly size: number;
  private added = 0;

  /** @param capacity ids it holds before `full` (past it, more of the never-added get "perhaps") */
  constructor(readonly capacity: number) {
    this.size = Math.max(64, Math.ceil(capacity * BITS_PER_ID));
    this.bits = new Uint32Array(Math.ceil(this.size / 32));
  }

  add(id: string): void {
    const [first, step] = hashes(id);
    let h = first;
    for (let i = 0; i < PROBES; i++) {
      const bit = h % this.size;
      this.bits[bit >>> 5]! |= 1 << (bit & 31);
      h = (h + step) >>> 0;
    }
    this.added++;
  }

  /** False only for an id never added. */
  mayHave(id: string): boolean {
    const [first, step] = hashes(id);
    let h = first;
    for (let i = 0; i < PROBES; i++) {
      const bit = h % this.size;
      if ((this.bits[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
      h = (h + step) >>> 0;
    }
    return true;
  }

  /** Holds as many ids as it was made for: time to make a larger one. */
  get full(): boolean {
    return this.added >= this.capacity;
  }
}

/** Two 32-bit FNV-1a hashes of the string's code units, with different offsets; the second is odd so probes differ. */
function hashes(id: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return [a >>> 0, (b | 1) >>> 0];
}
