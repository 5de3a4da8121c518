import { closeSync, existsSync, fchmodSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync, ftruncateSync } from 'node:fs';
import { dirname } from 'node:path';

export interface JournalEntry {
  id: string;
  cmd: string;
  args: Record<string, unknown>;
  agent: string;
  at: number;
}

type Record_ = { op: 'add'; entry: JournalEntry } | { op: 'done'; id: string };

/**
 * Commands the agent issued that the server has not yet acknowledged, kept on
 * disk (append-only, synced) so that a dropped connection or a crashed panel
 * loses none of them. Each keeps its command id: the server applies an id
 * once, so delivering again after a reconnect cannot double anything.
 */
export class CommandJournal {
  private readonly pending = new Map<string, JournalEntry>();
  private fd: number | null = null;

  /** `file` null keeps the journal in memory only (tests, one-shot scripts). */
  constructor(private readonly file: string | null) {
    if (!file) return;
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    this.load(text);
    // The agent's commands and their arguments: for this user's eyes only (a journal made by an older version too).
    this.fd = openSync(file, 'a', 0o600);
    fchmodSync(this.fd, 0o600);
    // End a torn last line, or the next record would be glued onto it and lost.
    if (text !== '' && !text.endsWith('\n')) this.write(null);
  }

  private load(text: string): void {
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      let record: Record_;
      try {
        record = JSON.parse(line) as Record_;
      } catch {
        continue; // a torn last line from a crash mid-write: that command was never acknowledged as kept
      }
      if (record.op === 'add') this.pending.set(record.entry.id, record.entry);
      else this.pending.delete(record.id);
    }
  }

  add(entry: JournalEntry): void {
    this.pending.set(entry.id, entry);
    this.write({ op: 'add', entry });
  }

  done(id: string): void {
    if (!this.pending.delete(id)) return;
    if (this.pending.size === 0 && this.fd !== null) {
      // Nothing left to deliver: start the file afresh so it never grows without bound.
      ftruncateSync(this.fd, 0);
      return;
    }
    this.write({ op: 'done', id });
  }

  entries(agent?: string): JournalEntry[] {
    return [...this.pending.values()].filter((e) => agent === undefined || e.agent === agent).sort((a, b) => a.at - b.at);
  }

  size(): number {
    return this.pending.size;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  /** Append one record (null: just a line break) and sync it to disk. */
  private write(record: Record_ | null): void {
    if (this.fd === null) return;
    writeSync(this.fd, record === null ? '\n' : `${JSON.stringify(record)}\n`);
    fsyncSync(this.fd);
  }
}
