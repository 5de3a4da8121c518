// ACD throughput and offer latency: how many calls per second the core routes
// with 1,000 logged-in agents in 50 voice queues, and how long from a call's
// arrival until the offer is in the agent's client store.
//
//   npm run bench:acd -- [--agents 1000] [--queues 50] [--per-agent 3]
//                        [--calls 5000] [--max-waiting 100] [--max-in-flight 10]
//                        [--flood-seconds 20]
//                        [--rate 2] [--paced 400] [--paced-seconds 20] [--talk 20]
//                        [--dist <dir>] [--data <dir>] [--deadline 150000]
//                        [--profile <file.cpuprofile>] [--verbose] [--probe-cpu]
//                        [--growth 250,4000] [--growth-calls 1500] [--store postgres]
//                        [--gateways N] [--client-processes N]
//
// --gateways N (issue 19, what bench:cluster runs): the core publishes to a
// throwaway nats-server (--bus) and N `switchboard gateway` processes hold
// the agents' sockets (agent i on gateway i % N, each from a loopback address
// of its own); the server process is then the core alone. The frames and
// fan-out figures are the gateways' there and are not counted; each gateway's
// CPU is read from /proc. The acd.* goal lines are printed only without it.
//
// --store postgres: the core's store is PostgreSQL (a throwaway cluster on
// 127.0.0.1 started for the run, harness/lib/postgres.mjs) instead of SQLite;
// the report adds PostgreSQL's own CPU per call (its processes), for sizing.
//
// Same layout as bench/events.mjs: the compiled server (dist/, or --dist, a
// patched copy) runs in this process on 127.0.0.1, port 0, a temporary data
// directory; the N agents' clients run in one forked child
// (bench/acd-clients.mjs), each with a real ClientStore. Times are read on
// CLOCK_MONOTONIC (process.hrtime), shared by both processes.
//
// Configuration: N agents (10000..), each in 3 of 50 queues (the third at
// penalty 1); the queues cycle through the six ring strategies; every queue
// has two dispositions, wrap-up 0 s and no feedback form, so an agent is free
// again as soon as the disposition is in. Agents' sessions are started through
// the core (engine.handle of session.login) before any client is connected,
// then each client takes its session over (session.resume over ws) and loads a
// snapshot: the 1,000-agent login storm is bench:events's subject, not this one.
//
// Each client answers what rings for it, talks --talk ms, hangs up and submits
// a disposition. Callers come from the simulator (sim.placeInboundCall), the
// same telephony port a SIP adapter uses.
//
// (a) throughput: calls placed one per event-loop turn (agents' commands are
//     served in between) while fewer than --max-in-flight calls are in
//     progress and fewer than --max-waiting wait for an agent; up to --calls
//     calls or --flood-seconds. Routed calls/s = calls offered / (first
//     arrival -> the last of them complete). Every server transaction is timed (bench/lib/probe.mjs):
//     core, SQLite commit, fan-out to the sockets, wall and CPU time.
//     With N panels in one client process, that process parses every frame
//     N times over (every agent sees every agent's state and every queue's
//     statistics), so the end-to-end rate here is bounded by the client
//     process; the report also gives the server process's CPU per call and the
//     core's alone, i.e. what the server could route with real, separate panels.
// (b) latency: up to --paced calls (or --paced-seconds) at a steady --rate per
//     second, each placed only after the previous call is complete and every
//     client has caught up, so it measures latency, not backlog: arrival (just
//     before placeInboundCall, server process) -> the offer applied in the
//     offered agent's store (client process). 400 calls, so that the first
//     offer's p99 is a percentile: of 40 calls it was the slowest but one.
//
// --profile <file> writes a CPU profile of the server process during (a).
//
// --probe-cpu also reads the process's CPU time around every transaction,
// commit and fan-out (the breakdown's CPU columns, '-' without it). Each
// reading is a system call: about a tenth of the server's CPU in (a), so the
// ceiling and the growth rows are measured without them.
//
// Growth: the same bench is run again (a child process each, throughput only)
// at the --growth sizes of agents logged in, and the server's CPU and the
// frames written to agents per call are printed for each beside this run's:
// the cost of a call must not grow with the number of agents logged in. The
// queues grow in proportion, so a queue keeps its size (growthQueues).
// --growth none skips it. A run prints `row agents=N cpu_ms_per_call=X
// frames_per_call=Y` for the parent to read.
import { execFile } from 'node:child_process';
import { loadavg, tmpdir } from 'node:os';
import { distDir, distImport, flag, fmt, goal, machineLine, manyStoresExecArgv, max, now, option, pp, profilePhase, progressLog, quantile, sleep, sum, warnIfDropped } from './lib/common.mjs';
import { benchAgent, CENTER, spreadQueues } from './lib/config.mjs';
import { countFrames, coreCpuMs, coreMs, probeServer, sentSeqs } from './lib/probe.mjs';
import { Run, runMain } from './lib/run.mjs';
import { loginAtEngine } from './lib/sessions.mjs';
import { startPostgres } from '../harness/lib/postgres.mjs';
import { startNats } from '../harness/lib/nats.mjs';
import { startGateways } from './lib/gateways.mjs';
import { forkAcdClients } from './lib/acd-client-pool.mjs';

