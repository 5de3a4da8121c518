import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresLease, takeLease } from '../../src/store/postgres-lease.js';
import { havePostgres, startPostgres, type TestPostgres } from './postgres-server.js';

/** One active core per store: the lease (a PostgreSQL advisory lock) against a real server. */
describe.skipIf(!havePostgres)('the lease on a PostgreSQL store (needs Debian postgresql)', () => {
  let pg: TestPostgres;
  const leases: PostgresLease[] = [];
  const lease = (url: string) => {
    const l = new PostgresLease(url);
    leases.push(l);
    return l;
  };
  beforeAll(async () => {
    pg = await startPostgres();
  });
  afterAll(async () => {
    for (const l of leases) l.release();
    await pg.stop();
  });

  it('is held by one core at a time; when that core lets go (or its connection ends), the next try takes it', () => {
    const url = pg.database();
    const active = lease(url);
    const standby = lease(url);
    expect(active.tryTake()).toBe(true);
    expect(standby.tryTake()).toBe(false);
    expect(lease(pg.database()).tryTake()).toBe(true); // another store (database) has a lease of its own
    active.release();
    expect(standby.tryTake()).toBe(true);
    expect(standby.stillHeld()).toBe(true);
  });

  it('a holder whose connection was cut takes the lease back if nobody has, and knows it lost it if somebody has', () => {
    const url = pg.database();
    const active = lease(url);
    expect(active.tryTake()).toBe(true);
    pg.sql(url, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    expect(active.stillHeld()).toBe(true);
    pg.sql(url, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    const other = lease(url);
    expect(other.tryTake()).toBe(true);
    expect(active.stillHeld()).toBe(false);
  });

  it('a core started on a store out of reach is told so at once, not kept waiting as a standby', async () => {
    await expect(takeLease(`postgresql://switchboard@127.0.0.1:${pg.port + 1}/x`)).rejects.toThrow(/^Cannot reach the PostgreSQL store at postgresql:\/\/switchboard@127\.0\.0\.1:\d+\/x: /);
  });

  it('a standby waits (told once) and has the lease as soon as the active core lets go', async () => {
    const url = pg.database();
    const active = lease(url);
    expect(active.tryTake()).toBe(true);
    let waiting = 0;
    const taking = takeLease(url, { pollMs: 20, onWaiting: () => waiting++ });
    await new Promise((r) => setTimeout(r, 150));
    expect(waiting).toBe(1);
    active.release();
    const taken = await taking;
    leases.push(taken);
    expect(taken.stillHeld()).toBe(true);
    expect(active.tryTake()).toBe(false);
  });
});
