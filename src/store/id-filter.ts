/** Bits per id and probes per id: about one "perhaps" in 120 for an id never added, per layer. */
const BITS_PER_ID = 10;
const PROBES = 7;

/**
 * A Bloom filter of ids: it answers "certainly never added" or "perhaps
 * added", in memory, at 10 bits an id. Every command a panel sends is looked
 * up by its id first (a retry gets the answer it was given), and nearly every
 * id is new: the lookup read pages of the commands table, 30 µs a command in
 * bench:acd (7% of the server's CPU). The filter answers those at once; only
 * a "perhaps" reads the table.
 *
 * It grows in layers, each twice the last, instead of being made again from
 * the table when full: that would read the whole table (0.7 s for a day of
 * 300,000 commands) on the event loop, in the middle of a shift.
 */
export class IdFilter {
  private readonly layers: BloomLayer[];

  /** @param capacity ids the first layer holds */
  constructor(capacity: number) {
    this.layers = [new BloomLayer(capacity)];
  }

  add(id: string): void {
    let top = this.layers[this.layers.length - 1]!;
    if (top.full) {
      top = new BloomLayer(top.capacity * 2);
      this.layers.push(top);
    }
    top.add(hashes(id));
  }

  /** False only for an id never added. */
  mayHave(id: string): boolean {
    const h = hashes(id);
    return this.layers.some((layer) => layer.mayHave(h));
  }

  /** How many layers it grew to (the first holds the capacity it was made with). */
  get layerCount(): number {
    return this.layers.length;
  }
}

class BloomLayer {
  private readonly bits: Uint32Array;
  private readonly size: number;
  private added = 0;

  constructor(readonly capacity: number) {
    this.size = Math.max(64, Math.ceil(capacity * BITS_PER_ID));
    this.bits = new Uint32Array(Math.ceil(this.size / 32));
  }

  add([first, step]: [number, number]): void {
    let h = first;
    for (let i = 0; i < PROBES; i++) {
      const bit = h % this.size;
      this.bits[bit >>> 5]! |= 1 << (bit & 31);
      h = (h + step) >>> 0;
    }
    this.added++;
  }

  mayHave([first, step]: [number, number]): boolean {
    let h = first;
    for (let i = 0; i < PROBES; i++) {
      const bit = h % this.size;
      if ((this.bits[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
      h = (h + step) >>> 0;
    }
    return true;
  }

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