const benchStarted = now();
const loadAtStart = loadavg()[0];
const AGENTS = option('agents', 1000);
const QUEUES = option('queues', 50);
const PER_AGENT = Math.min(option('per-agent', 3), QUEUES);
const CALLS = option('calls', 5000);
const MAX_WAITING = Math.max(1, option('max-waiting', 100));
const MAX_IN_FLIGHT = Math.max(1, option('max-in-flight', 10));
const FLOOD_MS = option('flood-seconds', 20) * 1000;
const RATE = Math.max(0.1, option('rate', 50));
const PACED = option('paced', 400);
const PACED_MS = option('paced-seconds', 20) * 1000;
const TALK_MS = option('talk', 20);
const CONCURRENCY = option('connect-concurrency', 100);
const DATA_PARENT = option('data', tmpdir());
const STORE = option('store', 'sqlite');
if (STORE !== 'sqlite' && STORE !== 'postgres') {
  console.error(`--store expects sqlite or postgres, got ${STORE}`);
  process.exit(2);
}
const DEADLINE_MS = option('deadline', 150_000);
const DIST = distDir(import.meta.url);
const VERBOSE = flag('verbose');
const PROBE_CPU = flag('probe-cpu');
const GROWTH = String(option('growth', '250,4000'))
  .split(',')
  .filter((x) => x && x !== 'none')
  .map(Number);
const GROWTH_CALLS = option('growth-calls', 1500);
/** A growth row's run (a child of the main run): throughput only, and the row for the parent. */
const ROW_ONLY = flag('row-only');
const GATEWAYS = option('gateways', 0);
/** Processes the agents' clients run in (each a slice of them). */
const CLIENT_PROCESSES = Math.max(1, option('client-processes', 1));
const progress = progressLog(VERBOSE, benchStarted);

const { parseConfig } = await distImport(DIST, 'core/config/parse.js');
const { RING_STRATEGIES } = await distImport(DIST, 'core/config/schema.js');
const { startServer } = await distImport(DIST, 'server/runtime.js');

// ---------------------------------------------------------------------------
// Configuration

const queueNumber = (q) => String(8000 + q);
const strategyOf = (q) => RING_STRATEGIES[q % RING_STRATEGIES.length];

function benchConfig() {
  const voiceQueues = Array.from({ length: QUEUES }, (_, q) => ({
    number: queueNumber(q),
    name: `Queue ${q + 1}`,
    strategy: strategyOf(q),
    wrapUpSeconds: 0,
    dispositions: 'bench',
  }));
  const agents = Array.from({ length: AGENTS }, (_, i) => ({
    ...benchAgent(i),
    voiceQueues: spreadQueues(i, PER_AGENT, QUEUES)
      .map(queueNumber)
      .map((queue, k) => (k === 2 ? { queue, penalty: 1 } : queue)),
  }));
  return parseConfig(
    JSON.stringify({
      center: CENTER,
      dispositions: {
        bench: [
          { name: 'Sale', code: 'SALE', hotkey: '1' },
          { name: 'No sale', code: 'NOSALE', hotkey: '2' },
        ],
      },
      voiceQueues,
      agents,
      // No simulated traffic; callers placed by the bench wait (10 h) and never hang up first.
      simulator: { callsPerMinute: 0, patienceSeconds: { min: 36000, max: 36000 }, talkSeconds: { min: 36000, max: 36000 } },
    }),
    'bench-acd-config.json',
  );
}

