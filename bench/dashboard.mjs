// Dashboards at scale: how long the panel takes to open each dashboard tab and
// to apply a filter with 1,000 agents and 100,000 closed conversations, and
// what keeping the daily metrics live costs the server at 50 changes a second.
//
//   npm run bench:dashboard -- [--agents 1000] [--closed 100000] [--rate 50]
//                              [--seconds 20] [--runs 5] [--data <dir>]
//
// Runs the compiled code from dist/ (build first: npx tsc -p .). The server
// runs in this process (dist/server/runtime.js, a generated configuration,
// a temporary data directory, port 0). The closed conversations are made
// through the core (createConversation, assignTo, close in engine.run, 1,000
// per transaction), then every agent logs in at the engine. The panel runs in
// a forked child (bench/dashboard-clients.mjs): a supervisor's AgentClient
// over a real WebSocket, and the real Ink components drawn by
// ink-testing-library. Times in the child go from the request (a render, a
// key) to the data on screen, or from a command to its answer in hand.
//
// Then the live part: for --seconds, --rate conversation changes a second
// (a chat arrives and is assigned, an agent's first reply, a close, in turn),
// each its own transaction as the gateways would make them, while the
// supervisor's panel is connected. The server process's CPU (process.cpuUsage)
// is reported per minute, beside the same process idle for as long, and the
// share spent in the metrics keeper.
import { tmpdir } from 'node:os';
import { parseConfig } from '../dist/core/config/parse.js';
import { assignTo } from '../dist/core/messaging/assign.js';
import { agentMessage, close, createConversation } from '../dist/core/messaging/conversation.js';
import { startServer } from '../dist/server/runtime.js';
import { forkClients, now, option, sleep, timeMethod } from './lib/common.mjs';
import { agentNumber, benchAgent, CENTER } from './lib/config.mjs';
import { Run, runMain } from './lib/run.mjs';
import { loginAtEngine } from './lib/sessions.mjs';

const benchStarted = now();

const AGENTS = option('agents', 1000);
const CLOSED = option('closed', 100_000);
const RATE = option('rate', 50);
const SECONDS = option('seconds', 20);
const RUNS = Math.max(1, option('runs', 5));
const MQUEUES = 10;
const VQUEUES = 20;
const BATCH = 1000;
const DATA_PARENT = option('data', tmpdir());
/** Whole-run guard: a bench must end, whatever happens. */
const DEADLINE_MS = option('deadline', 600_000);
const SUPERVISOR = '90000';

// ---------------------------------------------------------------------------
// Configuration: N agents (10000..) each in one of 10 messaging queues and two
// of 20 voice queues, with capacities; one supervisor in every queue.

function benchConfig() {
  const mq = (q) => `mq${q}`;
  const vq = (q) => String(8000 + q);
  const agents = Array.from({ length: AGENTS }, (_, i) => ({
    ...benchAgent(i),
    messagingQueues: [mq(i % MQUEUES)],
    voiceQueues: [vq(i % VQUEUES), vq((i + 7) % VQUEUES)],
    capacity: { livechat: 3, email: 5, sms: 3 },
  }));
  agents.push({
    number: SUPERVISOR,
    name: 'Bench Supervisor',
    email: 'sup@bench.switchboard',
    pin: SUPERVISOR,
    password: 'bench',
    role: 'supervisor',
    messagingQueues: Array.from({ length: MQUEUES }, (_, q) => mq(q)),
    voiceQueues: Array.from({ length: VQUEUES }, (_, q) => vq(q)),
    capacity: { livechat: 2, email: 3 },
  });
  return parseConfig(
    JSON.stringify({
      center: CENTER,
      messagingQueues: Array.from({ length: MQUEUES }, (_, q) => ({ id: mq(q), name: `Messaging ${q + 1}`, channels: ['livechat', 'email', 'sms'] })),
      voiceQueues: Array.from({ length: VQUEUES }, (_, q) => ({ number: vq(q), name: `Voice ${q + 1}` })),
      agents,
      simulator: { callsPerMinute: 0, chatsPerHour: 0, patienceSeconds: { min: 36000, max: 36000 }, talkSeconds: { min: 60, max: 60 } },
    }),
    'bench-dashboard.json',
  );
}

