import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { finish, pgNative } from '../../src/store/pg-native.js';

/**
 * A real PostgreSQL server for tests: Debian's postgresql (installed by
 * .ci/run), a throwaway cluster made by initdb, listening on 127.0.0.1 only,
 * removed when stopped. PostgreSQL refuses to run as root, so under root the
 * cluster belongs to Debian's postgres user and the server runs as it.
 */
const BIN = findBin();
const asUser = userInfo().uid === 0 ? idsOf('postgres') : null;

export const havePostgres = BIN !== null && (userInfo().uid !== 0 || asUser !== null) && loads();

function loads(): boolean {
  try {
    pgNative();
    return true;
  } catch {
    return false;
  }
}

export interface TestPostgres {
  port: number;
  /** A fresh, empty database on this server: its connection URL. */
  database(): string;
  /** Run one statement on a database of this server, as an administrator would (psql). */
  sql(url: string, statement: string): unknown[][];
  /** Kill the server at once (SIGKILL), as a crash would: its clients' connections break. */
  kill(): Promise<void>;
  /** Start it again on the same port and data (after kill). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function startPostgres(): Promise<TestPostgres> {
  if (!BIN) throw new Error('PostgreSQL is not installed (Debian package postgresql)');
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-pg-'));
  if (asUser) chownSync(dir, asUser.uid, asUser.gid);
  const data = join(dir, 'data');
  const init = spawnSync(join(BIN, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'switchboard', '--no-sync', '-E', 'UTF8', '--locale', 'C'], {
    ...(asUser ?? {}),
    encoding: 'utf8',
  });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await freePort();
  let server: ChildProcess | null = null;
  let databases = 0;

  const start = async (): Promise<void> => {
    const log: string[] = [];
    server = spawn(join(BIN, 'postgres'), ['-D', data, '-h', '127.0.0.1', '-p', String(port), '-k', dir, '-c', 'log_min_messages=fatal'], {
      ...(asUser ?? {}),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    server.stderr!.on('data', (b: Buffer) => log.push(b.toString()));
    const until = Date.now() + 15_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`postgres exited at start: ${log.join('')}`);
      if (canConnect(url('postgres'))) return;
      if (Date.now() > until) throw new Error(`postgres did not accept connections on 127.0.0.1:${port} within 15 s: ${log.join('')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const url = (db: string) => `postgresql://switchboard@127.0.0.1:${port}/${db}`;
  const exited = (child: ChildProcess) => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r)));

  await start();
  return {
    port,
    database() {
      const name = `t${++databases}`;
      const Client = pgNative();
      const admin = new Client();
      admin.connectSync(url('postgres'));
      admin.querySync(`CREATE DATABASE ${name}`);
      finish(admin);
      return url(name);
    },
    sql(dbUrl, statement) {
      const Client = pgNative();
      const c = new Client({ arrayMode: true });
      c.connectSync(dbUrl);
      try {
        return c.querySync(statement);
      } finally {
        finish(c);
      }
    },
    async kill() {
      const child = server!;
      child.kill('SIGKILL');
      await exited(child);
      // The postmaster's children notice it is gone and leave; a new one waits for the shared memory they hold.
      await waitForBackendsToLeave(data);
    },
    start,
    async stop() {
      const child = server;
      if (child && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT'); // fast shutdown
        await exited(child);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function canConnect(url: string): boolean {
  const Client = pgNative();
  const c = new Client();
  try {
    c.connectSync(url);
    finish(c);
    return true;
  } catch {
    return false;
  }
}

/** After a SIGKILL of the postmaster: wait until no process of the cluster is left (its pid file names the postmaster only). */
async function waitForBackendsToLeave(data: string): Promise<void> {
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    const left = readdirSync('/proc').filter((p) => /^\d+$/.test(p) && cmdline(p).includes(data));
    if (left.length === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

function cmdline(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function findBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(join(root, v, 'bin', 'postgres'))) return join(root, v, 'bin');
  return null;
}

function idsOf(user: string): { uid: number; gid: number } | null {
  const uid = spawnSync('id', ['-u', user], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', user], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return null;
  return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}
