import { join } from 'node:path';
import { CommandJournal } from '../client/journal.js';

/**
 * One command journal per agent for the SSH server's panels, under
 * <data>/ssh/journals. Two terminals of one agent share it (two journals on
 * one file would each truncate the other's records); the server's command
 * ids make a command both of them deliver count once. A journal is closed
 * when the last panel of its agent ends.
 */
export class JournalShelf {
  private readonly open = new Map<string, { journal: SharedJournal; users: number }>();

  constructor(private readonly dir: string) {}

  take(agent: string): CommandJournal {
    let entry = this.open.get(agent);
    if (!entry) {
      entry = { journal: new SharedJournal(this.pathOf(agent), () => this.release(agent)), users: 0 };
      this.open.set(agent, entry);
    }
    entry.users++;
    return entry.journal;
  }

  /** The agent's journal file (the panel keeps the agent's drafts beside it). */
  pathOf(agent: string): string {
    return join(this.dir, `${agent}.jsonl`);
  }

  /** Journals open now (one per agent with a panel). */
  size(): number {
    return this.open.size;
  }

  private release(agent: string): void {
    const entry = this.open.get(agent);
    if (!entry) return;
    if (--entry.users > 0) return;
    this.open.delete(agent);
    entry.journal.reallyClose();
  }
}

/** A journal whose close() is one panel letting go. */
class SharedJournal extends CommandJournal {
  constructor(
    file: string,
    private readonly letGo: () => void,
  ) {
    super(file);
  }

  override close(): void {
    this.letGo();
  }

  reallyClose(): void {
    super.close();
  }
}
