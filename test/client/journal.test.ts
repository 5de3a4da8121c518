import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CommandJournal, type JournalEntry } from '../../src/client/journal.js';
import { onCleanup, runCleanups, tempDir } from '../server/support.js';

/**
 * The journal keeps the commands an agent issued until the server has
 * acknowledged them. A "crash" here is a new instance opened on the same file
 * while the old one was never closed.
 */
afterEach(runCleanups);

let n = 0;
function entry(cmd: string, args: Record<string, unknown> = {}, agent = '1001'): JournalEntry {
  n++;
  return { id: `cmd-${n}`, cmd, args, agent, at: 1_000 + n };
}

function open(file: string): CommandJournal {
  const journal = new CommandJournal(file);
  onCleanup(() => journal.close());
  return journal;
}

describe('CommandJournal', () => {
  it('keeps unacknowledged commands across a crash, in the order they were issued', () => {
    const file = join(tempDir(), 'state', 'journal.jsonl');
    const before = open(file);
    const pause = entry('agent.pause', { reason: 'Lunch' });
    const unpause = entry('agent.unpause');
    const other = entry('agent.pause', { reason: 'Break' }, '1002');
    before.add(pause);
    before.add(unpause);
    before.add(other);
    expect(before.size()).toBe(3);

    const after = open(file);
    expect(after.size()).toBe(3);
    expect(after.entries('1001')).toEqual([pause, unpause]);
    expect(after.entries('1002')).toEqual([other]);
    expect(after.entries()).toEqual([pause, unpause, other]);
  });

  it('forgets a command once done, also after a crash', () => {
    const file = join(tempDir(), 'journal.jsonl');
    const journal = open(file);
    const first = entry('agent.pause', { reason: 'Lunch' });
    const second = entry('agent.unpause');
    journal.add(first);
    journal.add(second);
    journal.done(first.id);
    expect(journal.entries()).toEqual([second]);
    expect(open(file).entries()).toEqual([second]);

    journal.done(second.id);
    expect(journal.size()).toBe(0);
    expect(open(file).size()).toBe(0);
    // Once empty the file starts afresh rather than growing for ever.
    expect(readFileSync(file, 'utf8')).toBe('');
    // done() of an unknown id changes nothing.
    journal.done('never-added');
    expect(open(file).size()).toBe(0);
  });

  it('ignores a torn last line left by a crash mid-write', () => {
    const file = join(tempDir(), 'journal.jsonl');
    const journal = open(file);
    const kept = entry('agent.pause', { reason: 'Lunch' });
    journal.add(kept);
    appendFileSync(file, '{"op":"add","entry":{"id":"torn","cmd":"agent.unp');

    const after = open(file);
    expect(after.entries()).toEqual([kept]);
  });

  it('keeps commands added after a torn line across the next crash', () => {
    const file = join(tempDir(), 'journal.jsonl');
    const first = entry('agent.pause', { reason: 'Lunch' });
    writeFileSync(file, `${JSON.stringify({ op: 'add', entry: first })}\n{"op":"add","entry":{"id":"torn","cm`);

    const reopened = open(file);
    expect(reopened.entries()).toEqual([first]);
    const next = entry('agent.unpause');
    reopened.add(next);

    // Crash again: the command written after the torn line must still be there.
    expect(open(file).entries()).toEqual([first, next]);
  });

  it('creates its directory and works in memory when given no file', () => {
    const file = join(tempDir(), 'a', 'b', 'journal.jsonl');
    open(file).add(entry('agent.unpause'));
    expect(existsSync(file)).toBe(true);

    const memory = new CommandJournal(null);
    const e = entry('agent.pause', { reason: 'Break' });
    memory.add(e);
    expect(memory.entries()).toEqual([e]);
    memory.done(e.id);
    expect(memory.size()).toBe(0);
  });
});
