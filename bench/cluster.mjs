// A centre scaled out (issue 19): two cores on PostgreSQL (one active, one
// standby), committed events on NATS JetStream, and the agents' panels on two
// `switchboard gateway` processes.
//
//   npm run bench:cluster -- [--agents 4000] [--queues agents/20] [--kills 10]
//                            [--shift-agents 200] [--client-processes 2]
//                            [--concurrency 200] [--skip-load] [--dist <dir>]
//
// 1. Load: bench:acd at --agents over 2 gateways (bench/acd.mjs --gateways 2,
//    PostgreSQL store, a child process), and the same single-process for
//    comparison: calls/s end to end, arrival -> first offer p99, the core's
//    CPU per call, PostgreSQL's, and each gateway's CPU per 1,000 agents.
// 2. Failover: `serve --store --bus` twice (active and standby) and two
//    gateways, every one a process of the compiled CLI; the agents log in
//    over the two gateways from --client-processes client processes
//    (bench/cluster-clients.mjs), each panel from a loopback address of its
//    own. --shift-agents of them pause and unpause without stop. The active
//    core is killed with SIGKILL --kills times: takeover (kill -> the standby
//    listening) and commands held (kill -> the first command acknowledged
//    after it, through a gateway that retried it) are printed per kill.
// 3. A gateway is killed with SIGKILL: its panels resume on the other with
//    the last event they had; then every panel's events are checked against
//    the store.
//
// Goals: cluster.failover_max_s (the longest time commands were held by a
// takeover, <= 5), cluster.lost (acknowledged commands not in the store),
// cluster.doubled (commands in the store more often than sent, and events a
// panel received twice), cluster.resume_gaps (events of its own agent a panel
// never received), each <= 0.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { distDir, distImport, fmt, forkClients, goal, machineLine, manyStoresExecArgv, max, option, quantile, flag } from './lib/common.mjs';
import { writeVoiceCenter } from './lib/config.mjs';
import { startGateway } from '../harness/lib/gateway.mjs';
import { processRssMiB } from './lib/gateways.mjs';
import { startNats } from '../harness/lib/nats.mjs';
import { startPostgres } from '../harness/lib/postgres.mjs';
import { removeScratch, scratchDir } from '../harness/lib/scratch.mjs';
import { spawnServe } from '../harness/lib/serve-child.mjs';

const started = Date.now();
const loadAtStart = loadavg()[0];
const AGENTS = option('agents', 4000);
// Queues in proportion to agents (bench:acd's 1,000 in 50): a queue keeps ~60 members, so a ring-all call costs the same.
const QUEUES = option('queues', Math.max(6, Math.round(AGENTS / 20)));
const KILLS = option('kills', 10);
const SHIFT = option('shift-agents', 200);
const PROCESSES = option('client-processes', 2);
const CONCURRENCY = option('concurrency', 200);
const DIST = distDir(import.meta.url);
const { PostgresEventStore } = await distImport(DIST, 'store/postgres-store.js');

/** bench:acd as a child process; resolves with its cluster-row figures and its whole output. */
function acd(args) {
  const script = new URL('./acd.mjs', import.meta.url).pathname;
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [script, '--agents', String(AGENTS), '--queues', String(QUEUES), '--store', 'postgres', '--growth', 'none', '--client-processes', String(PROCESSES), '--dist', DIST, ...args], { maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const row = /^cluster-row (.*)$/m.exec(stdout);
      if (error || !row) return reject(new Error(`bench:acd ${args.join(' ')} failed: ${error?.message ?? ''}\n${stdout.slice(-3000)}\n${stderr.slice(-3000)}`));
      // Each figure a number, or one per gateway (a/b).
      resolve({ figures: Object.fromEntries(row[1].split(' ').map((kv) => kv.split('=')).map(([k, v]) => [k, v.includes('/') ? v.split('/').map(Number) : Number(v)])), output: stdout });
    }),
  );
}

async function load() {
  console.log(`1. load: bench:acd with ${AGENTS} agents in ${QUEUES} queues, store PostgreSQL; over 2 gateways, then single-process`);
  const clustered = await acd(['--gateways', '2']);
  const single = await acd([]);
  writeFileSync(join(tmpdir(), 'bench-cluster-acd-gateways.txt'), clustered.output);
  writeFileSync(join(tmpdir(), 'bench-cluster-acd-single.txt'), single.output);
  const c = clustered.figures;
  const s = single.figures;
  console.log('                                   2 gateways   single process');
  console.log(`calls/s end to end              ${fmt(c.calls_per_s, 1).padStart(12)} ${fmt(s.calls_per_s, 1).padStart(16)}`);
  console.log(`arrival -> first offer p99 ms   ${fmt(c.first_offer_p99_ms, 1).padStart(12)} ${fmt(s.first_offer_p99_ms, 1).padStart(16)}`);
  console.log(`core process CPU ms per call    ${fmt(c.core_cpu_ms_per_call, 2).padStart(12)} ${fmt(s.core_cpu_ms_per_call, 2).padStart(16)}   (single: core + ${AGENTS} sockets)`);
  console.log(`PostgreSQL CPU ms per call      ${fmt(c.pg_cpu_ms_per_call, 2).padStart(12)} ${fmt(s.pg_cpu_ms_per_call, 2).padStart(16)}`);
  console.log(`each gateway CPU ms per call    ${c.gateway_cpu_ms_per_call.map((x) => fmt(x, 2)).join(', ').padStart(12)} ${'-'.padStart(16)}   (${AGENTS / 2} panels each)`);
  console.log(`each gateway, % of a CPU per 1,000 agents held at that load: ${c.gateway_cpu_per_1000_agents.map((x) => `${fmt(x * 100, 1)}%`).join(', ')}`);
  console.log(`(whole outputs: ${join(tmpdir(), 'bench-cluster-acd-gateways.txt')} and ...-single.txt)`);
  console.log('');
}

