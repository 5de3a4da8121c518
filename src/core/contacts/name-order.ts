/**
 * Contact ids in name order (last name, first name): the whole directory, to
 * browse a page at a time, and each search bucket, so a page of a large
 * answer is a slice rather than a sort.
 *
 * New keys wait aside until `settle`, which the contacts index calls at the
 * end of every transaction that touched contacts (a follow-up): a few (a
 * create, an edit) are put in place by binary search; many (an import's
 * part) are sorted among themselves and merged in, one pass over the order.
 * Neither an import nor a search ever sorts the whole order.
 */
const FEW = 16;

export class NameOrder {
  private readonly keyOf = new Map<string, string>();
  private keys: string[] = [];
  /** Keys set since the last settle, in no order; some may be stale (set again or deleted since). */
  private pending: string[] = [];

  set(id: string, key: string): void {
    const before = this.keyOf.get(id);
    if (before === key) return;
    if (before !== undefined) this.drop(before);
    this.keyOf.set(id, key);
    this.pending.push(key);
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

  /** Put the keys set since the last settle in order (the end of a transaction; a read does it too). */
  settle(): void {
    if (this.pending.length === 0) return;
    // A key set and then set again or deleted before the settle is no one's.
    const added = this.pending.filter((k) => this.keyOf.get(idOfKey(k)) === k).sort();
    this.pending = [];
    if (added.length <= FEW) for (const k of added) this.keys.splice(this.position(k), 0, k);
    else this.keys = mergeSorted(this.keys, added);
  }

  private sorted(): string[] {
    this.settle();
    return this.keys;
  }

  /** Take a key out of the order; one still waiting aside is left out at the settle. */
  private drop(key: string): void {
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
