// Event fan-out latency: how long from a change in the core until it has been
// applied in every logged-in agent's client store, against the floor of a
// bare `ws` server broadcasting frames of the same bytes to the same clients.
//
//   npm run bench:events -- [--agents 1000] [--changes 200] [--interval 30]
//                           [--queues 50] [--per-agent 3] [--warmup 10] [--data <dir>]
//
// Runs the compiled server from dist/ (build first: npx tsc -p .), started in
// this process from dist/server/runtime.js with a generated configuration of N
// agents (10000.., PIN = number) in a few of 50 voice queues, a temporary data
// directory and port 0. The floor (a bare ws WebSocketServer) lives in this
// process too. The clients - N that log in to switchboard and keep a real
// ClientStore, N for the floor - live in one forked child
// (bench/events-clients.mjs). Agents log in paused, so a call arriving changes
// only its queue's statistics: one queue.stats event, which every agent sees.
// Times are read on CLOCK_MONOTONIC (process.hrtime), shared by both processes.
import { tmpdir } from 'node:os';
import { WebSocketServer } from 'ws';
import { parseConfig } from '../dist/core/config/parse.js';
import { startServer } from '../dist/server/runtime.js';
import { toFrame } from '../dist/server/gateway.js';
import { forkClients, max, now, option, pp, quantile, sleep, timeMethod } from './lib/common.mjs';
import { benchAgent, CENTER, spreadQueues } from './lib/config.mjs';
import { Run, runMain } from './lib/run.mjs';

const benchStarted = now();

const AGENTS = option('agents', 1000);
const CHANGES = option('changes', 200);
const INTERVAL_MS = option('interval', 30);
const QUEUES = option('queues', 50);
const PER_AGENT = Math.min(option('per-agent', 3), QUEUES);
const CONCURRENCY = option('connect-concurrency', 100);
/** Changes made (and not counted) before the measured ones, after a pause to let the login storm settle. */
const WARMUP = option('warmup', 10);
const SETTLE_MS = option('settle', 1000);
const DATA_PARENT = option('data', tmpdir());
/** Whole-run guard: a bench must end, whatever happens. */
const DEADLINE_MS = option('deadline', 150_000);

// ---------------------------------------------------------------------------
// Configuration: N agents (10000..), 50 voice queues (8000..), each agent in a few.

function benchConfig() {
  const queueNumber = (q) => String(8000 + q);
  const voiceQueues = Array.from({ length: QUEUES }, (_, q) => ({ number: queueNumber(q), name: `Queue ${q + 1}` }));
  const agents = Array.from({ length: AGENTS }, (_, i) => ({ ...benchAgent(i), voiceQueues: spreadQueues(i, PER_AGENT, QUEUES).map(queueNumber) }));
  return parseConfig(
    JSON.stringify({
      center: CENTER,
      voiceQueues,
      agents,
      // No simulated traffic; callers placed by the bench wait (patience of 10 h).
      simulator: { callsPerMinute: 0, patienceSeconds: { min: 36000, max: 36000 }, talkSeconds: { min: 60, max: 60 } },
    }),
    'bench-config.json',
  );
}

// ---------------------------------------------------------------------------
// The client process.

const clients = forkClients(new URL('./events-clients.mjs', import.meta.url));
const run = new Run(clients);

// ---------------------------------------------------------------------------
// The paced run. Changes alternate between switchboard and the floor (the
// floor re-sends the frame switchboard made for the same change), one every
// INTERVAL_MS and never before the previous change has reached every client:
// the figure is latency, not queueing, and both systems meet the same machine
// at the same time (other load on it shows in both).

/** Resolves when the client process reports that change seq of mode has reached every client. */
function waitDelivered(mode, seq) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stopListening();
      reject(new Error(`${mode} change (seq ${seq}) did not reach every client within 10 s`));
    }, 10_000);
    const stopListening = clients.on('done', (m) => {
      if (m.mode !== mode || m.seq !== seq) return;
      clearTimeout(timer);
      stopListening();
      resolve();
    });
  });
}

