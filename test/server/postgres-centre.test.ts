import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PostgresEventStore } from '../../src/store/postgres-store.js';
import { havePostgres, startPostgres, type TestPostgres } from '../store/postgres-server.js';
import { until } from './email-support.js';
import { BIN, buildOnce, ROOT, serve, spawnServe } from './serve-process.js';
import { err, loginAgent, ok, RawClient, runCleanups, startTestServer, tempDir } from './support.js';

/**
 * A centre whose store is PostgreSQL (`serve --store postgres://...`): a
 * real server started here (Debian's postgresql, 127.0.0.1, a throwaway
 * cluster). The data directory keeps files and secrets only, so a core
 * started elsewhere on the same store knows every session and state.
 */
afterEach(runCleanups);
buildOnce();

let pg: TestPostgres;
beforeAll(async () => {
  if (havePostgres) pg = await startPostgres();
});
afterAll(async () => {
  await pg?.stop();
});

/** The agent's status events in the store, oldest first. */
function statusesInStore(url: string, agent: string): string[] {
  const store = new PostgresEventStore(url);
  try {
    return [...store.allEvents()]
      .filter((e) => e.ev === 'agent.updated' && (e.data.agent as { id: string }).id === agent)
      .map((e) => (e.data.agent as { status: string; pauseReason: string | null }).pauseReason ?? (e.data.agent as { status: string }).status);
  } finally {
    store.close();
  }
}

describe.skipIf(!havePostgres)('a centre on PostgreSQL (needs Debian postgresql)', () => {
  it('keeps what it acknowledged through kill -9: a core started on another data directory resumes the session as it was', async () => {
    const store = pg.database();
    const firstData = tempDir();
    const first = await serve(firstData, 'config/demo.yaml', ['--store', store]);
    expect(first.output()).toMatch(/the store in PostgreSQL at postgresql:\/\/switchboard@127\.0\.0\.1:\d+\/t\d+/);
    const ava = await loginAgent(first.url, '1001');
    const paused = ok<{ agent: { statusSince: number } }>(await ava.client.request('agent.pause', { reason: 'Lunch' })).agent;
    const lastSeq = ava.client.lastSeq();
    first.child.kill('SIGKILL');
    await ava.client.closed();

    const second = await serve(tempDir(), 'config/demo.yaml', ['--store', store]);
    const back = await RawClient.open(second.url);
    const resumed = ok<{ resumed: boolean }>(await back.request('session.resume', { token: ava.token, lastSeq }));
    expect(resumed.resumed).toBe(true);
    const unpaused = ok<{ agent: { status: string; statusSince: number } }>(await back.request('agent.unpause'));
    expect(unpaused.agent.status).toBe('available');
    expect(unpaused.agent.statusSince).toBeGreaterThanOrEqual(paused.statusSince);
    expect(await second.stop()).toBe(0);
    expect(statusesInStore(store, '1001').slice(-2)).toEqual(['Lunch', 'available']);
    // The keys of visitor tokens and links are the store's, shared by every core, not the data directory's.
    expect(readdirSync(firstData).filter((f) => f.endsWith('-secret'))).toEqual([]);
  });

  it('answers STORE_FAILED while PostgreSQL is down, and the same command retried once it is back is done exactly once', async () => {
    const store = pg.database();
    const server = await startTestServer({ store });
    const ava = await loginAgent(server.http!.url + '/agent', '1001');
    await pg.kill();
    const id = randomUUID();
    try {
      const failed = err(await ava.client.request('agent.pause', { reason: 'Break' }, id));
      expect(failed.code).toBe('STORE_FAILED');
      expect(failed.message).toBe('The server could not save this; nothing was changed. Try again.');
    } finally {
      await pg.start();
    }
    expect(ok<{ agent: { pauseReason: string } }>(await ava.client.request('agent.pause', { reason: 'Break' }, id)).agent.pauseReason).toBe('Break');
    // The same id again is answered from the store, not done twice.
    expect(ok<{ agent: { pauseReason: string } }>(await ava.client.request('agent.pause', { reason: 'Break' }, id)).agent.pauseReason).toBe('Break');
    await server.close();
    expect(statusesInStore(store, '1001').filter((s) => s === 'Break')).toHaveLength(1);
  });
});

