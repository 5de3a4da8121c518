// Login storm: a whole shift sends session.login at once (09:00), and how
// long until every panel has its snapshot applied; how big the snapshots are.
//
//   npm run bench:login -- [--agents 1000] [--voice-queues 50] [--messaging-queues 20]
//                          [--open 20000] [--chat-capacity 2] [--mail-capacity 3]
//                          [--batch 1000] [--dist <dir>] [--data <dir>] [--deadline 180000]
//
// Same layout as the other benches: the compiled server (dist/, or --dist)
// runs in this process on 127.0.0.1, port 0, a temporary data directory; the
// agents' clients, each with a real ClientStore, run in one forked child
// (bench/login-clients.mjs). Times across the two processes are read on
// CLOCK_MONOTONIC (process.hrtime).
//
// The centre before the storm: N agents (10000..), each in 3 of the voice
// queues and in one live chat and one email queue, capacity 2 chats and 3
// emails; --open conversations waiting unassigned in the messaging queues
// (30 % chat, 70 % email, created through the core in --batch per
// transaction) with a customer's first message each, nobody logged in.
// Measured: every client sends session.login (available, inbound) at the same
// moment over its own socket; the storm is from the first send until the last
// snapshot is loaded into its store. Logging in available, each agent is
// assigned its share of the backlog at once, so its snapshot has its own
// conversations as well as its queues' figures and waiting previews.
import { loadavg, tmpdir } from 'node:os';
import { distDir, distImport, fmt, forkClients, goal, machineLine, manyStoresExecArgv, max, now, option, pp, quantile } from './lib/common.mjs';
import { benchAgent, CENTER, chatAndMailQueues, spreadQueues } from './lib/config.mjs';
import { Run, runMain } from './lib/run.mjs';

const benchStarted = now();
const loadAtStart = loadavg()[0];
const AGENTS = option('agents', 1000);
const VOICE_QUEUES = Math.max(3, option('voice-queues', 50));
const MESSAGING_QUEUES = Math.max(2, option('messaging-queues', 20));
const CHAT_QUEUES = Math.floor(MESSAGING_QUEUES / 2);
const MAIL_QUEUES = MESSAGING_QUEUES - CHAT_QUEUES;
const OPEN = option('open', 20_000);
const CAPACITY = { livechat: option('chat-capacity', 2), email: option('mail-capacity', 3) };
const BATCH = Math.max(1, option('batch', 1000));
const CONCURRENCY = option('connect-concurrency', 100);
const DATA_PARENT = option('data', tmpdir());
const DEADLINE_MS = option('deadline', 180_000);
const DIST = distDir(import.meta.url);
/** The first customer message of each conversation: a few lines, as customers write them. */
const FIRST_MESSAGE = 'Hello, my order has not arrived yet and the tracking page has said "in transit" for a week. Could you look into it? ';

const { parseConfig } = await distImport(DIST, 'core/config/parse.js');
const { startServer } = await distImport(DIST, 'server/runtime.js');
const { createConversation } = await distImport(DIST, 'core/messaging/conversation.js');

function benchConfig() {
  const voiceQueues = Array.from({ length: VOICE_QUEUES }, (_, q) => ({ number: String(8000 + q), name: `Queue ${q + 1}` }));
  const messagingQueues = [
    ...Array.from({ length: CHAT_QUEUES }, (_, k) => ({ id: `chat-${k}`, name: `Chat ${k + 1}`, channels: ['livechat'] })),
    ...Array.from({ length: MAIL_QUEUES }, (_, k) => ({ id: `mail-${k}`, name: `Mail ${k + 1}`, channels: ['email'] })),
  ];
  const agents = Array.from({ length: AGENTS }, (_, i) => ({
    ...benchAgent(i),
    voiceQueues: spreadQueues(i, 3, VOICE_QUEUES).map((q) => String(8000 + q)),
    messagingQueues: chatAndMailQueues(i, CHAT_QUEUES, MAIL_QUEUES),
    capacity: CAPACITY,
  }));
  return parseConfig(
    JSON.stringify({ center: CENTER, voiceQueues, messagingQueues, agents, simulator: { callsPerMinute: 0, chatsPerHour: 0 } }),
    'bench-login-config.json',
  );
}

