import { chmodSync, closeSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** The file whose lock says a server runs on the directory. Never deleted: see `lockDataDir`. */
const LOCK_FILE = 'server.lock';
/** Who holds the lock, for the refusal's sentence only: the lock itself never trusts it. */
const PID_FILE = 'server.pid';

/** A second server asked for a data directory a running one holds. */
export class DataDirInUseError extends Error {
  readonly code = 'DATA_DIR_IN_USE';

  constructor(
    readonly dataDir: string,
    readonly holderPid: number | null,
  ) {
    super(`Another switchboard server is using the data directory ${dataDir} (${holderPid === null ? 'its pid is unknown' : `pid ${holderPid}`}); stop it first or give this one another --data.`);
    this.name = 'DataDirInUseError';
  }
}

export interface DataDirLock {
  /** Give the directory up (the server closed); the kernel does the same if the process dies first. */
  release(): void;
}

/**
 * One server per data directory: two writing one SQLite event log, each with
 * its own state in memory, corrupt the centre. The lock is SQLite's own file
 * lock (an fcntl lock the kernel holds for the process), taken by an exclusive
 * transaction on a small file of its own and kept open for the server's life.
 * The kernel drops it however the process ends, kill -9 included, so a
 * restart after a crash is never held up by a stale lock, which a pid file
 * alone would be. It is a file apart from the store's database so the store's
 * connections (and its checkpoint thread's) never wait on it. Throws
 * DataDirInUseError at once, without waiting, when another process holds it.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const lockFile = join(dataDir, LOCK_FILE);
  // Readable by this user only, like everything in the data directory (SQLite would create it 0644).
  closeSync(openSync(lockFile, 'a', 0o600));
  chmodSync(lockFile, 0o600);
  // timeout 0: a held lock is an answer now, not something to wait out.
  const db = new Database(lockFile, { timeout: 0 });
  try {
    // No journal file beside it: the transaction never writes, and one left by a kill -9 would be clutter.
    db.pragma('journal_mode = MEMORY');
    db.exec('BEGIN EXCLUSIVE');
  } catch (e) {
    db.close();
    if ((e as { code?: string }).code === 'SQLITE_BUSY') throw new DataDirInUseError(dataDir, holderPid(dataDir));
    throw e;
  }
  const pidFile = join(dataDir, PID_FILE);
  writeFileSync(pidFile, `${process.pid}\n`, { mode: 0o600 });
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      rmSync(pidFile, { force: true });
      // The lock file stays: deleting it would let a process that opened it before the delete and
      // one that creates it afresh each lock a different file, and both run.
      db.close();
    },
  };
}

function holderPid(dataDir: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(join(dataDir, PID_FILE), 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    // The holder has not written it yet (or is releasing): the sentence goes without the pid.
    return null;
  }
}
