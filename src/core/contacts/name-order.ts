/**
 * Contact ids in name order (last name, first name): the whole directory, to
 * browse a page at a time, and each search bucket, so a page of a large
 * answer is a slice rather than a sort.
 *
 * One change at a time is put in place by binary search (a create or an
 * edit between two reads costs a splice, not a sort); a burst of changes (an
 * import) only marks the order stale, and the next read sorts once.
 */
const BURST = 256;

export class NameOrder {
  private readonly keyOf = new Map<string, string>();
  private keys: string[] = [];
  private stale = false;
  private changesSinceRead = 0;

  set(id: string, key: string): void {
    const before = this.keyOf.get(id);
    if (before === key) return;
    if (before !== undefined) this.drop(before);
    this.keyOf.set(id, key);
    this.touch();
    if (!this.stale) this.keys.splice(this.position(key), 0, key);
  }

  delete(id: string): void {
    const before = this.keyOf.get(id);
    if (before === undefined) return;
    this.keyOf.delete(id);
    this.drop(before);
    this.touch();
  }

  get size(): number {
    return this.keyOf.size;
  }

  /** A page in name order. */
  page(offset: number, limit: number): string[] {
    return this.sorted().slice(offset, offset + limit).map(idOfKey);
  }

  /** Every key in name order (the id is the key's end: idOfKey). */
  sortedKeys(): readonly string[] {
    return this.sorted();
  }

  /** The sort key of an id, to order a handful of ids without the whole list. */
  key(id: string): string {
    return this.keyOf.get(id) ?? '';
  }

  private sorted(): string[] {
    this.changesSinceRead = 0;
    if (this.stale) {
      this.keys = [...this.keyOf.values()].sort();
      this.stale = false;
    }
    return this.keys;
  }

  private touch(): void {
    if (++this.changesSinceRead > BURST) {
      this.stale = true;
      this.keys = [];
    }
  }

  private drop(key: string): void {
    if (this.stale) return;
    const i = this.position(key);
    if (this.keys[i] === key) this.keys.splice(i, 1);
  }

  /** Where `key` is, or would go. */
  private position(key: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

const SEPARATOR = '\u0001';

/** The order of a contact: last name, first name, then its id (so keys are unique and ties stable). */
export function nameKey(lastName: string, firstName: string, id: string): string {
  return `${lastName.toLowerCase()}${SEPARATOR}${firstName.toLowerCase()}${SEPARATOR}${id}`;
}

export function idOfKey(key: string): string {
  return key.slice(key.lastIndexOf(SEPARATOR) + 1);
}
