import type Client from 'pg-native';
import { connectPg, finish } from './pg-native.js';

/** The advisory lock every core of a store asks for (one key per database). */
const LOCK = "hashtext('switchboard-core')";

/**
 * One active core per store: a PostgreSQL session advisory lock, held on a
 * connection of its own for as long as the core runs. PostgreSQL frees it the
 * moment that connection ends, so when the active core dies (kill -9, a crash,
 * its machine gone: TCP keepalives end the connection within seconds) a
 * standby's next try takes it. Chosen over a NATS KV key with a TTL because the
 * store is already PostgreSQL: no second engine to agree with, and no TTL to
 * wait out after a crash. The lock alone does not fence: a core cut off from
 * PostgreSQL may not know yet that it lost it. Fencing is the store's head count
 * (PostgresEventStore): the new core's opening makes every later commit of
 * the old one fail.
 */
export class PostgresLease {
  private pg: Client | null = null;

  constructor(private readonly url: string) {}

  /** Connect now, or throw "Cannot reach ..." (a core started on a store out of reach says so rather than wait). */
  open(): void {
    this.pg ??= this.connect();
  }

  /** One try: true when this core holds the lease now. */
  tryTake(): boolean {
    try {
      if (!this.pg) this.pg = this.connect();
      const [[taken]] = this.pg.querySync(`SELECT pg_try_advisory_lock(${LOCK})`) as string[][];
      return taken === 't';
    } catch {
      this.drop();
      return false;
    }
  }

  /** Whether the lease is still this core's: its connection answers. When the connection broke, take it again if nobody has. */
  stillHeld(): boolean {
    try {
      this.pg?.querySync('SELECT 1');
      if (this.pg) return true;
    } catch {
      this.drop();
    }
    return this.tryTake();
  }

  /**
   * Let go now. Unlocked before the connection ends: ending it frees the lock
   * only once the server's backend has noticed, a moment later, and a standby
   * trying in that moment (a planned switch-over) was told the lease was held.
   */
  release(): void {
    try {
      this.pg?.querySync(`SELECT pg_advisory_unlock(${LOCK})`);
    } catch {
      // The connection is gone already, and the lock with it.
    }
    this.drop();
  }

  /** The lease's connection ends within seconds when the path to PostgreSQL is cut, not after the kernel's two hours. */
  private connect(): Client {
    return connectPg(this.url, { keepalives: '1', keepalives_idle: '2', keepalives_interval: '1', keepalives_count: '2', connect_timeout: '3' });
  }

  private drop(): void {
    if (this.pg) finish(this.pg);
    this.pg = null;
  }
}

/**
 * Wait until this core holds the lease (a standby waits here while another
 * core is active), trying every pollMs; onWaiting is told once, if it waits.
 */
export async function takeLease(url: string, options: { pollMs?: number; onWaiting?: () => void } = {}): Promise<PostgresLease> {
  const lease = new PostgresLease(url);
  lease.open();
  let told = false;
  while (!lease.tryTake()) {
    if (!told) options.onWaiting?.();
    told = true;
    await new Promise((r) => setTimeout(r, options.pollMs ?? 250));
  }
  return lease;
}
