/**
 * Contact ids in name order (last name, first name): the whole directory, to
 * browse a page at a time, and each search bucket, so a page of a large
 * answer is a slice rather than a sort.
 *
 * One change at a time is put in place by binary search (a create or an
 * edit between two reads costs a splice). A burst of changes (an import)
 * instead gathers its keys aside and `settle` merges them in at once: the
 * new keys sorted, then one pass over the order, never a sort of it all.
 * The contacts index settles every order a transaction touched before the
 * transaction ends (a follow-up), so no search pays for an import.
 */
const BURST = 256;

export class NameOrder {
  private readonly keyOf = new Map<string, string>();
  private keys: string[] = [];
  /** Keys set during a burst, not yet in `keys`. */
  private pending: string[] = [];
  /** A burst left keys in `keys` that are no longer anyone's (deleted or renamed). */
  private dropped = false;
  private changesSinceSettle = 0;

  set(id: string, key: string): void {
    const before = this.keyOf.get(id);
    if (before === key) return;
    if (before !== undefined) this.drop(before);
    this.keyOf.set(id, key);
    if (this.burst()) this.pending.push(key);
    else this.keys.splice(this.position(key), 0, key);
  }

  delete(id: string): void {
    const before = this.keyOf.get(id);
    if (before === undefined) return;
    this.keyOf.delete(id);
    this.drop(before);
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

  /** Merge a burst's keys in (the end of a transaction; a read does it too if need be). */
  settle(): void {
    this.sorted();
  }

  private sorted(): string[] {
    this.changesSinceSettle = 0;
    if (this.pending.length === 0 && !this.dropped) return this.keys;
    const current = (k: string) => this.keyOf.get(idOfKey(k)) === k;
    const added = this.pending.filter(current).sort();
    this.keys = mergeSorted(this.dropped ? this.keys.filter(current) : this.keys, added);
    this.pending = [];
    this.dropped = false;
    return this.keys;
  }

  /** Whether this change is part of a burst (too many since the last settle to place one by one). */
  private burst(): boolean {
    return ++this.changesSinceSettle > BURST;
  }

  private drop(key: string): void {
    if (this.burst()) {
      // Left in place; the next settle leaves out keys nobody has.
      this.dropped = true;
      return;
    }
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

/** Two sorted lists as one, each key once (a key set again during a burst may be in both). */
function mergeSorted(a: readonly string[], b: readonly string[]): string[] {
  if (b.length === 0) return a as string[];
  const out: string[] = new Array<string>(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
    if (n === 0 || out[n - 1] !== next) out[n++] = next;
  }
  out.length = n;
  return out;
}

const SEPARATOR = '\u0001';

/** The order of a contact: last name, first name, then its id (so keys are unique and ties stable). */
export function nameKey(lastName: string, firstName: string, id: string): string {
  return `${lastName.toLowerCase()}${SEPARATOR}${firstName.toLowerCase()}${SEPARATOR}${id}`;
}

export function idOfKey(key: string): string {
  return key.slice(key.lastIndexOf(SEPARATOR) + 1);
}
