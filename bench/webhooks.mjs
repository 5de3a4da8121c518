// The provider channels under load: WhatsApp, Messenger and SMS webhooks in,
// agents' replies out through the outbox, across a kill -9 of the server.
//
//   npm run bench:webhooks -- [--webhooks 20000] [--senders 50] [--customers 3000]
//                             [--duplicates 0.05] [--paced 3000] [--rate 100]
//                             [--replies 2000] [--agents 4] [--dist <dir>] [--verbose]
//
// `switchboard serve` runs as a child process (harness/lib/serve-child.mjs),
// so it can be killed with SIGKILL; the three provider FAKES (WhatsApp Cloud
// API, Messenger Send API, Twilio Messages, src/channels/*/fake-*.ts) run in
// this process, which also plays the providers' side of the webhooks. Every
// webhook is signed as its provider signs it (X-Hub-Signature-256,
// X-Twilio-Signature) and posted over HTTP on 127.0.0.1.
//
// Measured:
//   (1) --webhooks notifications, a mix of the three channels from
//       --customers customers, posted by --senders concurrent senders as fast
//       as the server answers: accepted per second (answered 200, which the
//       server does only after the commit). A share (--duplicates) is posted
//       twice, as providers retry: each must be kept once.
//   (2) --paced more at --rate per second, one supervisor logged in on the
//       real client (AgentClient with its ClientStore): webhook posted ->
//       message.created applied in the supervisor's store, p50 / p99.
//   (3) --agents agents log in (their conversations are assigned to them)
//       and send --replies replies through their clients (journal on disk);
//       when half are acknowledged the server is killed with SIGKILL and
//       started again on the same data and port; the clients resend what was
//       not acknowledged, the outbox hands the rest to the fakes. Sent per
//       second, and exactly once: acknowledged replies the fakes never got
//       (lost) or got twice (doubled).
import { join } from 'node:path';
import { fromDist, distDir } from '../harness/lib/dist.mjs';
import { providerEnv, writeCenter, AGENTS, SUPERVISOR } from '../harness/lib/center.mjs';
import { printGoals } from '../harness/lib/goals.mjs';
import { startProviderFakes, customerPost } from '../harness/lib/provider-fakes.mjs';
import { removeScratch, scratchDir } from '../harness/lib/scratch.mjs';
import { startServe } from '../harness/lib/serve-child.mjs';
import { StoreReader } from '../harness/chaos/store-reader.mjs';
import { flag, fmt, machineLine, now, option, quantile, sleep } from './lib/common.mjs';
import { loadavg } from 'node:os';

const WEBHOOKS = option('webhooks', 20000);
const SENDERS = option('senders', 50);
const CUSTOMERS = option('customers', 3000);
const DUPLICATES = option('duplicates', 0.05);
const PACED = option('paced', 3000);
const RATE = option('rate', 100);
const REPLIES = option('replies', 2000);
const AGENT_COUNT = Math.min(option('agents', 4), 4);
const verbose = flag('verbose');
/** --profile <dir>: CPU profiles of the server process (one per life) written there. */
const PROFILE = option('profile', null);
/** --no-kill: keep the server up through (3) (a profile of the whole run needs the process to end cleanly). */
const KILL = !flag('no-kill');
const log = (line) => verbose && console.error(line);
const loadAtStart = loadavg()[0];
const CHANNELS = ['whatsapp', 'facebook', 'sms'];

/** Customer k: a channel and an address on it. */
function customer(k) {
  const channel = CHANNELS[k % 3];
  return { channel, from: channel === 'facebook' ? String(7100000000000000 + k) : String(447700000000 + k) };
}

/** The n-th message of the run, its id as its provider numbers messages. */
function message(n) {
  const c = customer(n % CUSTOMERS);
  const id = c.channel === 'sms' ? `SM${String(n).padStart(32, '0')}` : c.channel === 'whatsapp' ? `wamid.bench${n}` : `m_bench${n}`;
  return { ...c, id, text: `bench webhook #${n}` };
}

async function post(port, p) {
  const res = await fetch(`http://127.0.0.1:${port}${p.path}`, { method: 'POST', headers: p.headers, body: p.body });
  await res.arrayBuffer();
  return res.status;
}

