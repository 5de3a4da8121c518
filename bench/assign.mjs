// Automatic assignment of conversations: how long a backlog of waiting
// conversations takes to be assigned when a shift of agents logs in at once,
// what each login costs, and how long one visitor message takes to reach the
// assigned agent's client store.
//
//   npm run bench:assign -- [--agents 1000] [--late 200] [--available 500]
//                           [--queues 20] [--chat-capacity 10] [--mail-capacity 20]
//                           [--backlog 5000] [--batch 500] [--visitors 50]
//                           [--messages 300] [--message-interval 20]
//                           [--stuck 1000] [--stuck-messages 100]
//                           [--dist <dir>] [--data <dir>] [--deadline 240000]
//
// Same layout as bench/events.mjs: the compiled server (dist/, or --dist, a
// patched copy) runs in this process on 127.0.0.1, port 0, a temporary data
// directory; the agents' clients (each with a real ClientStore) and the live
// chat visitors run in one forked child (bench/assign-clients.mjs). Times
// across the two processes are read on CLOCK_MONOTONIC (process.hrtime).
//
// Configuration: N agents (10000..), each a member of one live chat queue
// (chat-k) and one email queue (mail-k), capacity 10 live chats and 20
// emails. Queues have no operation hours (always open) and automatic
// assignment on.
//
// The state before the measured logins, built through the core
// (engine.run(ctx => createConversation(ctx, ...)), --batch per transaction):
//   - agents 0 .. available-1 logged in and available, every one of them at
//     full capacity: their conversations (15,000 by default) were assigned to
//     them automatically as they were created;
//   - --paused more agents logged in but paused (default 0), the rest up to
//     N - late off shift (logged out);
//   - a backlog of --backlog conversations waiting in the same queues (30 %
//     live chat, 70 % email), which nobody logged in can take;
//   so 20,000 conversations are open, 5,000 of them waiting. The early agents'
//   sessions are started through the core, then their clients connect over ws
//   and take them over (session.resume), each loading its snapshot.
// Measured:
//   (1) the last --late agents send session.login over ws at once; the time
//       until the server has no unassigned conversation left (or, if the new
//       agents' capacity runs out first, until the last login: "all capacity
//       used"), and what each login transaction costs;
//   (2) --visitors live chat visitors connect to /visitor (the real visitor
//       endpoint, src/server/visitor-gateway.ts) and start a chat each, which
//       is assigned to one of the new agents; then --messages messages, one
//       every --message-interval ms and each after the previous one landed:
//       visitor's send -> message.created applied in the assigned agent's store;
//   (3) the same messages again (--stuck-messages) after every free slot has
//       been filled and --stuck more conversations wait that nobody can take:
//       what a standing backlog costs every unrelated transaction.
//
// --profile <file> writes a CPU profile of the server process during (1).
import { loadavg, tmpdir } from 'node:os';
import { distDir, distImport, flag, fmt, forkClients, goal, machineLine, manyStoresExecArgv, max, now, option, pp, profilePhase, progressLog, quantile, sum, warnIfDropped } from './lib/common.mjs';
import { benchAgent, CENTER, chatAndMailQueues } from './lib/config.mjs';
import { countFrames, coreCpuMs, coreMs, probeServer, sentSeqs } from './lib/probe.mjs';
import { Run, runMain } from './lib/run.mjs';
import { loginAtEngine } from './lib/sessions.mjs';

const benchStarted = now();
const loadAtStart = loadavg()[0];
const AGENTS = option('agents', 1000);
const LATE = Math.min(option('late', 200), AGENTS);
const AVAILABLE = Math.min(option('available', 500), AGENTS - LATE);
/** Early agents logged in but paused (receiving events, taking nothing); the rest are off shift. */
const PAUSED = Math.min(option('paused', 0), AGENTS - LATE - AVAILABLE);
const QUEUES = Math.max(2, option('queues', 20));
const CHAT_QUEUES = Math.floor(QUEUES / 2);
const MAIL_QUEUES = QUEUES - CHAT_QUEUES;
const CAPACITY = { livechat: option('chat-capacity', 10), email: option('mail-capacity', 20) };
const BACKLOG = option('backlog', 5000);
const BACKLOG_CHAT_SHARE = 0.3;
const BATCH = Math.max(1, option('batch', 500));
const VISITORS = option('visitors', 50);
const MESSAGES = option('messages', 300);
const MESSAGE_INTERVAL_MS = option('message-interval', 20);
const STUCK = option('stuck', 1000);
const STUCK_MESSAGES = option('stuck-messages', 100);
const CONCURRENCY = option('connect-concurrency', 100);
const DATA_PARENT = option('data', tmpdir());
const DEADLINE_MS = option('deadline', 240_000);
const DIST = distDir(import.meta.url);
const progress = progressLog(flag('verbose'), benchStarted);

