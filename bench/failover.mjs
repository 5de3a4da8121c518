// Failover at scale: how long a centre on PostgreSQL is without its core when
// the active core is killed with SIGKILL, with N agents logged in.
//
//   npm run bench:failover -- [--agents 4000] [--queues 50] [--kills 10]
//                             [--concurrency 400] [--dist <dir>]
//
// A throwaway PostgreSQL cluster (harness/lib/postgres.mjs) holds the store;
// `switchboard serve --store` runs twice from the compiled code: the active
// core and a standby on the same port (it listens only once it holds the
// store's lease). The N agents' clients, each with a real ClientStore and a
// loopback address of its own, run in one forked child
// (bench/failover-clients.mjs) and log in. Then, --kills times: the active
// core is killed with SIGKILL; the standby takes over (takes the lease, loads
// the state from PostgreSQL, listens); every panel connects again and
// resumes its session; a new standby takes the killed core's place.
//
// Printed per kill: takeover (kill -> the standby listening) and every panel
// resumed (kill -> the last panel's snapshot applied); then median and max.
// Goal cluster.failover_max_s: the longest takeover (target <= 5 s).
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { distDir, fmt, forkClients, goal, machineLine, manyStoresExecArgv, max, option, quantile } from './lib/common.mjs';
import { writeVoiceCenter } from './lib/config.mjs';
import { startPostgres } from '../harness/lib/postgres.mjs';
import { removeScratch, scratchDir } from '../harness/lib/scratch.mjs';
import { spawnServe } from '../harness/lib/serve-child.mjs';

const started = Date.now();
const loadAtStart = loadavg()[0];
const AGENTS = option('agents', 4000);
const QUEUES = option('queues', 50);
const KILLS = option('kills', 10);
const CONCURRENCY = option('concurrency', 400);
const DIST = distDir(import.meta.url);

async function main() {
  const root = scratchDir('switchboard-bench-failover-');
  const pg = await startPostgres();
  const clients = forkClients(new URL('./failover-clients.mjs', import.meta.url), [DIST], manyStoresExecArgv());
  try {
    const { file, agents } = writeVoiceCenter(join(root, 'bench-failover.json'), AGENTS, QUEUES);
    const serveOptions = { dist: DIST, config: file, data: join(root, 'data'), log: join(root, 'server.log'), store: pg.database(), startMs: 120_000 };
    let active = await spawnServe(serveOptions).listening;
    serveOptions.port = active.port;
    const url = `ws://127.0.0.1:${active.port}/agent`;
    const standbyServe = () => spawnServe({ ...serveOptions, startMs: null });
    let standby = standbyServe();
    await clients.ready;
    const t0 = Date.now();
    await clients.ask('login', { url, agents, concurrency: CONCURRENCY });
    console.log(`bench:failover  node ${process.version}, ${AGENTS} agents logged in (${((Date.now() - t0) / 1000).toFixed(1)} s), ${QUEUES} queues, store PostgreSQL on 127.0.0.1`);
    console.log(`  ${machineLine(loadAtStart)}`);
    console.log('');
    console.log('kill   takeover ms   every panel resumed ms');
    const takeovers = [];
    const resumed = [];
    for (let k = 1; k <= KILLS; k++) {
      const until = Date.now() + 60_000;
      while (!standby.server.said.includes('standby:')) {
        if (Date.now() > until) throw new Error(`the standby never said it waits:\n${standby.server.lastWords()}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      const killedAt = Date.now();
      await active.kill9();
      const resuming = clients.ask('resume', { url, concurrency: CONCURRENCY });
      active = await standby.listening;
      takeovers.push(active.listeningAt - killedAt);
      const { resumedAt } = await resuming;
      resumed.push(max(resumedAt) - killedAt);
      console.log(`${String(k).padStart(4)} ${String(takeovers.at(-1)).padStart(12)} ${String(resumed.at(-1)).padStart(24)}`);
      standby = standbyServe();
    }
    console.log('');
    console.log(`takeover (kill -> the standby listening), ms: median ${fmt(quantile(takeovers, 0.5), 0)}, max ${max(takeovers)}`);
    console.log(`every panel resumed (kill -> the last of ${AGENTS} snapshots applied), ms: median ${fmt(quantile(resumed, 0.5), 0)}, max ${max(resumed)}`);
    goal('cluster.failover_max_s', max(takeovers) / 1000, 's', '<=', 5);
    await clients.ask('close');
    clients.child.disconnect();
    await standby.server.stop();
    await active.stop();
  } finally {
    clients.child.kill('SIGKILL');
    await pg.stop();
    removeScratch(root);
  }
  console.log(`bench time ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
