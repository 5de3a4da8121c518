// A real PostgreSQL server for tests and harness runs: Debian's postgresql
// (installed by .ci/run), a throwaway cluster made by initdb, listening on
// 127.0.0.1 only, removed when stopped. PostgreSQL refuses to run as root, so
// under root the cluster belongs to Debian's postgres user and runs as it.
// Only PostgreSQL's own programs are used (initdb, postgres, pg_isready,
// psql): nothing here needs the project built.
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.mjs';
import { trackChild } from './scratch.mjs';

const BIN = findBin();
const asUser = userInfo().uid === 0 ? idsOf('postgres') : null;

/** Whether a cluster can be started here. */
export const postgresInstalled = BIN !== null && (userInfo().uid !== 0 || asUser !== null);

/**
 * Start a cluster. Returns { port, database(), sql(url, statement), kill(), start(), stop() }:
 * database() makes a fresh empty database and gives its URL; sql() runs one
 * statement as an administrator would (psql) and gives its rows; kill() is a
 * SIGKILL of the server (its clients' connections break); start() brings it
 * back on the same port and data.
 */
export async function startPostgres() {
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
  const url = (db) => `postgresql://switchboard@127.0.0.1:${port}/${db}`;
  let server = null;
  let databases = 0;

  const start = async () => {
    const log = [];
    server = spawn(join(BIN, 'postgres'), ['-D', data, '-h', '127.0.0.1', '-p', String(port), '-k', dir, '-c', 'log_min_messages=fatal'], {
      ...(asUser ?? {}),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    server.stderr.on('data', (b) => log.push(b.toString()));
    // A run that fails or is stopped takes its PostgreSQL with it (a bench that died left one running).
    trackChild(server);
    const until = Date.now() + 15_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`postgres exited at start: ${log.join('')}`);
      if (spawnSync(join(BIN, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port)]).status === 0) return;
      if (Date.now() > until) throw new Error(`postgres did not accept connections on 127.0.0.1:${port} within 15 s: ${log.join('')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const exited = (child) => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r)));
  const sql = (dbUrl, statement) => {
    const r = spawnSync(join(BIN, 'psql'), ['-X', '-q', '-A', '-t', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-d', dbUrl, '-c', statement], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`psql: ${r.stderr.trim()}`);
    return r.stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => line.split('\t'));
  };

  await start();
  return {
    port,
    database() {
      const name = `t${++databases}`;
      sql(url('postgres'), `CREATE DATABASE ${name}`);
      return url(name);
    },
    sql,
    /** CPU time (user + system, ms) used so far by the server's processes that are alive (the postmaster and its backends). */
    cpuMs() {
      const tick = 1000 / 100; // USER_HZ is 100 on Linux
      let total = 0;
      for (const pid of clusterPids(data)) {
        try {
          const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
          total += (Number(fields[11]) + Number(fields[12])) * tick; // utime, stime
        } catch {
          // ended meanwhile
        }
      }
      return total;
    },
    async kill() {
      const child = server;
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

/** After a SIGKILL of the postmaster: wait until no process of the cluster is left. */
async function waitForBackendsToLeave(data) {
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    if (clusterPids(data).length === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The processes of the cluster in data: the postmaster has it on its command line, its backends are its children. */
function clusterPids(data) {
  const all = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  const main = all.filter((p) => cmdline(p).includes(data));
  return all.filter((p) => main.includes(p) || main.includes(parentOf(p)));
}

function parentOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1];
  } catch {
    return null;
  }
}

function cmdline(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

function findBin() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(join(root, v, 'bin', 'postgres'))) return join(root, v, 'bin');
  return null;
}

function idsOf(user) {
  const uid = spawnSync('id', ['-u', user], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', user], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return null;
  return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}