async function main() {
  const dist = distDir();
  const { AgentClient } = await fromDist(dist, 'client/session.js');
  const { wsTransport } = await fromDist(dist, 'client/ws-transport.js');
  const root = scratchDir('switchboard-bench-webhooks-');
  const fakes = await startProviderFakes(dist, { deliveredAfterMs: 100, readAfterMs: null });
  // The harness's centre, its channels at the fakes; the customers wait in the Help Desk until agents log in (3).
  const config = writeCenter(root, { providers: { ...fakes.apis, graceSeconds: 5 } });
  const serveOptions = { dist, config, data: join(root, 'data'), log: join(root, 'server.log'), env: providerEnv(), execArgv: PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`] : [] };
  let server = await startServe(serveOptions);
  serveOptions.port = server.port;
  fakes.target(server.port);
  const port = server.port;
  const clients = [];
  try {
    // (1) Throughput, with duplicates.
    const posts = [];
    for (let n = 0; posts.length < WEBHOOKS; n++) {
      posts.push(n);
      if ((n * 7919) % 1000 < DUPLICATES * 1000 && posts.length < WEBHOOKS) posts.push(n);
    }
    // The second delivery of a message comes a while after the first, as a provider's retry does.
    for (let i = 0; i < posts.length; i++) {
      if (i > 0 && posts[i] === posts[i - 1]) {
        const j = Math.min(posts.length - 1, i + 200 + (i % 300));
        [posts[i], posts[j]] = [posts[j], posts[i]];
      }
    }
    const unique = new Set(posts).size;
    let next = 0;
    const statuses = new Map();
    const cpuBefore = { bench: process.cpuUsage(), server: (await server.sample()).cpuMs };
    const started = now();
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        while (next < posts.length) {
          const m = message(posts[next++]);
          const status = await post(port, customerPost(fakes, port, m.channel, m));
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }),
    );
    const elapsed = (now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore.bench);
    const serverCpu = ((await server.sample()).cpuMs - cpuBefore.server) / 1000;
    const accepted = statuses.get(200) ?? 0;
    const acceptPerS = accepted / elapsed;
    console.log(`(1) ${posts.length} webhooks (${unique} messages, ${posts.length - unique} posted twice) from ${CUSTOMERS} customers by ${SENDERS} senders in ${fmt(elapsed, 1)} s: ${[...statuses].map(([s, n]) => `${n} answered ${s}`).join(', ')}`);
    const reader = new StoreReader(join(serveOptions.data, 'switchboard.db'));
    const kept = new Map();
    for (const m of reader.entities('message')) if (m.author === 'customer' && m.text.startsWith('bench webhook #')) kept.set(m.text, (kept.get(m.text) ?? 0) + 1);
    reader.close();
    const doubled = [...kept.values()].filter((n) => n > 1).length;
    const lostIn = unique - kept.size;
    console.log(`    kept ${kept.size} of ${unique} messages (${lostIn} missing), ${doubled} kept twice; CPU: the server ${fmt(serverCpu, 1)} s (${fmt((serverCpu * 1000) / posts.length)} ms a webhook), this process (senders and fakes) ${fmt((cpu.user + cpu.system) / 1e6, 1)} s`);

    // (2) Latency at a steady rate, into a supervisor's store.
    const supervisor = new AgentClient({ transport: wsTransport(server.wsUrl), journalPath: join(root, 'supervisor.jsonl') });
    clients.push(supervisor);
    await supervisor.connect();
    await supervisor.login({ agent: SUPERVISOR, pin: SUPERVISOR, as: 'paused', pauseReason: 'Break' });
    const postedAt = new Map();
    const latencies = [];
    supervisor.onEvent((e) => {
      if (e.ev !== 'message.created') return;
      const t = postedAt.get(e.data.message?.text);
      if (t !== undefined) latencies.push(now() - t);
    });
    const pacedStart = now();
    const inFlight = [];
    for (let i = 0; i < PACED; i++) {
      const due = pacedStart + (i * 1000) / RATE;
      const wait = due - now();
      if (wait > 0) await sleep(wait);
      const m = message(1_000_000 + i);
      const p = customerPost(fakes, port, m.channel, m);
      postedAt.set(m.text, now());
      inFlight.push(post(port, p));
    }
    await Promise.all(inFlight);
    const guard = now() + 10_000;
    while (latencies.length < PACED && now() < guard) await sleep(20);
    const p50 = quantile(latencies, 0.5);
    const p99 = quantile(latencies, 0.99);
    console.log(`(2) ${PACED} webhooks at ${RATE}/s: posted -> the supervisor's store p50 ${fmt(p50)} ms, p99 ${fmt(p99)} ms (${latencies.length} arrived)`);

    // (3) Replies through the outbox, with a kill -9 half way.
    const agents = AGENTS.slice(0, AGENT_COUNT);
    const agentClients = [];
    for (const number of agents) {
      const c = new AgentClient({ transport: wsTransport(server.wsUrl), journalPath: join(root, `${number}.jsonl`), reconnect: { initialMs: 100, maxMs: 1000 } });
      clients.push(c);
      await c.connect();
      await c.login({ agent: number, pin: number });
      agentClients.push({ number, client: c });
    }
    // Each agent's conversations on the three channels (assigned to them at login).
    const guard2 = now() + 15_000;
    const mine = (a) => a.client.store.list('conversation').filter((c) => c.agent === a.number && c.status === 'open' && c.channel !== 'livechat');
    while (agentClients.some((a) => mine(a).length === 0) && now() < guard2) await sleep(50);
    const acked = new Set();
    const texts = [];
    const killAt = Math.floor(REPLIES / 2);
    let killed = null;
    let sentBeforeKill = null;
    const restart = async () => {
      await sleep(200);
      for (let attempt = 0; ; attempt++) {
        try {
          server = await startServe(serveOptions);
          return;
        } catch (e) {
          if (attempt > 20) throw e;
          await sleep(100);
        }
      }
    };
    // Kill -9 the moment half the replies are acknowledged: the outbox holds the rest, some on their way to the providers.
    const killWatch = setInterval(() => {
      if (killed || !KILL || acked.size < killAt) return;
      sentBeforeKill = fakes.deliveredTexts().size;
      log(`kill -9 with ${acked.size} acknowledged, ${sentBeforeKill} at the providers`);
      killed = server.kill9().then(restart);
    }, 2);
    const sendStart = now();
    const sends = [];
    for (let i = 0; i < REPLIES; i++) {
      const a = agentClients[i % agentClients.length];
      const list = mine(a);
      const conversation = list[i % list.length];
      const text = `bench reply #${i}`;
      texts.push(text);
      sends.push(
        a.client.send('message.send', { conversation: conversation.id, text }).then(
          () => acked.add(text),
          (e) => log(`reply ${i} refused: ${e.code} ${e.message}`),
        ),
      );
      // Agents type: the replies come over a second or two, so the kill lands among them.
      if (i % 20 === 19) await sleep(15);
    }
    await Promise.all(sends);
    clearInterval(killWatch);
    await killed;
    const guard3 = now() + 120_000;
    const allThere = () => {
      const d = fakes.deliveredTexts();
      return [...acked].every((t) => d.has(t));
    };
    while (!allThere() && now() < guard3) await sleep(50);
    const sendSeconds = (now() - sendStart) / 1000;
    // A moment more, for anything sent twice to show.
    await sleep(6_000);
    const delivered = fakes.deliveredTexts();
    const lost = [...acked].filter((t) => !delivered.has(t)).length;
    const doubledOut = texts.filter((t) => (delivered.get(t) ?? 0) > 1).length;
    const sentPerS = [...texts].filter((t) => delivered.has(t)).length / sendSeconds;
    console.log(
      `(3) ${REPLIES} replies by ${AGENT_COUNT} agents, server killed with SIGKILL after ${killAt} were acknowledged (${sentBeforeKill ?? '-'} at the providers then): ${acked.size} acknowledged, ${delivered.size} texts at the providers in ${fmt(sendSeconds, 1)} s (${fmt(sentPerS, 1)} sent/s, the kill and the restart's wait for callbacks included); ${lost} lost, ${doubledOut} sent twice; fakes' shape violations ${fakes.whatsapp.violations.length + fakes.facebook.violations.length + fakes.sms.violations.length}`,
    );
    console.log(machineLine(loadAtStart));
    const ok = printGoals([
      { name: 'webhooks.accept_per_s', value: acceptPerS, unit: 'webhooks/s', op: '>=', target: 1000 },
      { name: 'webhooks.store_p99_ms', value: p99, unit: 'ms', op: '<=', target: 20 },
      { name: 'webhooks.duplicates_doubled', value: doubled, unit: 'count', op: '<=', target: 0 },
      { name: 'webhooks.outbox_lost', value: lost, unit: 'count', op: '<=', target: 0 },
      { name: 'webhooks.outbox_doubled', value: doubledOut, unit: 'count', op: '<=', target: 0 },
    ]);
    process.exitCode = ok ? 0 : 1;
  } finally {
    for (const c of clients) c.close();
    await server.stop();
    await fakes.stop();
    removeScratch(root);
  }
}

await main();