// ---------------------------------------------------------------------------
// The client process.

const clients = forkClients(new URL('./dashboard-clients.mjs', import.meta.url));
const run = new Run(clients);

// ---------------------------------------------------------------------------

const cpuMs = (u) => (u.user + u.system) / 1000;
const fmt = (n) => n.toLocaleString('en-US');

/** 100,000 closed conversations through the core, a thousand per transaction, spread over the last 30 days. */
function makeClosed(server) {
  const engine = server.engine;
  const t0 = now();
  const cpu0 = process.cpuUsage();
  const span = 30 * 86_400_000;
  const channels = ['livechat', 'email', 'sms'];
  for (let start = 0; start < CLOSED; start += BATCH) {
    engine.run((ctx) => {
      const base = ctx.clock.now() - span;
      for (let n = start; n < Math.min(CLOSED, start + BATCH); n++) {
        const agent = agentNumber(n % AGENTS);
        const c = createConversation(ctx, {
          channel: channels[n % 3],
          queue: `mq${n % AGENTS % MQUEUES}`,
          customer: { id: `email:c${n}@example.com`, name: `Customer ${n}`, email: `c${n}@example.com`, phone: null, ip: null, geo: null },
          subject: `Question ${n}`,
        });
        const started = ctx.tx.put('conversation', { ...c, createdAt: base + Math.floor((n / CLOSED) * span) }, 'created');
        const closed = close(ctx, assignTo(ctx, started, agent, 'manual', agent), { kind: 'agent', id: agent });
        if (n % 4 === 0) ctx.tx.put('conversation', { ...closed, survey: { score: 1 + (n % 10), comment: n % 8 === 0 ? 'Thanks' : '', at: ctx.clock.now() } }, 'survey');
      }
    });
  }
  return { ms: now() - t0, cpuMs: cpuMs(process.cpuUsage(cpu0)) };
}

function loginAll(server, config) {
  const t0 = now();
  let n = 0;
  for (const a of config.agents) {
    if (a.number === SUPERVISOR) continue;
    // Most available, some paused: the Agents dashboard shows a mix of states.
    const paused = n++ % 5 === 0;
    loginAtEngine(server.engine, a, paused ? 'paused' : 'available', paused ? 'Break' : undefined);
  }
  return now() - t0;
}

/**
 * The live load: RATE conversation changes a second for SECONDS, in turn a
 * chat arriving (auto-assigned to a free member), the first reply of its
 * agent, and a close; each change its own transaction.
 */
async function liveLoad(server) {
  const engine = server.engine;
  let keeperMs = 0;
  const restoreRefresh = timeMethod(engine.metrics, 'refresh', (ms) => (keeperMs += ms));
  const open = [];
  const replied = [];
  let made = 0;
  let changes = 0;
  const seq0 = engine.lastSeq();
  const step = () => {
    const kind = changes % 3;
    if (kind === 0 || (kind === 1 && open.length === 0) || (kind === 2 && replied.length === 0)) {
      const n = made++;
      const c = engine.run((ctx) =>
        createConversation(ctx, {
          channel: 'livechat',
          queue: `mq${n % MQUEUES}`,
          customer: { id: `visitor:live${n}`, name: `Live ${n}`, email: null, phone: null, ip: null, geo: null },
          text: 'Hello?',
        }),
      );
      open.push(c.id);
    } else if (kind === 1) {
      const id = open.shift();
      engine.run((ctx) => {
        const c = ctx.state.get('conversation', id);
        if (c?.agent) agentMessage(ctx, { agent: c.agent, sessionId: '', supervisor: false, queues: [c.queue], token: '' }, id, 'Hi, how can I help?', []);
      });
      replied.push(id);
    } else {
      const id = replied.shift();
      engine.run((ctx) => {
        const c = ctx.state.get('conversation', id);
        if (c && c.status !== 'closed') close(ctx, c, { kind: 'agent', id: c.agent });
      });
    }
    changes++;
  };
  const interval = 1000 / RATE;
  const t0 = now();
  const cpu0 = process.cpuUsage();
  while (now() - t0 < SECONDS * 1000) {
    const due = t0 + changes * interval;
    const wait = due - now();
    if (wait > 0) await sleep(wait);
    step();
  }
  const elapsed = now() - t0;
  const cpu = cpuMs(process.cpuUsage(cpu0));
  restoreRefresh();
  return { changes, elapsedMs: elapsed, cpuMs: cpu, keeperMs, events: engine.lastSeq() - seq0 };
}