// ---------------------------------------------------------------------------

const clients = forkAcdClients(new URL('./acd-clients.mjs', import.meta.url), [DIST], manyStoresExecArgv(), CLIENT_PROCESSES);
const run = new Run(clients);

async function main() {
  const config = benchConfig();
  const pg = STORE === 'postgres' ? await startPostgres() : null;
  const nats = GATEWAYS > 0 ? await startNats() : null;
  const server = await run.startServer(startServer, config, DATA_PARENT, 'switchboard-bench-acd-', { ...(pg ? { store: pg.database() } : {}), ...(nats ? { bus: nats.url } : {}) });
  const engine = server.engine;
  const gateways = nats ? await startGateways(DIST, nats.url, GATEWAYS) : null;
  run.onAbort(() => gateways?.kill());
  /** Every client has what was sent to it: counted by the in-process gateway, or, with gateways, once they have every event. */
  const synced = (timeoutMs) => (gateways ? gateways.caughtUp(engine.lastSeq(), timeoutMs) : clients.ask('sync', { sent: sentSeqs(server), timeoutMs }));

  // --- sessions through the core, then every client takes its own over -------
  const tokens = config.agents.map((a) => loginAtEngine(engine, a));
  progress('sessions started through the core');
  const connected = await clients.ask('connect', { url: `${server.http.url}/agent`, ...(gateways ? { urls: gateways.urls, spread: true } : {}), agents: config.agents.map((a) => a.number), concurrency: CONCURRENCY });
  progress('sockets connected');
  const resumed = await clients.ask('resume', { tokens });
  progress('sessions resumed');
  const settled = await synced(30_000);
  if (!settled.ok) throw new Error(`${settled.behind} clients never caught up after resuming`);
  const idle = [...engine.state.all('agent')].filter((a) => a.status === 'available' && a.activity === 'idle').length;
  if (idle !== AGENTS) throw new Error(`expected ${AGENTS} idle agents, found ${idle}`);

  // --- what the server sees of the calls ---------------------------------------
  const legToCall = new Map();
  const seenCalls = new Set();
  const arrivedAt = new Map();
  const offeredAt = new Map();
  const offersPerCall = new Map();
  const completedAt = new Map();
  const waiting = new Set();
  let completed = 0;
  let ringTimeouts = 0;
  let wake = () => {};
  engine.subscribe((events) => {
    for (const e of events) {
      if (e.ev === 'call.updated') {
        const call = e.data.call;
        // The first event of a call names its customer leg. Its reason is not always 'arrived':
        // a call offered in the same transaction it arrived in comes as one 'offered' event.
        if (!seenCalls.has(call.id)) {
          seenCalls.add(call.id);
          legToCall.set(call.customerLeg, call.id);
        }
        if (e.data.reason === 'offered' && !offeredAt.has(call.id)) {
          offeredAt.set(call.id, now());
          offersPerCall.set(call.id, call.offers.length);
        }
        if (e.data.reason === 'ring-timeout') ringTimeouts++;
        if (call.state === 'waiting') waiting.add(call.id);
        else waiting.delete(call.id);
      } else if (e.ev === 'call.removed') {
        waiting.delete(e.data.id);
        if (e.data.reason === 'completed') {
          completed++;
          completedAt.set(e.data.id, now());
        }
      }
    }
    wake();
  });
  const probe = probeServer(server, { cpu: PROBE_CPU });
  const frames = countFrames(server);
  const eventTypes = new Map();
  engine.subscribe((events) => {
    for (const e of events) {
      const type = `${e.ev}${e.data.reason ? `/${e.data.reason}` : ''}${e.audience.all ? '*' : ''}`;
      eventTypes.set(type, (eventTypes.get(type) ?? 0) + 1);
    }
  });

  /** One caller dials queue q; returns the call id. */
  function place(q) {
    const at = now();
    probe.label('arrival');
    const leg = server.sim.placeInboundCall(queueNumber(q));
    probe.label(null);
    // The call is in the engine's state at once; its events are told when its group commits.
    const id = legToCall.get(leg) ?? callOfLeg(leg);
    legToCall.delete(leg);
    arrivedAt.set(id, at);
    const rec = probe.records.at(-1);
    if (rec && rec.label === 'arrival') rec.queue = q;
    return id;
  }

  function callOfLeg(leg) {
    for (const call of engine.state.all('call')) if (call.customerLeg === leg) return call.id;
    return undefined;
  }

  async function drain(expected, timeoutMs) {
    const until = now() + timeoutMs;
    while (completed < expected && now() < until) await sleep(5);
    return completed >= expected;
  }

  progress('clients caught up');
  // --- (a) throughput ------------------------------------------------------------
  const stopProfile = await profilePhase();
  const cpuA0 = process.cpuUsage();
  const pgCpuA0 = pg?.cpuMs() ?? 0;
  const childA0 = (await clients.ask('measure', { talkMs: TALK_MS })).cpu;
  const gatewaysA0 = gateways?.cpuMs();
  probe.start();
  const floodCalls = [];
  const framesA0 = { ...frames };
  eventTypes.clear();
  const floodStart = now();
  const ticker = VERBOSE
    ? setInterval(() => progress(`(a) placed ${floodCalls.length}, offered ${offeredAt.size}, completed ${completed}, waiting ${waiting.size}`), 5000)
    : null;
  while (floodCalls.length < CALLS && now() - floodStart < FLOOD_MS) {
    if (waiting.size >= MAX_WAITING || floodCalls.length - completed >= MAX_IN_FLIGHT) {
      // Full: wait for a call to be offered or completed (or 50 ms), without spinning.
      await Promise.race([new Promise((r) => (wake = r)), sleep(50)]);
      continue;
    }
    floodCalls.push(place(floodCalls.length % QUEUES));
    await new Promise((r) => setImmediate(r));
  }
  progress('(a) placed');
  const placingMs = now() - floodStart;
  clearInterval(ticker);
  const drained = await drain(floodCalls.length, 30_000);
  const floodRouted = floodCalls.filter((id) => offeredAt.has(id));
  // Sustained: from the first arrival until the last of these calls was complete (disposition in).
  const floodSpanMs = max(floodRouted.map((id) => completedAt.get(id) ?? offeredAt.get(id))) - floodStart;
  progress('(a) drained');
  const caughtUp = await synced(30_000);
  const probeA = probe.stop();
  const gatewaysCpuA = gateways?.cpuMs().map((ms, i) => ms - gatewaysA0[i]);
  const profiled = await stopProfile();
  const framesA = { frames: frames.frames - framesA0.frames, bytes: frames.bytes - framesA0.bytes, batches: frames.batches - framesA0.batches, batchBytes: frames.batchBytes - framesA0.batchBytes };
  const eventsA = new Map(eventTypes);
  const cpuA = process.cpuUsage(cpuA0);
  const pgCpuA = (pg?.cpuMs() ?? 0) - pgCpuA0;
  const resultsA = await clients.ask('results');
  if (!drained) console.error(`warning: only ${completed} of ${floodCalls.length} calls completed within 30 s of the last arrival`);

  progress('(a) clients caught up');
  if (ROW_ONLY) {
    await run.releaseClients();
    gateways?.kill();
    await server.close();
    await nats?.stop();
    await pg?.stop();
    run.removeDataDir();
    const cpuMsPerCall = (cpuA.user + cpuA.system) / 1000 / completed;
    console.log(`row agents=${AGENTS} cpu_ms_per_call=${cpuMsPerCall} frames_per_call=${framesA.frames / completed} calls=${completed}`);
    return;
  }
  // --- (b) paced latency ---------------------------------------------------------
  const completedBefore = completed;
  await clients.ask('measure', { talkMs: TALK_MS });
  probe.start();
  const pacedCalls = [];
  const pacedStart = now();
  const interval = 1000 / RATE;
  for (let i = 0; i < PACED && now() - pacedStart < PACED_MS; i++) {
    // Never before the previous call is complete and every client has caught
    // up: one call in the system at a time, so this is latency, not backlog.
    if (i > 0) {
      await drain(completedBefore + i, 10_000);
      await synced(10_000);
    }
    const due = pacedStart + i * interval;
    const wait = due - now();
    if (wait > 1) await sleep(wait);
    pacedCalls.push(place((i * 7) % QUEUES));
  }
  const pacedMs = now() - pacedStart;
  progress('(b) placed');
  await drain(completedBefore + pacedCalls.length, 30_000);
  await synced(30_000);
  const probeB = probe.stop();
  const resultsB = await clients.ask('results');
  probe.remove();

  await run.releaseClients();
  gateways?.kill();
  await server.close();
  await nats?.stop();
  await pg?.stop();
  run.removeDataDir();

  // --- report ----------------------------------------------------------------------
  const strategies = [...RING_STRATEGIES];
  const callQueue = new Map();
  floodCalls.forEach((id, i) => callQueue.set(id, i % QUEUES));
  pacedCalls.forEach((id, i) => callQueue.set(id, (i * 7) % QUEUES));
  const inStrategy = (s, q) => s === 'all' || strategyOf(q) === s;
  const ms = (xs) => xs.map((x) => x.ms);

  const routingA = probeA.records.filter((r) => r.offered > 0);
  const arrivalsA = probeA.records.filter((r) => r.label === 'arrival' && r.queue !== undefined);
  const arrivalsB = probeB.records.filter((r) => r.label === 'arrival' && r.queue !== undefined);
  const latencies = resultsB.offers.filter(([id]) => arrivedAt.has(id)).map(([id, , t]) => ({ id, ms: t - arrivedAt.get(id), q: callQueue.get(id) }));
  // The first agent offered each call (ring-all rings many at once).
  const firstOffer = new Map();
  for (const l of latencies) if (!firstOffer.has(l.id) || l.ms < firstOffer.get(l.id).ms) firstOffer.set(l.id, l);

  const routedPerS = (floodRouted.length / floodSpanMs) * 1000;
  const serverCpuMs = (cpuA.user + cpuA.system) / 1000;
  const clientCpuMs = (resultsA.cpu.user - childA0.user + resultsA.cpu.system - childA0.system) / 1000;
  const serverMsPerCall = serverCpuMs / completedBefore;
  // Without --probe-cpu, the core's own cost is its wall time (nothing else runs inside a transaction).
  const coreMsPerCall = sum(probeA.records.map(PROBE_CPU ? coreCpuMs : coreMs)) / completedBefore;
  const waitA = floodRouted.map((id) => offeredAt.get(id) - arrivedAt.get(id));
  const byLabel = new Map();
  for (const r of probeA.records) {
    const l = byLabel.get(r.label) ?? { n: 0, total: 0, core: 0, commit: 0, fanOut: 0, cpu: 0, cpuCore: 0, cpuCommit: 0, cpuFanOut: 0 };
    l.n++;
    l.total += r.total;
    l.core += coreMs(r);
    l.commit += r.commit;
    l.fanOut += r.fanOut;
    l.cpu += r.cpuTotal;
    l.cpuCore += coreCpuMs(r);
    l.cpuCommit += r.cpuCommit;
    l.cpuFanOut += r.cpuFanOut;
    byLabel.set(r.label, l);
  }
  const all = [...byLabel.values()];

  console.log(`bench:acd  node ${process.version}, ${AGENTS} agents logged in (available, inbound) in ${QUEUES} voice queues, ${PER_AGENT} each (the third at penalty 1)`);
  console.log(`  queue strategies in turn: ${strategies.join(', ')}; every queue has 2 dispositions, wrap-up 0 s and no form`);
  console.log(`  each client answers what rings for it (call.answer), talks ${TALK_MS} ms, hangs up (call.hangup), submits disposition SALE (disposition.submit)`);
  console.log(`  compiled code: ${DIST}; ${machineLine(loadAtStart)}`);
  console.log('');
  console.log(`setup: ${AGENTS} sockets connected in ${fmt(connected.connectMs, 0)} ms; ${AGENTS} sessions started through the core, taken over at once (session.resume): every snapshot loaded after ${fmt(resumed.ms, 0)} ms`);
  console.log('');
  console.log(
    `(a) throughput: ${floodCalls.length} calls placed in ${fmt(placingMs / 1000, 1)} s, each at the next event-loop turn while fewer than ${MAX_IN_FLIGHT} calls are in progress (cap ${CALLS} calls or ${FLOOD_MS / 1000} s)`,
  );
  console.log(
    `    ${floodRouted.length} routed (arrival -> offered) and handled in ${fmt(floodSpanMs / 1000, 2)} s (first arrival -> last call complete) = ${fmt(routedPerS, 1)} calls/s; ` +
      `${arrivalsA.length} arrival transactions; arrival -> offered p50 / p99 ${pp(waitA)} ms`,
  );
  console.log(
    `    completed ${completedBefore} (answered ${resultsA.tally.answered}, disposed ${resultsA.tally.disposed}); answers refused (ring-all, answered elsewhere): ${resultsA.tally.refused.NOT_YOUR_CALL ?? 0}` +
      `${Object.keys(resultsA.tally.refused).some((k) => k !== 'NOT_YOUR_CALL') ? `, other refusals ${JSON.stringify(resultsA.tally.refused)}` : ''}; ring timeouts ${ringTimeouts}`,
  );
  console.log(
    `    per call: ${fmt(framesA.frames / completedBefore, 1)} frames (${fmt(framesA.bytes / completedBefore / 1024, 1)} KiB) written to the ${AGENTS} agents' sockets, ` +
      `and apart from them ${framesA.batches} live batches in all (${fmt(framesA.batchBytes / 1048576, 1)} MiB: figures, at most one per panel per interval, however many calls); events per call: ${[...eventsA.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${fmt(n / completedBefore, 1)}`)
      .join(', ')}  (* = to every agent)`,
  );
  console.log(
    `    CPU during (a): server process ${fmt(serverCpuMs, 0)} ms (${fmt((100 * serverCpuMs) / placingMs, 0)}% of the time), client process${CLIENT_PROCESSES > 1 ? `es (${CLIENT_PROCESSES})` : ''} ${fmt(clientCpuMs, 0)} ms (${fmt((100 * clientCpuMs) / placingMs, 0)}%); ` +
      `every client caught up ${caughtUp.ok ? `${fmt((caughtUp.at - floodStart) / 1000, 1)} s after the first arrival` : `NEVER (${caughtUp.behind} behind)`}`,
  );
  if (gateways)
    console.log(
      `    ${GATEWAYS} gateways hold the ${AGENTS} panels (${AGENTS / GATEWAYS} each); their CPU during (a), ms: ${gatewaysCpuA.map((ms) => fmt(ms, 0)).join(', ')} = ` +
        `${gatewaysCpuA.map((ms) => fmt(ms / completedBefore, 2)).join(', ')} ms per call; per 1,000 agents held ${gatewaysCpuA.map((ms) => fmt((ms / placingMs) * 100 / (AGENTS / GATEWAYS / 1000), 1)).join(', ')}% of a core at ${fmt(routedPerS, 0)} calls/s`,
    );
  if (pg)
    console.log(
      `    the store is PostgreSQL: its processes used ${fmt(pgCpuA, 0)} ms CPU during (a), ${fmt(pgCpuA / completedBefore, 2)} ms per call (beside the server process's ${fmt(serverMsPerCall, 2)})`,
    );
  console.log(
    `    server transactions during (a), wall ms (CPU ms): ${fmt(sum(all.map((l) => l.total)), 0)} (${fmt(sum(all.map((l) => l.cpu)), 0)}) = core ${fmt(sum(all.map((l) => l.core)), 0)} (${fmt(sum(all.map((l) => l.cpuCore)), 0)}) ` +
      `+ ${pg ? 'PostgreSQL' : 'SQLite'} commit ${fmt(sum(all.map((l) => l.commit)), 0)} (${fmt(sum(all.map((l) => l.cpuCommit)), 0)}) + fan-out ${fmt(sum(all.map((l) => l.fanOut)), 0)} (${fmt(sum(all.map((l) => l.cpuFanOut)), 0)})`,
  );
  console.log(
    `    mean per transaction kind, wall ms (core CPU ms): ${[...byLabel.entries()]
      .filter(([label]) => label !== 'internal')
      .sort((a, b) => b[1].total - a[1].total)
      .map(([label, l]) => `${label} ${l.n}x ${fmt(l.total / l.n, 2)} (${fmt(l.cpuCore / l.n, 2)})`)
      .join(', ')}`,
  );
  console.log(
    `    routing transactions (${routingA.length}, any that offered a call), p50 / p99 ms: whole ${pp(routingA.map((r) => r.total))}, core ${pp(routingA.map(coreMs))} (CPU ${pp(routingA.map(coreCpuMs))}), ` +
      `commit ${pp(routingA.map((r) => r.commit))}, fan-out ${pp(routingA.map((r) => r.fanOut))}`,
  );
  console.log(
    `    ceilings from (a): server process ${fmt(serverMsPerCall, 1)} ms CPU per call -> ${fmt(1000 / serverMsPerCall, 0)} calls/s; core alone (all of a call's transactions, ${PROBE_CPU ? 'CPU' : 'wall'}) ${fmt(coreMsPerCall, 2)} ms per call -> ${fmt(1000 / coreMsPerCall, 0)} calls/s`,
  );
  if (!PROBE_CPU) console.log(`    (CPU per transaction not read, '-': the readings would cost the server about a tenth of its CPU; --probe-cpu reads them)`);
  console.log('');
  console.log(
    `(b) latency: ${pacedCalls.length} calls (cap ${PACED} or ${PACED_MS / 1000} s) at ${RATE}/s (achieved ${fmt((pacedCalls.length / pacedMs) * 1000, 2)}/s; each waits for the previous call to complete and every client to catch up), ` +
      `arrival (server process) -> offer applied in the offered agent's store (client process)`,
  );
  console.log('');
  console.log('strategy       queues  calls(a)  offers/call  arrival tx p50/p99 ms   core p50/p99 ms  fan-out p50/p99 ms  offers(b)  offer latency p50 / p99 / max ms');
  for (const s of [...strategies, 'all']) {
    const txs = arrivalsA.filter((r) => inStrategy(s, r.queue));
    const calls = floodRouted.filter((id) => inStrategy(s, callQueue.get(id)));
    const opc = calls.map((id) => offersPerCall.get(id));
    const lat = ms(latencies.filter((l) => inStrategy(s, l.q)));
    const queues = config.voiceQueues.filter((_, q) => inStrategy(s, q)).length;
    console.log(
      `${s.padEnd(14)} ${String(queues).padStart(6)} ${String(calls.length).padStart(9)} ${fmt(sum(opc) / opc.length, 1).padStart(12)}  ${pp(txs.map((r) => r.total)).padStart(20)}  ${pp(txs.map(coreMs)).padStart(16)}  ${pp(txs.map((r) => r.fanOut)).padStart(18)}  ${String(lat.length).padStart(9)}  ${fmt(quantile(lat, 0.5))} / ${fmt(quantile(lat, 0.99))} / ${fmt(max(lat))}`,
    );
  }
  const first = ms([...firstOffer.values()]);
  const committedB = pacedCalls.filter((id) => offeredAt.has(id)).map((id) => offeredAt.get(id) - arrivedAt.get(id));
  console.log('');
  console.log(
    `(b) first agent offered each call: p50 / p99 ${pp(first)} ms; of which in the server (arrival transaction, core; its group's commit and fan-out are the group rows) p50 / p99 ${pp(arrivalsB.map((r) => r.total))} ms; ` +
      `arrival -> offer committed (its group stored, before the fan-out) p50 / p99 ${pp(committedB)} ms`,
  );
  console.log('');
  console.log(
    `summary: ${AGENTS} agents, ${QUEUES} queues: ${fmt(routedPerS, 1)} calls/s routed end to end with ${AGENTS} panels in ${CLIENT_PROCESSES === 1 ? 'one client process' : `${CLIENT_PROCESSES} client processes`} ` +
      `(server ceiling ${fmt(1000 / serverMsPerCall, 0)}/s, core alone ${fmt(1000 / coreMsPerCall, 0)}/s); core ${fmt(quantile(routingA.map(coreMs), 0.5))} ms per routing transaction (p50, CPU ${fmt(quantile(routingA.map(coreCpuMs), 0.5))}); ` +
      `offer in the store of the first agent offered p50 ${fmt(quantile(first, 0.5), 1)} ms, p99 ${fmt(quantile(first, 0.99), 1)} ms (every offer, ring-all's many included: p50 ${fmt(quantile(ms(latencies), 0.5), 1)}, p99 ${fmt(quantile(ms(latencies), 0.99), 1)})`,
  );
  warnIfDropped(resultsB.dropped);

  // --- growth: the same calls with fewer and more agents logged in ----------------
  const rows = [{ agents: AGENTS, queues: QUEUES, cpuMsPerCall: serverMsPerCall, framesPerCall: framesA.frames / completedBefore, calls: completedBefore }];
  for (const agents of GROWTH) rows.push(await growthRow(agents));
  rows.sort((a, b) => a.agents - b.agents);
  console.log('');
  console.log(`growth: the same bench at other sizes (a child process each, throughput only), queues in proportion so a queue keeps ~${Math.round((AGENTS * PER_AGENT) / QUEUES)} members`);
  console.log('agents logged in  queues   calls   server CPU ms per call   frames to agents per call');
  for (const r of rows) console.log(`${String(r.agents).padStart(16)} ${String(r.queues).padStart(7)} ${String(r.calls).padStart(7)} ${fmt(r.cpuMsPerCall, 2).padStart(24)} ${fmt(r.framesPerCall, 1).padStart(27)}`);
  const smallest = rows[0];
  const largest = rows.at(-1);

  const ringAll = ms(latencies.filter((l) => strategyOf(l.q) === 'ring-all'));
  console.log('');
  if (gateways) {
    // For bench:cluster: the figures it compares, one line.
    const perGateway = gatewaysCpuA.map((ms) => ms / placingMs / (AGENTS / GATEWAYS / 1000));
    console.log(
      `cluster-row calls_per_s=${routedPerS} first_offer_p99_ms=${quantile(first, 0.99)} core_cpu_ms_per_call=${serverMsPerCall} pg_cpu_ms_per_call=${pgCpuA / completedBefore} gateway_cpu_per_1000_agents=${perGateway.join('/')} gateway_cpu_ms_per_call=${gatewaysCpuA.map((ms) => ms / completedBefore).join('/')}`,
    );
    console.log('(no acd.* goal lines with --gateways: the frames and fan-out are the gateways\', not counted here; bench:cluster prints its goals)');
    console.log(`bench time ${fmt((now() - benchStarted) / 1000, 0)} s`);
    return;
  }
  console.log(`cluster-row calls_per_s=${routedPerS} first_offer_p99_ms=${quantile(first, 0.99)} core_cpu_ms_per_call=${serverMsPerCall} pg_cpu_ms_per_call=${pgCpuA / completedBefore}`);
  goal('acd.server_calls_per_s', 1000 / serverMsPerCall, 'calls/s', '>=', 500);
  goal('acd.end_to_end_calls_per_s', routedPerS, 'calls/s', '>=', 150);
  goal('acd.first_offer_p99_ms', quantile(first, 0.99), 'ms', '<=', 10);
  goal('acd.ringall_offer_p99_ms', quantile(ringAll, 0.99), 'ms', '<=', 20);
  goal('acd.frames_per_call', framesA.frames / completedBefore, 'frames', '<=', 30);
  if (rows.length > 1)
    goal(`acd.cpu_growth_${largest.agents}_vs_${smallest.agents}`, largest.cpuMsPerCall / smallest.cpuMsPerCall, 'x', '<=', 1.5);
  if (profiled) console.log(`CPU profile of the server process during (a): ${profiled}`);
  console.log(`bench time ${fmt((now() - benchStarted) / 1000, 0)} s`);
}

