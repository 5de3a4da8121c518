import type { CommandRecord, CommitUnit } from './ports/store.js';
import { LIVE_KINDS } from './protocol/entities.js';
import type { EntityChange } from './protocol/events.js';
import type { ResponseFrame } from './protocol/frames.js';
import type { Transaction } from './transaction.js';

/** A command of a logged-in agent run in the group, as its id's later uses must find it. */
export interface GroupCommand {
  actor: string;
  cmd: string;
  response: ResponseFrame;
}

/**
 * Transactions that arrived together (one turn of the event loop: commands
 * read from many sockets, telephony reports) and are committed together: one
 * SQLite transaction, one fsync. Each ran at once in memory, so the next one
 * saw its changes; none is acknowledged, fanned out or allowed its effects
 * before the group is on disk. If the commit fails, every transaction is
 * undone, the last first, and every command of the group is refused.
 */
export class CommitGroup {
  private readonly members: Array<{ tx: Transaction; command?: CommandRecord }> = [];
  /** Events and entity changes of its transactions: the rows one commit writes and the listeners are told of. */
  private rows = 0;
  /** Called once the group is settled: committed (true) or rolled back (false). */
  private readonly settled: Array<(committed: boolean) => void> = [];
  /** Commands run in the group by id: a retry in the same group gets the same answer. */
  readonly commands = new Map<string, GroupCommand>();

  add(tx: Transaction, command?: CommandRecord): void {
    this.members.push({ tx, command });
    this.rows += tx.events.length + tx.changes.length;
  }

  /** Whether it holds as much as one commit should: `transactions` of them, or `rows` events and changes. */
  isFull(limits: { transactions: number; rows: number }): boolean {
    return this.members.length >= limits.transactions || this.rows >= limits.rows;
  }

  onSettled(fn: (committed: boolean) => void): void {
    this.settled.push(fn);
  }

  /** What the store writes: the transactions that changed something, in the order they ran. */
  units(): CommitUnit[] {
    return this.members
      .filter((m) => m.tx.events.length > 0 || m.tx.changes.length > 0)
      .map((m) => ({ events: m.tx.events, changes: m.tx.changes, command: m.command }));
  }

  /** The group's changes to live kinds (streams, presence), each entity once as it ended: what the gateway batches. */
  liveChanges(): EntityChange[] {
    const last = new Map<string, EntityChange>();
    for (const m of this.members) {
      for (const c of m.tx.changes) {
        if (!LIVE_KINDS.has(c.kind)) continue;
        const key = `${c.kind}\u0000${c.key}`;
        last.delete(key);
        last.set(key, c);
      }
    }
    return [...last.values()];
  }

  /** Undo every transaction of the group, the last first, so the state is as before the first. */
  rollback(): void {
    for (let i = this.members.length - 1; i >= 0; i--) this.members[i]!.tx.rollback();
  }

  /** Each transaction's effects (telephony, timers, passing events), in the order they ran. */
  effects(): Array<() => void> {
    return this.members.flatMap((m) => m.tx.runEffects());
  }

  settle(committed: boolean): void {
    for (const fn of this.settled) fn(committed);
  }
}