async function untilSaid(serve, text, ms) {
  const until = Date.now() + ms;
  while (!serve.server.said.includes(text)) {
    if (Date.now() > until) throw new Error(`a core never said "${text}":\n${serve.server.lastWords()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function failover(root) {
  const pg = await startPostgres();
  const nats = await startNats();
  const slices = Array.from({ length: PROCESSES }, () => forkClients(new URL('./cluster-clients.mjs', import.meta.url), [DIST], manyStoresExecArgv()));
  const gateways = [];
  try {
    const { file, agents } = writeVoiceCenter(join(root, 'bench-cluster.json'), AGENTS, QUEUES);
    const store = pg.database();
    const serveOptions = { dist: DIST, config: file, data: join(root, 'data'), log: join(root, 'server.log'), store, bus: nats.url, startMs: 120_000 };
    let active = await spawnServe(serveOptions).listening;
    let standby = spawnServe({ ...serveOptions, startMs: null });
    gateways.push(await startGateway(DIST, nats.url), await startGateway(DIST, nats.url));
    const rssEmpty = gateways.map((g) => processRssMiB(g.child.pid));
    await Promise.all(slices.map((s) => s.ready));
    // Agent i on gateway i % 2, in the client process i % PROCESSES.
    const sliceOf = (i) => i % PROCESSES;
    const t0 = Date.now();
    await Promise.all(
      slices.map((s, k) =>
        s.ask('login', { agents: agents.map((agent, index) => ({ agent, index, url: gateways[index % 2].url })).filter((a) => sliceOf(a.index) === k), concurrency: CONCURRENCY / PROCESSES }),
      ),
    );
    console.log(`2. failover: ${AGENTS} agents logged in over 2 gateways (${((Date.now() - t0) / 1000).toFixed(1)} s) from ${PROCESSES} client processes; ${SHIFT} of them pause and unpause without stop`);
    await new Promise((r) => setTimeout(r, 1000));
    const rssHolding = gateways.map((g) => processRssMiB(g.child.pid));
    const perThousand = (max(rssHolding.map((m, i) => m - rssEmpty[i])) / (AGENTS / 2)) * 1000;
    console.log(
      `   gateway memory (RSS): ${rssEmpty.map((m) => fmt(m, 0)).join(', ')} MiB started, ${rssHolding.map((m) => fmt(m, 0)).join(', ')} MiB holding ${AGENTS / 2} panels each: ` +
        `${fmt(perThousand, 0)} MiB per 1,000 panels`,
    );
    console.log('');
    await Promise.all(slices.map((s) => s.ask('shift', { count: Math.ceil(SHIFT / PROCESSES) })));
    console.log('kill   takeover ms   commands held ms');
    const takeovers = [];
    const held = [];
    for (let k = 1; k <= KILLS; k++) {
      await untilSaid(standby, 'standby:', 60_000);
      await new Promise((r) => setTimeout(r, 500)); // the shift goes on a while between kills
      const killedAt = Date.now();
      await active.kill9();
      active = await standby.listening;
      takeovers.push(active.listeningAt - killedAt);
      // Held: the longest an agent waited for an answer across the takeover (the gateways retry what was in flight).
      let around = null;
      while (!around?.answeredAfter) {
        await new Promise((r) => setTimeout(r, 50));
        const answers = await Promise.all(slices.map((s) => s.ask('heldAround', { at: killedAt })));
        around = { answeredAfter: answers.some((a) => a.answeredAfter), longest: max(answers.map((a) => a.longest)) };
        if (Date.now() - killedAt > 60_000) throw new Error('no command sent after a kill was acknowledged within 60 s');
      }
      // Commands sent just before the answer came may still be waiting: a moment more, then the longest wait.
      await new Promise((r) => setTimeout(r, 300));
      held.push(max((await Promise.all(slices.map((s) => s.ask('heldAround', { at: killedAt })))).map((a) => a.longest)));
      console.log(`${String(k).padStart(4)} ${String(takeovers.at(-1)).padStart(12)} ${String(held.at(-1)).padStart(18)}`);
      standby = spawnServe({ ...serveOptions, startMs: null });
    }
    console.log('');
    console.log(`takeover (kill -> the standby listening), ms: median ${fmt(quantile(takeovers, 0.5), 0)}, max ${max(takeovers)}`);
    console.log(`commands held (the longest wait for an answer of a command in flight at the kill or sent after it), ms: median ${fmt(quantile(held, 0.5), 0)}, max ${max(held)}`);
    console.log('');

    // 3. a gateway dies: its panels resume on the other.
    await new Promise((r) => setTimeout(r, 500));
    const [dead, alive] = gateways;
    const cutAt = Date.now();
    dead.child.kill('SIGKILL');
    await new Promise((r) => dead.child.once('exit', r));
    const moved = await Promise.all(slices.map((s) => s.ask('move', { from: dead.url, to: alive.url, concurrency: CONCURRENCY / PROCESSES })));
    const movedCount = moved.reduce((n, m) => n + m.moved, 0);
    console.log(
      `3. a gateway killed: ${movedCount} panels resumed on the other in ${fmt((max(moved.map((m) => m.at)) - cutAt) / 1000, 1)} s; ` +
        `${moved.reduce((n, m) => n + m.replayed, 0)} events replayed, ${moved.reduce((n, m) => n + m.snapshots, 0)} panels given a snapshot instead`,
    );
    await new Promise((r) => setTimeout(r, 1000));
    await Promise.all(slices.map((s) => s.ask('stopShift')));
    // Every panel has every event once the live gateway's last event stays the same for 0.5 s.
    const last = await (async () => {
      for (;;) {
        const seq = (await (await fetch(alive.health)).json()).seq;
        await new Promise((r) => setTimeout(r, 500));
        if ((await (await fetch(alive.health)).json()).seq === seq) return seq;
      }
    })();
    const final = (await Promise.all(slices.map((s) => s.ask('report')))).flat();
    const check = verify(store, final, last);
    console.log(
      `checked against the store: ${check.acked} commands acknowledged, ${check.inDoubt} in doubt (their socket was cut), ${check.flips} status changes in the store; ` +
        `${check.expected} events of their own agent due to the panels, ${check.missing} missing, ${check.copies} received twice`,
    );
    console.log('');
    goal('cluster.failover_max_s', max(held) / 1000, 's', '<=', 5);
    goal('cluster.lost', check.lost, 'count', '<=', 0, 0);
    goal('cluster.doubled', check.doubled, 'count', '<=', 0, 0);
    goal('cluster.resume_gaps', check.missing, 'count', '<=', 0, 0);
    await Promise.all(slices.map((s) => s.ask('close')));
    await standby.server.stop();
    await active.stop();
  } finally {
    for (const s of slices) s.child.kill('SIGKILL');
    for (const g of gateways) g.child.kill('SIGKILL');
    await nats.stop();
    await pg.stop();
  }
}

/**
 * Each panel against the store: the status changes of a shift agent are its
 * acknowledged commands, plus at most those in doubt (lost: fewer; doubled:
 * more); every event about its own agent after its login is among what it
 * received (or under a snapshot it was given), and none came twice.
 */
function verify(url, panels, lastSeq) {
  const log = new PostgresEventStore(url);
  const own = new Map();
  try {
    for (const e of log.allEvents()) {
      if (e.ev !== 'agent.updated' || e.seq > lastSeq) continue;
      const id = e.data.agent.id;
      if (!own.has(id)) own.set(id, []);
      own.get(id).push({ seq: e.seq, status: e.data.agent.status });
    }
  } finally {
    log.close();
  }
  const out = { acked: 0, inDoubt: 0, flips: 0, lost: 0, doubled: 0, expected: 0, missing: 0, copies: 0 };
  for (const p of panels) {
    const mine = (own.get(p.agent) ?? []).filter((e) => e.seq > p.loginSeq);
    let flips = 0;
    let status = 'available';
    for (const e of mine) {
      if (e.status === status) continue;
      flips++;
      status = e.status;
    }
    out.acked += p.acked;
    out.inDoubt += p.inDoubt;
    out.flips += flips;
    out.lost += Math.max(0, p.acked - flips);
    out.doubled += Math.max(0, flips - p.acked - p.inDoubt);
    const snapshotAt = max([0, ...p.seqs.filter((s) => typeof s === 'object').map((s) => s.snapshot)]);
    const received = p.seqs.filter((s) => typeof s === 'number');
    const seen = new Set(received);
    out.copies += received.length - seen.size;
    for (const e of mine) {
      out.expected++;
      if (e.seq > snapshotAt && !seen.has(e.seq)) out.missing++;
    }
  }
  out.doubled += out.copies;
  return out;
}

async function main() {
  const root = scratchDir('switchboard-bench-cluster-');
  console.log(`bench:cluster  node ${process.version}; ${machineLine(loadAtStart)}`);
  console.log('');
  try {
    if (!flag('skip-load')) await load();
    await failover(root);
  } finally {
    removeScratch(root);
  }
  console.log(`bench time ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