async function pacedRun(systems) {
  const issued = { switchboard: [], floor: [] };
  for (let i = 0; i < WARMUP + CHANGES; i++) {
    for (const mode of ['switchboard', 'floor']) {
      const started = now();
      // `expect` is called synchronously with the change; the client process's
      // "done" can only arrive over IPC in a later turn, so it cannot be missed.
      let delivered;
      const { seq, at } = systems[mode](i, (seq) => (delivered = waitDelivered(mode, seq)));
      await delivered;
      if (i >= WARMUP) issued[mode].push({ seq, at });
      const rest = INTERVAL_MS - (now() - started);
      if (rest > 0) await sleep(rest);
    }
  }
  const arrivals = await clients.ask('results');
  const out = {};
  for (const mode of ['switchboard', 'floor']) {
    const bySeq = new Map(arrivals[mode]);
    const all = [];
    const lastPerChange = [];
    for (const { seq, at } of issued[mode]) {
      let last = 0;
      for (const t of bySeq.get(seq)) {
        const latency = t - at;
        all.push(latency);
        if (latency > last) last = latency;
      }
      lastPerChange.push(last);
    }
    out[mode] = { all, lastPerChange };
  }
  return out;
}

// ---------------------------------------------------------------------------

async function main() {
  const config = benchConfig();
  const server = await run.startServer(startServer, config, DATA_PARENT, 'switchboard-bench-');

  // --- switchboard clients: connect and log in --------------------------------
  const connected = await clients.ask('connect', { mode: 'switchboard', url: `${server.http.url}/agent`, n: AGENTS, concurrency: CONCURRENCY });
  const seqBeforeLogin = server.engine.lastSeq();
  let lastLoginCommit = 0;
  const stopWatchingLogin = server.engine.subscribe(() => (lastLoginCommit = now()));
  const serverCpu0 = process.cpuUsage();
  // Paused, so that a call arriving changes its queue's statistics and nothing
  // else (no agent is offered the call): one queue.stats event per change.
  const login = await clients.ask('login', { agents: config.agents.map((a) => a.number), as: 'paused' });
  const serverCpu = process.cpuUsage(serverCpu0);
  stopWatchingLogin();
  const loginEvents = server.engine.lastSeq() - seqBeforeLogin;
  const settled = await clients.ask('sync', { seq: server.engine.lastSeq(), timeoutMs: 60_000 });
  if (!settled.ok) throw new Error(`${settled.behind} clients never caught up after login`);
  const loggedIn = [...server.engine.state.all('agent')].filter((a) => a.status !== 'logged-out').length;
  if (loggedIn !== AGENTS) throw new Error(`expected ${AGENTS} agents logged in, found ${loggedIn}`);
  console.log(`bench:events  node ${process.version}, ${AGENTS} agents in ${QUEUES} voice queues (${PER_AGENT} each); data dir under ${DATA_PARENT}`);
  console.log('');
  console.log(`connect ${AGENTS} sockets: ${connected.connectMs.toFixed(0)} ms`);
  console.log(
    `login ${AGENTS} agents (session.login sent by all at once): all snapshots loaded after ${login.loginMs.toFixed(0)} ms; ` +
      `last login committed by the server after ${(lastLoginCommit - login.startedAt).toFixed(0)} ms; every client caught up after ${(settled.at - login.startedAt).toFixed(0)} ms`,
  );
  console.log(
    `  during login: ${loginEvents} events committed; server process CPU ${(serverCpu.user / 1000).toFixed(0)} ms user + ${(serverCpu.system / 1000).toFixed(0)} ms sys, ` +
      `client process CPU ${login.cpuUserMs.toFixed(0)} ms user + ${login.cpuSystemMs.toFixed(0)} ms sys`,
  );

  // --- floor: a bare ws server in this process, the same number of clients ----
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise((resolve) => wss.once('listening', resolve));
  await clients.ask('connect', { mode: 'floor', url: `ws://127.0.0.1:${wss.address().port}/`, n: AGENTS, concurrency: CONCURRENCY });
  await sleep(SETTLE_MS);

  // --- the measured changes ----------------------------------------------------
  // Where a change's time goes inside the server: the SQLite commit (timed by
  // wrapping the store's commit), and the whole synchronous change (core +
  // commit + fan-out into the sockets' write path).
  let commitMs = 0;
  const restoreCommit = timeMethod(server.engine.deps.store, 'commit', (ms) => (commitMs = ms));
  let fanOutMs = 0;
  const restoreFanOut = timeMethod(server.gateway, 'fanOut', (ms) => (fanOutMs = ms));
  const serverSide = { commit: [], fanOut: [], change: [] };
  const floorSide = [];
  let lastStats = null;
  const unsubscribe = server.engine.subscribe((events) => {
    for (const e of events) if (e.ev === 'queue.stats') lastStats = e;
  });
  const frames = [];
  await clients.ask('measure');
  const result = await pacedRun({
    switchboard(i, expect) {
      lastStats = null;
      const queue = config.voiceQueues[i % config.voiceQueues.length].number;
      // The seq is known only once the change is committed, which is also when
      // it is fanned out; the frames reach the client process no earlier than
      // the next turn of this event loop, after `expect` has been called.
      const at = now();
      server.sim.placeInboundCall(queue);
      if (i >= WARMUP) {
        serverSide.change.push(now() - at);
        serverSide.commit.push(commitMs);
        serverSide.fanOut.push(fanOutMs);
      }
      if (!lastStats) throw new Error('an arriving call made no queue.stats event');
      expect(lastStats.seq);
      frames[i] = toFrame(lastStats);
      return { seq: lastStats.seq, at };
    },
    floor(i, expect) {
      // The frame switchboard sent for the same change: the same bytes. Serialised
      // once, sent to every socket: what the gateway does, minus the core.
      const frame = frames[i];
      expect(frame.seq);
      const at = now();
      const text = JSON.stringify(frame);
      for (const ws of wss.clients) ws.send(text);
      if (i >= WARMUP) floorSide.push(now() - at);
      return { seq: frame.seq, at };
    },
  });
  unsubscribe();
  restoreCommit();
  restoreFanOut();
  const frameBytes = frames.map((f) => Buffer.byteLength(JSON.stringify(f)));
  await run.releaseClients();
  // Only now: the floor's server waits for its clients' sockets to close.
  await new Promise((resolve) => wss.close(resolve));
  await server.close();
  run.removeDataDir();

  // --- report -------------------------------------------------------------------
  const sb = result.switchboard;
  const floor = result.floor;
  const ms = (x) => x.toFixed(2).padStart(8);
  console.log('');
  console.log(
    `change = a call arriving in a queue (sim.placeInboundCall) -> one queue.stats event (${Math.min(...frameBytes)}-${Math.max(...frameBytes)} bytes) to every agent`,
  );
  console.log(
    `${CHANGES} measured changes per system (+${WARMUP} warm-up), switchboard and floor alternating, one every >= ${INTERVAL_MS} ms and after the previous one reached every client`,
  );
  console.log(`latency = change issued (server process) -> applied in each client's store (client process)`);
  console.log('');
  console.log('system          agents  changes   p50 ms   p99 ms   max ms   last client p50 / p99 ms');
  const row = (label, r) =>
    console.log(
      `${label.padEnd(14)} ${String(AGENTS).padStart(7)} ${String(CHANGES).padStart(8)} ${ms(quantile(r.all, 0.5))} ${ms(quantile(r.all, 0.99))} ${ms(max(r.all))}   ${pp(r.lastPerChange)}`,
    );
  row('switchboard', sb);
  row('floor (ws)', floor);
  console.log(
    `switchboard, inside the server per change (p50 / p99 ms): SQLite commit ${pp(serverSide.commit)}; gateway fan-out to ${AGENTS} sockets ${pp(serverSide.fanOut)}; ` +
      `whole change (core + commit + fan-out) ${pp(serverSide.change)}`,
  );
  console.log(
    `floor, inside the server per change (p50 / p99 ms): serialise + send to ${AGENTS} sockets ${pp(floorSide)}`,
  );
  console.log('');
  const p50Ratio = quantile(sb.all, 0.5) / quantile(floor.all, 0.5);
  const p99Ratio = quantile(sb.all, 0.99) / quantile(floor.all, 0.99);
  console.log(`p50 ratio (switchboard / floor): ${p50Ratio.toFixed(2)}`);
  console.log(`p99 ratio (switchboard / floor): ${p99Ratio.toFixed(2)}   (goal <= 1.5 at 1,000 agents${AGENTS === 1000 ? `: ${p99Ratio <= 1.5 ? 'met' : 'missed'}` : `; this run had ${AGENTS}`})`);
  console.log(`bench time ${((now() - benchStarted) / 1000).toFixed(0)} s`);
}

runMain('bench:events', DEADLINE_MS, run, main);