/** The backlog, through the core: --open conversations spread over the queues, --batch per transaction. */
function openConversations(engine) {
  for (let done = 0; done < OPEN; done += BATCH) {
    engine.run((ctx) => {
      for (let i = done; i < Math.min(OPEN, done + BATCH); i++) {
        const chat = i % 10 < 3;
        const email = `customer${i}@example.com`;
        createConversation(ctx, {
          channel: chat ? 'livechat' : 'email',
          queue: chat ? `chat-${i % CHAT_QUEUES}` : `mail-${i % MAIL_QUEUES}`,
          customer: { id: chat ? `visitor:${i}` : `email:${email}`, name: `Customer ${i + 1}`, email: chat ? null : email, phone: null, ip: null, geo: null },
          subject: chat ? undefined : `Order ${100000 + i}`,
          text: FIRST_MESSAGE,
        });
      }
    });
  }
}

const clients = forkClients(new URL('./login-clients.mjs', import.meta.url), [DIST], manyStoresExecArgv());
const run = new Run(clients);

async function main() {
  const config = benchConfig();
  const server = await run.startServer(startServer, config, DATA_PARENT, 'switchboard-bench-login-');
  const engine = server.engine;
  const t0 = now();
  openConversations(engine);
  const openMs = now() - t0;

  const connected = await clients.ask('connect', { url: `${server.http.url}/agent`, agents: config.agents.map((a) => a.number), concurrency: CONCURRENCY });
  const cpu0 = process.cpuUsage();
  const storm = await clients.ask('login');
  const cpu = process.cpuUsage(cpu0);
  const loggedIn = [...engine.state.all('agent')].filter((a) => a.status !== 'logged-out').length;
  const conversations = [...engine.state.all('conversation')];
  const assigned = conversations.filter((c) => c.agent !== null).length;
  await run.releaseClients();
  await server.close();
  run.removeDataDir();
  if (loggedIn !== AGENTS) throw new Error(`expected ${AGENTS} agents logged in, found ${loggedIn}`);

  const kib = storm.snapshotBytes.map((b) => b / 1024);
  const applied = storm.appliedMs;
  const stormS = max(applied) / 1000;
  console.log(`bench:login  node ${process.version}, ${AGENTS} agents, each in 3 of ${VOICE_QUEUES} voice queues, one of ${CHAT_QUEUES} chat and one of ${MAIL_QUEUES} email queues (capacity ${CAPACITY.livechat} chats, ${CAPACITY.email} emails)`);
  console.log(`  ${machineLine(loadAtStart)}; compiled code: ${DIST}`);
  console.log('');
  console.log(`before: ${OPEN} conversations open and waiting (30 % chat, 70 % email), made through the core in ${fmt(openMs / 1000, 1)} s; ${AGENTS} sockets connected in ${fmt(connected.connectMs, 0)} ms`);
  console.log(`storm: ${AGENTS} session.login (available, inbound) sent at once; ${assigned} conversations assigned by the logins, ${conversations.length - assigned} still waiting`);
  console.log(`  login sent -> snapshot applied in the store, p50 / p99 / max: ${pp(applied, 0)} / ${fmt(max(applied), 0)} ms`);
  console.log(`  snapshot size p50 / p99 / max: ${pp(kib, 1)} / ${fmt(max(kib), 1)} KiB (the login answer's frame, as written to the socket)`);
  console.log(`  CPU during the storm: server process ${fmt((cpu.user + cpu.system) / 1000, 0)} ms, client process ${fmt(storm.cpuMs, 0)} ms`);
  console.log('');
  goal('login.storm_s', stormS, 's', '<=', 2);
  goal('login.snapshot_p50_kib', quantile(kib, 0.5), 'KiB', '<=', 64);
  goal('login.snapshot_max_kib', max(kib), 'KiB', '<=', 64);
  console.log(`bench time ${fmt((now() - benchStarted) / 1000, 0)} s`);
}

runMain('bench:login', DEADLINE_MS, run, main);