describe.skipIf(!havePostgres)('one active core per store, a standby ready (needs Debian postgresql)', () => {
  it('a second core waits as the standby and takes over within 5 s of kill -9 of the active one, with every session', async () => {
    const store = pg.database();
    const active = await serve(tempDir(), 'config/demo.yaml', ['--store', store]);
    const ava = await loginAgent(active.url, '1001');
    ok(await ava.client.request('agent.pause', { reason: 'Training' }));
    const standby = await spawnServe(tempDir(), 'config/demo.yaml', ['--store', store]);
    await until(() => standby.output().includes('standby: another core is active on this store; this one takes over when it stops'), 'the standby to say it waits', 10_000);
    // It waits: it does not listen while the active core holds the lease.
    await new Promise((r) => setTimeout(r, 600));
    expect(standby.output()).not.toContain('switchboard listening on');

    const killedAt = Date.now();
    active.child.kill('SIGKILL');
    await standby.ready;
    const takeoverMs = Date.now() - killedAt;
    expect(takeoverMs).toBeLessThan(5000);

    const back = await RawClient.open(standby.url);
    expect(ok<{ resumed: boolean }>(await back.request('session.resume', { token: ava.token, lastSeq: ava.client.lastSeq() })).resumed).toBe(true);
    expect(ok<{ agent: { status: string } }>(await back.request('agent.unpause')).agent.status).toBe('available');
    expect(statusesInStore(store, '1001').slice(-2)).toEqual(['Training', 'available']);
  });

  it('an old core whose store another core has opened since cannot write: its command fails and it stops, saying why', async () => {
    const store = pg.database();
    const old = await spawnServe(tempDir(), 'config/demo.yaml', ['--store', store]);
    await old.ready;
    const ava = await loginAgent(old.url, '1001');
    // What a standby does when it takes over (here without the lease, as after a partition): it opens the store.
    new PostgresEventStore(store).close();
    // Its next commit (this pause, or any work of its own that comes first) is refused, and it stops.
    const answer = ava.client.request('agent.pause', { reason: 'Lunch' }).catch(() => null);
    expect(await old.exited).toBe(3);
    const answered = await Promise.race([answer, new Promise<null>((r) => setTimeout(() => r(null), 200))]);
    if (answered) expect(err(answered).code).toBe('STORE_FAILED');
    expect(old.output()).toContain('switchboard: another core has taken over the store; this core stops (it can no longer write to the store)');
    expect(statusesInStore(store, '1001')).not.toContain('Lunch');
  });
});

describe('switchboard serve --store', () => {
  const refused = (store: string) => {
    const run = spawnSync(process.execPath, [BIN, 'serve', '--config', 'config/demo.yaml', '--port', '0', '--data', tempDir(), '--store', store], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    return { code: run.status, stderr: run.stderr };
  };

  it('refuses a store that is not a postgres:// URL, saying what it takes', () => {
    expect(refused('mysql://db/x')).toEqual({
      code: 2,
      stderr: 'switchboard: BAD_OPTION: --store mysql://db/x: expected a postgres:// URL (without it the store is SQLite in the data directory)\n',
    });
  });

  it('refuses a password in the URL (every user can read a command line) and names where it goes', () => {
    const r = refused('postgres://sb:hunter2@127.0.0.1/x');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('switchboard: BAD_OPTION: --store: put the password in PGPASSWORD or ~/.pgpass, not in the URL (a command line is readable by every user)\n');
  });

  it('says so when PostgreSQL cannot be reached, and exits', () => {
    const r = refused('postgresql://switchboard@127.0.0.1:1/nowhere');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^switchboard: Cannot reach the PostgreSQL store at postgresql:\/\/switchboard@127\.0\.0\.1:1\/nowhere: /);
  });
});