/**
 * Queues for a growth row: as many more (or fewer) as agents, in whole
 * turns of the six strategies, so a queue keeps about as many members as in
 * this run. What is measured is the number of agents logged in, not the size
 * of a queue (a ring-all call rings every free member: its cost is its
 * queue's, whatever the centre's size).
 */
function growthQueues(agents) {
  return Math.max(RING_STRATEGIES.length, RING_STRATEGIES.length * Math.round((QUEUES * agents) / AGENTS / RING_STRATEGIES.length));
}

/** This bench again in a child process with `agents` logged in, throughput only: its row. */
function growthRow(agents) {
  const args = [new URL(import.meta.url).pathname, '--agents', String(agents), '--queues', String(growthQueues(agents)), '--calls', String(GROWTH_CALLS), '--row-only', '--growth', 'none', '--dist', DIST, '--data', DATA_PARENT, '--store', STORE];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      const m = /row agents=(\d+) cpu_ms_per_call=([\d.]+) frames_per_call=([\d.]+) calls=(\d+)/.exec(stdout);
      if (error || !m) return reject(new Error(`the run with ${agents} agents failed: ${error?.message ?? ''}\n${stderr}`));
      resolve({ agents: Number(m[1]), queues: growthQueues(agents), cpuMsPerCall: Number(m[2]), framesPerCall: Number(m[3]), calls: Number(m[4]) });
    });
  });
}

runMain('bench:acd', DEADLINE_MS * (ROW_ONLY ? 1 : 1 + GROWTH.length), run, main);
