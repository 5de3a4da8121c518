import type { CommitUnit } from '../core/ports/store.js';

/** What a store keeps: events for resuming clients (state lives in `entities`), and commands' answers for retries. */
export interface Retention {
  events: number;
  commandsMs: number;
}

export const KEEP: Retention = { events: 200_000, commandsMs: 24 * 3600_000 };

/** A prune that is due: the most rows of each table it may delete, and the time of the newest command. */
export interface PruneBudget {
  events: number;
  commands: number;
  now: number;
}

/**
 * Pruning goes a little at a time: every PRUNE_EVERY commits, at most twice
 * the rows stored since the last prune (PRUNE_AT_LEAST at least), so it keeps
 * pace with any load and never stops the event loop for long. Pruning a day of
 * answers at once held SQLite for half a second at 300,000 of them.
 */
const PRUNE_EVERY = 100;
const PRUNE_AT_LEAST = 200;

export class PruneSchedule {
  private commits = 0;
  private events = 0;
  private commands = 0;

  /** Counts a commit's rows; returns the budget when a prune is due. */
  committed(units: CommitUnit[]): PruneBudget | null {
    let now = 0;
    for (const unit of units) {
      this.events += unit.events.length;
      if (unit.command) this.commands++;
      now = Math.max(now, unit.command?.at ?? unit.events[0]?.at ?? 0);
    }
    if (++this.commits < PRUNE_EVERY) return null;
    const budget = { events: Math.max(PRUNE_AT_LEAST, 2 * this.events), commands: Math.max(PRUNE_AT_LEAST, 2 * this.commands), now };
    this.commits = this.events = this.commands = 0;
    return budget;
  }
}
