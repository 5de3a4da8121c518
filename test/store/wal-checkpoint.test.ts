import { existsSync, statSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { CommitUnit } from '../../src/core/ports/store.js';
import { SqliteEventStore } from '../../src/store/sqlite-store.js';
import { WalCheckpointer } from '../../src/store/wal-checkpointer.js';
import { scratchDatabases } from '../helpers.js';

/**
 * SQLite's write-ahead log is copied back into the database by a thread of
 * its own, not inside a commit on the event loop. What an operator would
 * notice if it were not: the log growing without end during a shift (the
 * commit's own checkpoint is only a backstop at 64 MiB), or commits lost.
 */
const scratch = scratchDatabases('wal-checkpoint-');

const PADDING = 'x'.repeat(2000);

function unit(n: number): CommitUnit {
  const agent = { id: `a${n % 500}`, status: `s${n}`, note: PADDING };
  return {
    events: [{ ev: 'agent.updated', at: 1000 + n, data: { agent, reason: 'test' }, audience: { agents: [agent.id] } }],
    changes: [{ kind: 'agent', key: agent.id, value: agent }],
    command: { id: `cmd-${n}`, actor: agent.id, cmd: 'agent.status', response: { ok: true, n }, at: 1000 + n },
  };
}

async function settled(store: SqliteEventStore): Promise<void> {
  for (let i = 0; i < 2000 && store.checkpoints?.busy; i++) await new Promise((r) => setTimeout(r, 5));
}

describe('checkpoints off the event loop', () => {
  it('keeps the log small through thousands of commits, and every commit is there after reopening', async () => {
    const file = scratch();
    const store = new SqliteEventStore(file);
    const COMMITS = 4000;
    let largestLog = 0;
    for (let n = 1; n <= COMMITS; n++) {
      store.commit([unit(n)]);
      // Commands arrive over turns of the event loop; the thread's reports are read between them.
      if (n % 20 === 0) {
        await nextTurn();
        largestLog = Math.max(largestLog, statSync(`${file}-wal`).size);
      }
    }
    await settled(store);
    // About 8 MiB of rows in 4,000 commits: without the thread the log would pass 60 MiB before the backstop.
    expect(store.checkpoints?.last).not.toBeNull();
    expect(largestLog).toBeLessThan(16 << 20);

    store.close();
    const again = new SqliteEventStore(file);
    expect(again.eventsAfter(0, COMMITS + 1)).toHaveLength(COMMITS);
    expect(again.findCommand(`cmd-${COMMITS}`)?.response).toEqual({ ok: true, n: COMMITS });
    again.close();
  });

  it('writes nothing off the event loop for a store that writes little', () => {
    const file = scratch();
    const store = new SqliteEventStore(file);
    for (let n = 1; n <= 10; n++) store.commit([unit(n)]);
    expect(store.checkpoints?.busy).toBe(false);
    expect(store.checkpoints?.last).toBeNull();
    store.close();
    // The store's own connection was the last: it copied the log and removed it.
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('hands checkpoints back to the commit when the thread cannot run', async () => {
    const failures: Error[] = [];
    const checkpointer = new WalCheckpointer('/nonexistent/switchboard.db', { finish: () => {}, failed: (e) => failures.push(e) }, { commits: 1, bytes: 1, restartPages: 1 });
    checkpointer.committed(4096);
    for (let i = 0; i < 400 && failures.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(failures).toHaveLength(1);
    expect(checkpointer.busy).toBe(false);
    // It does not try again: the commit checkpoints by itself from now on.
    checkpointer.committed(4096);
    expect(checkpointer.busy).toBe(false);
  });
});
