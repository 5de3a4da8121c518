// A run's lifetime in the bench process. A run holds a forked client
// process, a server and a temporary data directory; none of them may outlive
// it, whether it ends well, fails, or overstays its deadline.
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { deadline } from './common.mjs';

export class Run {
  /** clients: the forked client process, as forkClients returns it. */
  constructor(clients) {
    this.clients = clients;
    this.server = null;
    this.dataDir = null;
  }

  /**
   * Once the client process is ready, start the server with startServer
   * (from the compiled code the bench runs) on a fresh data directory under
   * dataParent: loopback, port 0, no simulated traffic; options add to these.
   * Every simulated panel connects from the one loopback address, all at
   * once before logging in: the per-address limits on sockets not yet logged
   * in and on HTTP connections (which count a panel's socket until its
   * upgrade is taken, so a --connect-concurrency over 256 would meet it) are
   * guards against one host wearing the server down, and are lifted here.
   */
  async startServer(startServer, config, dataParent, prefix, options = {}) {
    await this.clients.ready;
    this.dataDir = mkdtempSync(join(dataParent, prefix));
    const limits = { anonymousSocketsPerAddress: Number.MAX_SAFE_INTEGER, httpConnectionsPerAddress: Number.MAX_SAFE_INTEGER };
    this.server = await startServer({ config, dataDir: this.dataDir, host: '127.0.0.1', port: 0, simulate: false, limits, ...options });
    return this.server;
  }

  removeDataDir() {
    if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
    this.dataDir = null;
  }

  /** Let the client process close its sockets, then let it go (it exits when the IPC channel closes). */
  async releaseClients() {
    await this.clients.ask('close');
    this.clients.child.disconnect();
  }

  /**
   * Tear down what is left after a failure. Synchronous, because the
   * deadline's timer calls it right before process.exit: the server's close
   * is only started.
   */
  /** Also undo this when the run is aborted (a child process of its own). */
  onAbort(fn) {
    (this.aborts ??= []).push(fn);
  }

  abort() {
    for (const fn of this.aborts ?? []) fn();
    this.server?.close().catch(() => {});
    this.clients.child.kill('SIGKILL');
    this.removeDataDir();
  }
}

/**
 * Run main() under a deadline (a bench must end, whatever happens); an error
 * is printed, the run aborted and the process ends with status 1.
 */
export function runMain(name, deadlineMs, run, main) {
  const done = deadline(deadlineMs, name, () => run.abort());
  main().then(done, (e) => {
    console.error(e);
    run.abort();
    process.exit(1);
  });
}