async function idle(ms) {
  const cpu0 = process.cpuUsage();
  const t0 = now();
  await sleep(ms);
  return { elapsedMs: now() - t0, cpuMs: cpuMs(process.cpuUsage(cpu0)) };
}

async function main() {
  const config = benchConfig();
  const server = await run.startServer(startServer, config, DATA_PARENT, 'switchboard-bench-dash-');
  console.log(`bench:dashboard  node ${process.version}; ${fmt(AGENTS)} agents in ${MQUEUES} messaging and ${VQUEUES} voice queues; data dir under ${DATA_PARENT}`);

  const made = makeClosed(server);
  console.log(`setup: ${fmt(CLOSED)} closed conversations made through the core in ${(made.ms / 1000).toFixed(1)} s (${fmt(BATCH)} per transaction)`);
  const loginMs = loginAll(server, config);
  console.log(`setup: ${fmt(AGENTS)} agents logged in at the engine in ${(loginMs / 1000).toFixed(1)} s (every fifth paused)`);

  // --- the panel ---------------------------------------------------------------
  const panel = await clients.ask('open', { url: `${server.http.url}/agent`, agent: SUPERVISOR, runs: RUNS, agents: AGENTS, closed: CLOSED });
  console.log('');
  console.log(`panel: a supervisor's AgentClient over WebSocket, components drawn by ink-testing-library at ${panel.size}; median of ${RUNS} runs (min-max)`);
  console.log(
    `  login: ${panel.login.ms} ms to the snapshot in the store; snapshot ${panel.login.mb} MB: ${panel.login.counts}; today's metrics ${panel.login.metrics}`,
  );
  console.log('');
  console.log('  what                                              data in hand        on screen          ');
  for (const row of panel.rows) console.log(`  ${row.what.padEnd(50)}${row.data.padEnd(20)}${row.screen}`);
  console.log('');
  console.log('  conversations.list round trips (client send -> answer in hand), 100 rows a page:');
  for (const row of panel.lists) console.log(`    ${row.what.padEnd(48)}${row.ms.padEnd(26)}${row.bytes}`);

  // --- live metrics at RATE changes a second ----------------------------------
  await clients.ask('listen');
  const quiet = await idle(SECONDS * 1000);
  const live = await liveLoad(server);
  await sleep(500);
  const seen = await clients.ask('heard');
  const perMinute = (x) => ((x.cpuMs / x.elapsedMs) * 60_000).toFixed(0);
  console.log('');
  console.log(
    `live: ${fmt(live.changes)} conversation changes in ${(live.elapsedMs / 1000).toFixed(1)} s (${(live.changes / (live.elapsedMs / 1000)).toFixed(1)}/s: a chat arriving and assigned, a first reply, a close, in turn), ${fmt(live.events)} events committed`,
  );
  console.log(
    `  server process CPU: ${perMinute(live)} ms per minute under load (${((live.cpuMs / live.elapsedMs) * 100).toFixed(1)}% of a core), ${perMinute(quiet)} ms per minute idle; ` +
      `metrics keeper ${((live.keeperMs / live.elapsedMs) * 60_000).toFixed(0)} ms per minute of it`,
  );
  console.log(
    `  the supervisor's panel meanwhile: ${fmt(seen.events)} events applied (${fmt(seen.metrics)} metrics.updated), My Performance redrawn ${fmt(seen.renders)} times; ` +
      `closed list re-fetched ${seen.refetches} times (refresh every ${seen.refreshSeconds} s)`,
  );

  await run.releaseClients();
  await server.close();
  run.removeDataDir();
  console.log('');
  console.log(`bench time ${((now() - benchStarted) / 1000).toFixed(0)} s`);
}

runMain('bench:dashboard', DEADLINE_MS, run, main);
