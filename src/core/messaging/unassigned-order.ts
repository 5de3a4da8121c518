/**
 * One queue's unassigned conversations, oldest first (by creation time, then
 * id), kept in order as they come and go rather than sorted again after each
 * change: at 09:00 a thousand logins each take a few chats off a 20,000-chat
 * backlog, and each used to sort the rest.
 *
 * The list keeps ids that left (assigned), skipped when read, until they are
 * half of it. One that comes back (returned to the queue) finds its old place,
 * because its creation time has not changed. A newcomer older than the last
 * in the list (a restart's load in any order) has the list made again on the
 * next read.
 */
export class UnassignedOrder {
  /** Waiting now: id -> creation time. */
  private readonly waiting = new Map<string, number>();
  /** Ids in creation order, some maybe no longer waiting; null until next read. */
  private list: string[] | null = [];
  /** The ids in `list`, with their creation times. */
  private readonly listed = new Map<string, number>();

  get size(): number {
    return this.waiting.size;
  }

  add(id: string, createdAt: number): void {
    this.waiting.set(id, createdAt);
    if (!this.list || this.listed.has(id)) return;
    const last = this.list[this.list.length - 1];
    if (last !== undefined && comesBefore(id, createdAt, last, this.listed.get(last)!)) {
      this.list = null;
      return;
    }
    this.list.push(id);
    this.listed.set(id, createdAt);
  }

  /** True if it was waiting. */
  delete(id: string): boolean {
    if (!this.waiting.delete(id)) return false;
    if (this.list && this.listed.size > 64 && this.waiting.size * 2 < this.listed.size) this.list = null;
    return true;
  }

  /** The waiting ids, oldest first. Changes made while reading are safe: ids that leave are skipped. */
  *ids(): IterableIterator<string> {
    const list = this.list ?? this.rebuild();
    for (const id of list) if (this.waiting.has(id)) yield id;
  }

  /** The oldest `n` waiting ids. */
  first(n: number): string[] {
    const out: string[] = [];
    if (n <= 0) return out;
    for (const id of this.ids()) if (out.push(id) >= n) break;
    return out;
  }

  private rebuild(): string[] {
    const list = [...this.waiting].sort((a, b) => (comesBefore(a[0], a[1], b[0], b[1]) ? -1 : 1)).map(([id]) => id);
    this.listed.clear();
    for (const id of list) this.listed.set(id, this.waiting.get(id)!);
    this.list = list;
    return list;
  }
}

function comesBefore(id: string, at: number, other: string, otherAt: number): boolean {
  return at < otherAt || (at === otherAt && id < other);
}
