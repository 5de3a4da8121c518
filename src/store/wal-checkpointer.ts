import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * What the checkpoint thread runs. It is a script, not a module of its own,
 * so that the same code starts from the compiled server and from the tests'
 * TypeScript sources. A PASSIVE checkpoint never waits for the writer; it is
 * run again (up to 8 rounds) while the writer added frames during the last
 * one, so that little is left for the store's own last copy (below).
 */
const WORKER_SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  let result = null;
  for (let round = 0; round < 8; round++) {
    result = db.pragma('wal_checkpoint(PASSIVE)')[0];
    if (result.busy || result.log === result.checkpointed) break;
  }
  parentPort.postMessage(result);
});
`;

/** What a checkpoint reports, in frames (pages) of the write-ahead log. */
export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

/** What the store does for the checkpointer on its own connection. */
export interface CheckpointHost {
  /** Copy what the log gained since the thread's last round (on the event loop; a few pages). */
  finish(): void;
  /** The thread could not run: the commit checkpoints by itself again. */
  failed(error: Error): void;
}

/**
 * Copies SQLite's write-ahead log back into the database file on a thread of
 * its own. SQLite does it inside the commit that takes the log past 1,000
 * pages, on the event loop: a few milliseconds of writing and an fsync of the
 * database file, during which no command is answered and no offer rings.
 * Measured in bench:acd, that was the commit's p99 (8.7 ms against 4.1 ms
 * without it) and bench:events' tail. The checkpoint never touches what a
 * commit made durable: the log is on disk (fsynced) before a commit returns,
 * and a checkpoint cut by a crash is finished by the next open.
 *
 * The thread copies a little and often (every 100 commits, or 256 KiB of
 * rows: a commit writes whole pages, several times its rows). The log starts
 * over only when a commit begins with every frame copied, and a busy writer
 * keeps adding frames while the thread copies. So once the log holds 1,000
 * pages (where SQLite would checkpoint), the store copies the few frames added
 * since the thread's report, on its own connection, between two groups:
 * nothing is added during that, and the next commit starts the log over.
 */
export class WalCheckpointer {
  private worker: Worker | null = null;
  private running = false;
  private failed = false;
  private closed = false;
  private bytesSince = 0;
  private commitsSince = 0;
  private lastResult: CheckpointResult | null = null;

  constructor(
    private readonly file: string,
    private readonly host: CheckpointHost,
    private readonly every = { commits: 100, bytes: 256 << 10, restartPages: 1000 },
  ) {}

  /** A commit wrote about `bytes` of rows: ask for a checkpoint when enough was written since the last one. */
  committed(bytes: number): void {
    this.bytesSince += bytes;
    this.commitsSince++;
    if (this.running || this.failed || this.closed) return;
    if (this.commitsSince < this.every.commits && this.bytesSince < this.every.bytes) return;
    this.bytesSince = 0;
    this.commitsSince = 0;
    this.running = true;
    this.thread().postMessage('checkpoint');
  }

  /** True while a checkpoint is asked for and not yet reported. */
  get busy(): boolean {
    return this.running;
  }

  /** The last checkpoint's report, or null before the first. */
  get last(): CheckpointResult | null {
    return this.lastResult;
  }

  /** Ends the thread; its connection, the last one open, copies what is left and removes the log. */
  close(): void {
    this.closed = true;
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    worker.postMessage('close');
  }

  /** The thread starts with the first checkpoint: a store that writes little never has one. */
  private thread(): Worker {
    if (this.worker) return this.worker;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SCRIPT, { eval: true, workerData: { file: this.file, driver } });
    // It must never keep a server that is shutting down alive, nor be waited for on exit: a crash mid-checkpoint is safe.
    worker.unref();
    worker.on('message', (result: CheckpointResult) => {
      this.running = false;
      this.lastResult = result;
      if (!this.closed && result.log >= this.every.restartPages) this.host.finish();
    });
    const lost = (error: Error) => {
      if (this.failed) return;
      this.running = false;
      this.failed = true;
      this.worker = null;
      // After close, the store's own connection is gone and the next open finishes any checkpoint left.
      if (!this.closed) this.host.failed(error);
    };
    worker.on('error', lost);
    // A thread that ends without an error (it never should before close) would otherwise leave a checkpoint asked for ever.
    worker.on('exit', (code) => lost(new Error(`the checkpoint thread ended (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}
