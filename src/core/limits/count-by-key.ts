/**
 * How many of something each key holds open at once (connections per
 * address, sockets per agent, sends per channel), with a limit past which one
 * more is refused. A key is forgotten when its count falls to zero, so keys
 * seen once (every address that ever connected) take no memory.
 */
export class CountByKey<K = string> {
  private readonly counts = new Map<K, number>();

  /** `max`: what one key may hold; each call may name a limit of its own instead. */
  constructor(readonly max = Infinity) {}

  count(key: K): number {
    return this.counts.get(key) ?? 0;
  }

  /** Whether the key holds `max` already, so one more would be refused. */
  isFull(key: K, max = this.max): boolean {
    return this.count(key) >= max;
  }

  /** Count one more for the key; false, and not counted, when it is full. */
  add(key: K, max = this.max): boolean {
    const held = this.count(key);
    if (held >= max) return false;
    this.counts.set(key, held + 1);
    return true;
  }

  /** One fewer for the key; at zero the key is forgotten. */
  remove(key: K): void {
    const left = this.count(key) - 1;
    if (left > 0) this.counts.set(key, left);
    else this.counts.delete(key);
  }

  /** The keys holding anything. */
  keys(): IterableIterator<K> {
    return this.counts.keys();
  }

  /** How many keys hold anything. */
  get size(): number {
    return this.counts.size;
  }
}