const { parseConfig } = await distImport(DIST, 'core/config/parse.js');
const { startServer } = await distImport(DIST, 'server/runtime.js');
const { createConversation } = await distImport(DIST, 'core/messaging/conversation.js');

// ---------------------------------------------------------------------------
// Configuration

function benchConfig() {
  const messagingQueues = [
    ...Array.from({ length: CHAT_QUEUES }, (_, k) => ({ id: `chat-${k}`, name: `Chat ${k + 1}`, channels: ['livechat'] })),
    ...Array.from({ length: MAIL_QUEUES }, (_, k) => ({ id: `mail-${k}`, name: `Mail ${k + 1}`, channels: ['email'] })),
  ];
  const agents = Array.from({ length: AGENTS }, (_, i) => ({ ...benchAgent(i), messagingQueues: chatAndMailQueues(i, CHAT_QUEUES, MAIL_QUEUES), capacity: CAPACITY }));
  return parseConfig(
    JSON.stringify({
      center: CENTER,
      messagingQueues,
      agents,
      simulator: { callsPerMinute: 0, chatsPerHour: 0 },
    }),
    'bench-assign-config.json',
  );
}

/** Conversations to create: for each queue, how many, interleaved so each batch spans every queue. */
function plan(perQueue) {
  const out = [];
  const left = new Map(perQueue);
  while ([...left.values()].some((n) => n > 0)) {
    for (const [queue, n] of left) {
      if (n <= 0) continue;
      out.push(queue);
      left.set(queue, n - 1);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------

const clients = forkClients(new URL('./assign-clients.mjs', import.meta.url), [DIST], manyStoresExecArgv());
const run = new Run(clients);

async function main() {
  const config = benchConfig();
  // Visitors come through loopback with an X-Forwarded-For of their own (at most
  // five chats a minute start from one address), as the demo's simulated visitors do.
  const server = await run.startServer(startServer, config, DATA_PARENT, 'switchboard-bench-assign-', { trustedProxies: ['127.0.0.1', '::1'] });
  const engine = server.engine;
  const index = engine.conversations;
  const probe = probeServer(server);
  const queueOf = (id) => config.messagingQueues.find((q) => q.id === id);

  // --- early sessions through the core --------------------------------------------
  // Agents 0 .. AVAILABLE+PAUSED-1 are on shift; the late shift is the last LATE.
  const early = AVAILABLE + PAUSED;
  const lateFrom = AGENTS - LATE;
  const tokens = [];
  for (let i = 0; i < early; i++) {
    const paused = i >= AVAILABLE;
    tokens.push(loginAtEngine(engine, config.agents[i], paused ? 'paused' : 'available', paused ? 'Training' : undefined));
  }
  progress(`${early} early sessions started`);

  // --- the conversations -------------------------------------------------------------
  let customer = 0;
  const create = (queues, what) => {
    const batches = [];
    for (let b = 0; b < queues.length; b += BATCH) {
      const part = queues.slice(b, b + BATCH);
      const waitingBefore = countUnassigned();
      probe.start();
      probe.label(what);
      engine.run((ctx) => {
        for (const queue of part) {
          const n = ++customer;
          createConversation(ctx, {
            channel: queueOf(queue).channels[0],
            queue,
            customer: { id: `email:customer${n}@bench.switchboard`, name: `Customer ${n}`, email: `customer${n}@bench.switchboard`, phone: null, ip: null, geo: null },
            subject: `Bench conversation ${n}`,
            text: `Hello, this is customer ${n}.`,
          });
        }
      });
      probe.label(null);
      const [rec] = probe.stop().records;
      batches.push({ n: part.length, waitingBefore, ms: rec.total, cpu: rec.cpuTotal, core: coreCpuMs(rec), assigned: rec.assigned });
    }
    return batches;
  };
  function countUnassigned() {
    return sum(config.messagingQueues.map((q) => index.unassignedCount(q.id)));
  }
  const membersOf = (queue, from, to) => config.agents.slice(from, to).filter((a) => a.messagingQueues.includes(queue)).length;
  const assignedPlan = new Map(
    config.messagingQueues.map((q) => [q.id, membersOf(q.id, 0, AVAILABLE) * CAPACITY[q.channels[0]]]),
  );
  const backlogChat = Math.round(BACKLOG * BACKLOG_CHAT_SHARE);
  const backlogPlan = new Map(
    config.messagingQueues.map((q, k) => {
      const chat = q.channels[0] === 'livechat';
      const total = chat ? backlogChat : BACKLOG - backlogChat;
      const queues = chat ? CHAT_QUEUES : MAIL_QUEUES;
      const j = chat ? k : k - CHAT_QUEUES;
      return [q.id, Math.floor(total / queues) + (j < total % queues ? 1 : 0)];
    }),
  );
  const assignedBatches = create(plan(assignedPlan), 'create');
  const assignedTotal = sum([...assignedPlan.values()]);
  progress(`${assignedTotal} conversations created and assigned`);
  if (countUnassigned() !== 0) throw new Error(`${countUnassigned()} of the first ${assignedTotal} conversations were not assigned`);
  const backlogBatches = create(plan(backlogPlan), 'backlog');
  progress(`${BACKLOG} waiting conversations created`);
  if (countUnassigned() !== BACKLOG) throw new Error(`expected ${BACKLOG} waiting conversations, found ${countUnassigned()}`);
  const openTotal = [...engine.state.all('conversation')].filter((c) => c.status === 'open' || c.status === 'waiting').length;

  // --- early clients connect and take their sessions over ------------------------------
  const earlySnapshotBytes = Buffer.byteLength(JSON.stringify(engine.snapshot(engine.authenticate(tokens[0]))));
  // Sockets for the agents on shift: the early ones (child indices 0 .. early-1), then the late shift.
  const onShift = [...config.agents.slice(0, early), ...config.agents.slice(lateFrom)].map((a) => a.number);
  await clients.ask('connect', { url: `${server.http.url}/agent`, agents: onShift, concurrency: CONCURRENCY });
  probe.start();
  const resumed = await clients.ask('resume', { from: 0, tokens });
  const resumeSnapshots = probe.stop().snapshots;
  progress(`${early} early sessions resumed over ws`);
  const settled = await clients.ask('sync', { sent: sentSeqs(server), timeoutMs: 30_000 });
  if (!settled.ok) throw new Error(`${settled.behind} clients never caught up after resuming`);

  // --- (1) the late shift logs in at once ---------------------------------------------
  let firstLoginTx = null;
  let backlogDoneAt = null;
  let assignedDuring = 0;
  const unsubscribe = engine.subscribe((events) => {
    for (const e of events) {
      if (e.ev === 'conversation.updated' && e.data.reason === 'automatic') {
        assignedDuring++;
      }
    }
    if (backlogDoneAt === null && !index.anyUnassigned()) backlogDoneAt = now();
  });
  const frames = countFrames(server);
  const framesBefore = { ...frames };
  const stopProfile = await profilePhase();
  const cpu0 = process.cpuUsage();
  probe.start();
  const login = await clients.ask('login', { from: early, to: early + LATE });
  const loginProbe = probe.stop();
  const profiled = await stopProfile();
  progress(`${LATE} late agents logged in (every snapshot loaded)`);
  const loginRecords = loginProbe.records.filter((r) => r.label === 'session.login');
  firstLoginTx = loginRecords[0]?.start ?? null;
  const lastLoginTx = loginRecords.at(-1);
  const loginCpu = process.cpuUsage(cpu0);
  const caughtUp = await clients.ask('sync', { sent: sentSeqs(server), timeoutMs: 60_000 });
  const loginFrames = { frames: frames.frames - framesBefore.frames, bytes: frames.bytes - framesBefore.bytes };
  unsubscribe();
  const leftWaiting = countUnassigned();
  // Free capacity among agents who could take a waiting conversation.
  let freeCapacity = 0;
  for (const a of config.agents) {
    const agent = engine.state.agent(a.number);
    if (!agent?.session || agent.status !== 'available') continue;
    for (const q of a.messagingQueues) {
      const channel = queueOf(q).channels[0];
      freeCapacity += Math.max(0, CAPACITY[channel] - index.activeOn(a.number, channel));
    }
  }
  const endedBy = leftWaiting === 0 ? 'no unassigned left' : freeCapacity === 0 ? 'all capacity used' : `stopped with ${leftWaiting} waiting and ${freeCapacity} free slots`;

  // --- (2) visitors --------------------------------------------------------------------
  const visitorUrl = `${server.http.url}/visitor`;
  const started = await clients.ask('visitors', { url: visitorUrl, n: VISITORS, queues: config.messagingQueues.filter((q) => q.channels.includes('livechat')).map((q) => q.id) });
  const unassignedVisitors = started.conversations.filter((id) => !engine.state.get('conversation', id)?.agent);
  if (unassignedVisitors.length > 0) throw new Error(`${unassignedVisitors.length} visitor chats were not assigned`);
  const visitorAgents = new Set(started.conversations.map((id) => engine.state.get('conversation', id).agent));
  await clients.ask('sync', { sent: sentSeqs(server), timeoutMs: 30_000 });
  progress(`${VISITORS} visitor chats started and assigned`);
  probe.start();
  const messaged = await clients.ask('messages', { count: MESSAGES, intervalMs: MESSAGE_INTERVAL_MS });
  const messageProbe = probe.stop();
  progress(`${MESSAGES} visitor messages delivered`);

  // --- (3) the same, while conversations wait that nobody can take ---------------------
  // Fill every free slot, then STUCK more that stay waiting with every agent full.
  const free = new Map(config.messagingQueues.map((q) => [q.id, 0]));
  for (const a of config.agents) {
    const agent = engine.state.agent(a.number);
    if (!agent?.session || agent.status !== 'available') continue;
    for (const q of a.messagingQueues) {
      const channel = queueOf(q).channels[0];
      free.set(q, free.get(q) + Math.max(0, CAPACITY[channel] - index.activeOn(a.number, channel)));
    }
  }
  const stuckPlan = new Map(
    config.messagingQueues.map((q, k) => [q.id, free.get(q.id) + Math.floor(STUCK / QUEUES) + (k < STUCK % QUEUES ? 1 : 0)]),
  );
  const stuckBatches = STUCK > 0 ? create(plan(stuckPlan), 'stuck') : [];
  const stuckWaiting = countUnassigned();
  await clients.ask('sync', { sent: sentSeqs(server), timeoutMs: 60_000 });
  progress(`${sum([...stuckPlan.values()])} more conversations created, ${stuckWaiting} left waiting`);
  let stuckMessaged = null;
  let stuckProbe = null;
  if (STUCK > 0 && STUCK_MESSAGES > 0) {
    probe.start();
    stuckMessaged = await clients.ask('messages', { count: STUCK_MESSAGES, intervalMs: MESSAGE_INTERVAL_MS });
    stuckProbe = probe.stop();
    progress(`${STUCK_MESSAGES} visitor messages delivered with ${stuckWaiting} waiting`);
  }
  probe.remove();

  await run.releaseClients();
  await server.close();
  run.removeDataDir();

  // --- report ----------------------------------------------------------------------------
  let s3 = '';
  const perBatch = (bs) => bs.map((b) => b.ms);
  console.log(`bench:assign  node ${process.version}, ${AGENTS} agents, ${QUEUES} messaging queues (${CHAT_QUEUES} live chat, ${MAIL_QUEUES} email); each agent in one of each, capacity ${CAPACITY.livechat} live chats + ${CAPACITY.email} emails`);
  console.log(`  compiled code: ${DIST}; ${machineLine(loadAtStart)}`);
  console.log('');
  console.log(
    `state before the logins: ${openTotal} open conversations = ${assignedTotal} assigned to the ${AVAILABLE} available agents (all at full capacity) + ${BACKLOG} waiting; ` +
      `${PAUSED > 0 ? `${PAUSED} more logged in but paused; ` : ''}${lateFrom - early} off shift (logged out); the ${early} early agents' clients connected`,
  );
  console.log(
    `  built through the core in transactions of ${BATCH} createConversation: assigned ones ${fmt(sum(perBatch(assignedBatches)) / 1000, 1)} s (per batch p50 ${fmt(quantile(perBatch(assignedBatches), 0.5), 0)} ms); ` +
      `waiting ones ${fmt(sum(perBatch(backlogBatches)) / 1000, 1)} s; core CPU per batch as the waiting grow: ${backlogBatches.map((b) => `${fmt(b.core, 0)} ms (${b.waitingBefore})`).join(', ')}`,
  );
  console.log(
    `  ${early} early sessions taken over at once (session.resume): every snapshot loaded after ${fmt(resumed.ms, 0)} ms; engine.snapshot per session p50 / p99 ${pp(resumeSnapshots)} ms, ` +
      `${fmt(earlySnapshotBytes / 1024, 0)} KiB each (every agent, the agent's own conversations and its queues' waiting ones, with their messages)`,
  );
  console.log('');
  const fromSend = (t) => (t === null ? NaN : t - login.startedAt);
  const assignedByLogin = loginRecords.map((r) => r.assigned);
  console.log(`(1) ${LATE} agents send session.login over ws at once (available), into a backlog of ${BACKLOG} waiting conversations`);
  console.log(
    `    backlog assigned: ${endedBy}, ${fmt(fromSend(backlogDoneAt ?? lastLoginTx?.start + lastLoginTx?.total) / 1000, 2)} s after the logins were sent ` +
      `(${fmt(((backlogDoneAt ?? NaN) - firstLoginTx) / 1000, 2)} s after the first login transaction began); ${assignedDuring} conversations assigned, ${leftWaiting} still waiting, ${freeCapacity} free slots left`,
  );
  console.log(
    `    every new agent's snapshot loaded after ${fmt((max(login.replies.map((r) => r.at)) - login.startedAt) / 1000, 2)} s; every client caught up after ${caughtUp.ok ? `${fmt((caughtUp.at - login.startedAt) / 1000, 2)} s` : `NEVER (${caughtUp.behind} behind)`}`,
  );
  console.log(
    `    per login transaction (${loginRecords.length}): conversations assigned p50 ${fmt(quantile(assignedByLogin, 0.5), 0)}, max ${fmt(max(assignedByLogin), 0)}; ` +
      `wall p50 / p99 / max ${pp(loginRecords.map((r) => r.total))} / ${fmt(max(loginRecords.map((r) => r.total)))} ms; ` +
      `CPU ${pp(loginRecords.map((r) => r.cpuTotal))} ms = core ${pp(loginRecords.map(coreCpuMs))} + commit ${pp(loginRecords.map((r) => r.cpuCommit))} + fan-out ${pp(loginRecords.map((r) => r.cpuFanOut))}`,
  );
  const assignedLogins = loginRecords.filter((r) => r.assigned > 0);
  console.log(
    `    cost per conversation assigned (login transactions that assigned any): ${fmt(sum(assignedLogins.map((r) => r.cpuTotal)) / Math.max(1, sum(assignedLogins.map((r) => r.assigned))), 2)} ms CPU, ` +
      `of which core ${fmt(sum(assignedLogins.map(coreCpuMs)) / Math.max(1, sum(assignedLogins.map((r) => r.assigned))), 2)} ms; ` +
      `login snapshots (engine.snapshot, outside the transaction) p50 / p99 ${pp(loginProbe.snapshots)} ms, total ${fmt(sum(loginProbe.snapshots), 0)} ms`,
  );
  console.log(
    `    server process CPU during the logins: ${fmt((loginCpu.user + loginCpu.system) / 1000, 0)} ms (transactions ${fmt(sum(loginProbe.records.map((r) => r.cpuTotal)), 0)} ms, of which core ${fmt(sum(loginProbe.records.map(coreCpuMs)), 0)}, ` +
      `commit ${fmt(sum(loginProbe.records.map((r) => r.cpuCommit)), 0)}, fan-out ${fmt(sum(loginProbe.records.map((r) => r.cpuFanOut)), 0)}; snapshots ${fmt(sum(loginProbe.snapshots), 0)} ms wall); ` +
      `${loginFrames.frames} frames (${fmt(loginFrames.bytes / 1048576, 0)} MiB) written to agents; client process CPU ${fmt(login.cpuMs, 0)} ms`,
  );
  console.log('');
  const lat = messaged.results.map((r) => r.ms);
  const visitorTx = messageProbe.records.filter((r) => r.label === 'visitor');
  console.log(
    `(2) visitor message -> assigned agent's store, through the real /visitor WebSocket: ${VISITORS} visitors (chats assigned to ${visitorAgents.size} of the new agents), ` +
      `${MESSAGES} messages, one every >= ${MESSAGE_INTERVAL_MS} ms and each after the previous one landed`,
  );
  console.log(`    latency p50 / p99 / max: ${fmt(quantile(lat, 0.5))} / ${fmt(quantile(lat, 0.99))} / ${fmt(max(lat))} ms`);
  console.log(
    `    in the server, the visitor's message transaction p50 / p99: wall ${pp(visitorTx.map((r) => r.total))} ms, core ${pp(visitorTx.map(coreMs))} ms (CPU ${pp(visitorTx.map(coreCpuMs))}), ` +
      `commit ${pp(visitorTx.map((r) => r.commit))} ms, fan-out ${pp(visitorTx.map((r) => r.fanOut))} ms`,
  );
  if (stuckMessaged) {
    const stuckLat = stuckMessaged.results.map((r) => r.ms);
    const stuckTx = stuckProbe.records.filter((r) => r.label === 'visitor');
    console.log('');
    console.log(
      `(3) the same with ${stuckWaiting} conversations waiting that nobody can take (every available agent full; ${sum([...stuckPlan.values()])} created in ${stuckBatches.length} transactions, ` +
        `${fmt(sum(stuckBatches.map((b) => b.ms)) / 1000, 1)} s), ${STUCK_MESSAGES} messages`,
    );
    console.log(`    latency p50 / p99 / max: ${fmt(quantile(stuckLat, 0.5))} / ${fmt(quantile(stuckLat, 0.99))} / ${fmt(max(stuckLat))} ms`);
    console.log(
      `    in the server, the visitor's message transaction p50 / p99: wall ${pp(stuckTx.map((r) => r.total))} ms, core ${pp(stuckTx.map(coreMs))} ms (CPU ${pp(stuckTx.map(coreCpuMs))}), ` +
        `commit ${pp(stuckTx.map((r) => r.commit))} ms, fan-out ${pp(stuckTx.map((r) => r.fanOut))} ms`,
    );
    s3 = `; with ${stuckWaiting} waiting that nobody can take: p50 ${fmt(quantile(stuckLat, 0.5), 1)} ms, p99 ${fmt(quantile(stuckLat, 0.99), 1)} ms`;
  }
  console.log('');
  console.log(
    `summary: ${openTotal} open conversations, ${AGENTS} agents: ${BACKLOG} waiting assigned ${fmt(fromSend(backlogDoneAt) / 1000, 2)} s after ${LATE} logins sent at once (${endedBy}); ` +
      `login transaction ${fmt(quantile(loginRecords.map((r) => r.total), 0.5), 1)} ms p50 for ${fmt(quantile(assignedByLogin, 0.5), 0)} assignments; ` +
      `visitor message to the agent's store p50 ${fmt(quantile(lat, 0.5), 1)} ms, p99 ${fmt(quantile(lat, 0.99), 1)} ms${s3}`,
  );
  warnIfDropped(Math.max(login.dropped, messaged.dropped, stuckMessaged?.dropped ?? 0));
  console.log('');
  // Not done (capacity ran out first, or it never ended) is no figure: the goal is missed.
  goal('assign.backlog_s', leftWaiting === 0 ? fromSend(backlogDoneAt) / 1000 : NaN, 's', '<=', 1);
  if (profiled) console.log(`CPU profile of the server process during (1): ${profiled}`);
  console.log(`bench time ${fmt((now() - benchStarted) / 1000, 0)} s`);
}

runMain('bench:assign', DEADLINE_MS, run, main);
