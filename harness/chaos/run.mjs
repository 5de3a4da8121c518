// The chaos run: a simulated shift (agents on the real client with its
// journal, website visitors, simulated callers) against a `switchboard serve`
// child with a data directory, killed with SIGKILL at random moments and
// started again on the same data, `kills` times. Half the kills come on a
// timer, half the instant a client has written a command (so it dies with
// commands in flight, before or after their commit). Then the shift winds
// down, the clients deliver what their journals still hold, the server stops
// cleanly, and every ledger checks its acknowledged commands against the
// server's store: each exactly once. WhatsApp, Messenger and SMS customers
// write through the real webhooks, and the agents' replies to them go through
// the outbox to the provider fakes (in this process, so they outlive the
// kills): the webhook-outbox ledger counts what each provider was handed.
import { join } from 'node:path';
import { AGENTS, providerEnv, writeCenter } from '../lib/center.mjs';
import { startProviderFakes } from '../lib/provider-fakes.mjs';
import { ProviderDeliveryLedger } from './ledgers/provider-outbox.mjs';
import { ShiftCustomer } from './shift-customer.mjs';
import { distDir, fromDist } from '../lib/dist.mjs';
import { given } from '../lib/goals.mjs';
import { removeScratch, scratchDir } from '../lib/scratch.mjs';
import { spawnServe, startServe } from '../lib/serve-child.mjs';
import { startPostgres } from '../lib/postgres.mjs';
import { PgStoreReader } from './pg-store-reader.mjs';
import { startNats } from '../lib/nats.mjs';
import { startGateway } from '../lib/gateway.mjs';
import { checkEventStream } from './event-stream-check.mjs';
import { DispositionLedger } from './ledgers/dispositions.mjs';
import { AgentChatLedger, MessageLedger } from './ledgers/messages.mjs';
import { ShiftAgent } from './shift-agent.mjs';
import { ShiftVisitor } from './shift-visitor.mjs';
import { StoreReader } from './store-reader.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A small seeded generator (mulberry32): the same seed, the same kill moments and choices. */
export function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Calls come often and are short, so every few seconds of the shift hold calls in every state. */
export const CHAOS_CENTER = {
  simulator: { callsPerMinute: 120, talkSeconds: { min: 1, max: 3 }, ringSeconds: { min: 0.3, max: 1 }, patienceSeconds: { min: 20, max: 40 }, chatsPerHour: 0 },
};

/** The ledgers of the shift; a new kind of work adds its own here (see ledgers/ledger.mjs). With the provider fakes, the webhook-outbox ones too. */
export function shiftLedgers(fakes = null) {
  return {
    dispositions: new DispositionLedger(),
    replies: new MessageLedger('agent replies', 'agent'),
    visitorMessages: new MessageLedger('visitor messages', 'customer'),
    agentChat: new AgentChatLedger(),
    ...(fakes
      ? {
          webhookMessages: new MessageLedger('webhook-outbox: customers\' messages taken in by webhook', 'customer'),
          providerReplies: new ProviderDeliveryLedger(fakes),
        }
      : {}),
  };
}

/** How long an item a kill left being sent waits for its provider's callback (the fakes retry every second at most). */
const UNSURE_GRACE_SECONDS = 8;
const CUSTOMERS = [
  ['whatsapp', '447700900301'],
  ['whatsapp', '447700900302'],
  ['facebook', '7100000000000301'],
  ['sms', '447700900303'],
];

/** The promise's value, or an error (message()) if it takes more than ms. */
async function within(promise, ms, message) {
  let timer;
  const late = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(message())), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function until(check, ms, step = 50) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await sleep(step);
  }
  return check();
}

/**
 * The visitors come through a proxy on 127.0.0.1 that names each one's own
 * address (X-Forwarded-For): without it the server sees them all as one
 * address, and its limit of chats started per address per minute, meant for
 * one visitor, refuses the whole crew's new chats.
 */
export const VISITOR_PROXY = ['127.0.0.1'];

/**
 * The shift's people: `agents` agents on the real client (journals under
 * root), writing to each other, and `visitors` website visitors, each from an
 * address of its own. visitor: { name prefix, subnet, and ShiftVisitor's pace options }.
 */
export function crew({ agents: count, visitors: many, url, agentUrls = [url], root, client, ledgers, rng, onSend = () => {}, visitor }) {
  const numbers = AGENTS.slice(0, count);
  // agentUrls: gateways, agent i on the i-th in turn.
  const agents = numbers.map(
    (number, i) =>
      new ShiftAgent({ number, colleagues: numbers.filter((n) => n !== number), url: agentUrls[i % agentUrls.length], journal: join(root, 'journals', `${number}.jsonl`), client, ledgers, onSend, rng }),
  );
  const { name, subnet, ...pace } = visitor;
  const visitors = Array.from({ length: many }, (_, i) => new ShiftVisitor({ name: `${name}${i + 1}`, url, ledger: ledgers.visitorMessages, rng, address: `${subnet}.${i + 1}`, ...pace }));
  return { agents, visitors };
}

/** Start serve on the port of the run; a port still held a moment after a kill is tried again. */
async function restart(options) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await startServe(options);
    } catch (e) {
      if (attempt >= 20) throw e;
      await sleep(100);
    }
  }
}

/**
 * SIGKILL the server: half the time on the spot (the run's timer chose the
 * moment), half the instant a client next writes a command - at once (before
 * the server can have read it) or within 3 ms (around its commit, before or
 * after the answer leaves). arm(fire) hands the kill to the clients' send
 * hook. True when it came with a command in flight.
 */
async function killAtRandom(server, rng, arm) {
  if (rng() < 0.5) {
    await server.kill9();
    return false;
  }
  const killed = new Promise((resolve) => arm(() => (rng() < 0.5 ? resolve(server.kill9()) : setTimeout(() => resolve(server.kill9()), rng() * 3))));
  const fired = await Promise.race([killed.then(() => true), sleep(5000).then(() => false)]);
  arm(null);
  if (!fired) await server.kill9();
  return fired;
}

/** Every ledger's check against the stopped server's store (an SQLite file, or PostgreSQL's URL). */
function verify(ledgers, file, storeUrl) {
  const store = storeUrl ? new PgStoreReader(storeUrl) : new StoreReader(file);
  try {
    return Object.values(ledgers).map((l) => l.verify(store));
  } finally {
    store.close();
  }
}

export async function runChaos(options = {}) {
  const o = { kills: 20, agents: 4, visitors: 4, seed: (Date.now() ^ process.pid) >>> 0, uptimeMs: [1500, 4000], windDownMs: 30_000, failover: false, gateways: 0, log: () => {}, ...given(options) };
  if (o.gateways > 0 && !o.failover) throw new Error('--gateways needs --failover (the cores publish to NATS only there)');
  const rng = seeded(o.seed);
  const dist = distDir(o.dist);
  const client = { ...(await fromDist(dist, 'client/session.js')), ...(await fromDist(dist, 'client/ws-transport.js')) };
  const root = scratchDir('switchboard-chaos-');
  const fakes = await startProviderFakes(dist);
  // Failover: the store is PostgreSQL and a standby core waits beside the active one; a kill is a takeover, not a restart.
  const pg = o.failover ? await startPostgres() : null;
  const store = pg ? pg.database() : null;
  // ... and every core publishes its commits to a JetStream stream, checked at the end against the store's log.
  const nats = o.failover ? await startNats() : null;
  const center = { ...CHAOS_CENTER, providers: { ...fakes.apis, graceSeconds: UNSURE_GRACE_SECONDS } };
  const serveOptions = { dist, config: writeCenter(root, center), data: join(root, 'data'), log: join(root, 'server.log'), simulate: true, trustProxy: VISITOR_PROXY, env: providerEnv(), store, bus: nats?.url ?? null };
  const ledgers = shiftLedgers(fakes);
  const stats = { kills: 0, killsMidCommand: 0, inFlightAtKills: 0, restarts: 0, unexpectedExits: 0, takeoversMs: [] };
  let server = await startServe(serveOptions);
  serveOptions.port = server.port;
  // The standby listens on the same port once it has taken over (where a real centre has a floating address).
  const newStandby = () => spawnServe({ ...serveOptions, startMs: null });
  let standby = o.failover ? newStandby() : null;
  fakes.target(server.port);
  // Gateways: the agents' panels on them in turn, the visitors and the providers' webhooks relayed by the first.
  // They believe the visitors' X-Forwarded-For (the visitors stand behind the same proxy as without them).
  const gateways = [];
  for (let i = 0; i < o.gateways; i++) gateways.push(await startGateway(dist, nats.url, ['--trust-proxy', ...VISITOR_PROXY]));
  const viaGateway = gateways.map((g) => g.url.replace(/\/agent$/, ''));
  const url = viaGateway[0] ?? server.wsUrl;
  const webhookPort = gateways.length > 0 ? Number(new URL(viaGateway[0]).port) : server.port;

  // The kill switch: armed, it fires the moment a client writes a journaled command.
  let armed = null;
  const onSend = (text) => {
    if (!armed || !/"cmd":"(?!session\.|sys\.)/.test(text)) return;
    const fire = armed;
    armed = null;
    fire();
  };
  const { agents, visitors } = crew({ agents: o.agents, visitors: o.visitors, url, agentUrls: viaGateway.length > 0 ? viaGateway : [url], root, client, ledgers, rng, onSend, visitor: { name: 'v', subnet: '198.18.0' } });
  const customers = CUSTOMERS.map(([channel, from]) => new ShiftCustomer({ channel, from, fakes, port: webhookPort, ledger: ledgers.webhookMessages, rng }));

  let result;
  try {
    for (const a of agents) await a.start();
    for (const v of visitors) v.start();
    for (const c of customers) c.start();
    while (stats.kills < o.kills) {
      // Let the clients come back and work a while.
      await until(() => agents.every((a) => a.online), 15_000);
      await sleep(o.uptimeMs[0] + rng() * (o.uptimeMs[1] - o.uptimeMs[0]));
      if (standby && !(await until(() => standby.server.said.includes('standby:'), 15_000))) o.log(`the standby never said it waits:\n${standby.server.lastWords()}`);
      if (!server.alive) {
        stats.unexpectedExits++;
        o.log(`the server died by itself: ${server.describeExit()}\n${server.lastWords()}`);
      } else if (await killAtRandom(server, rng, (fire) => (armed = fire))) stats.killsMidCommand++;
      stats.inFlightAtKills += agents.reduce((n, a) => n + a.outstanding(), 0);
      stats.kills++;
      o.log(`kill ${stats.kills}/${o.kills}: ${agents.reduce((n, a) => n + a.outstanding(), 0)} commands outstanding`);
      if (standby) {
        // The kill's moment is when the process was seen gone; the takeover ends when the standby listens.
        const killedAt = Date.now();
        server = await within(standby.listening, 30_000, () => `the standby did not take over within 30 s:\n${standby.server.lastWords()}`);
        stats.takeoversMs.push(server.listeningAt - killedAt);
        o.log(`takeover ${stats.takeoversMs.length}: ${stats.takeoversMs.at(-1)} ms`);
        standby = newStandby();
      } else {
        await sleep(rng() * 300);
        server = await restart(serveOptions);
      }
      stats.restarts++;
    }

    // Wind down: no new work; the journals deliver what they hold.
    for (const a of agents) a.stopWork();
    for (const v of visitors) v.stopWork();
    for (const c of customers) c.stopWork();
    // The journals are delivered, and the outbox has handed every acknowledged reply to its provider.
    const drained = await until(() => agents.every((a) => a.online && a.outstanding() === 0) && ledgers.providerReplies.allDelivered(), o.windDownMs);
    const outstanding = agents.reduce((n, a) => n + a.outstanding(), 0);
    await sleep(300);
    for (const a of agents) a.close();
    for (const v of visitors) v.close();
    for (const c of customers) c.close();
    // The standby first: it would take over from the active core's clean stop.
    if (standby) await standby.server.stop();
    const exit = await server.stop();
    if (exit.code !== 0) o.log(`the server did not stop cleanly (${server.describeExit()}):\n${server.lastWords()}`);

    const checks = verify(ledgers, join(serveOptions.data, 'switchboard.db'), store);
    if (nats) checks.push(await checkEventStream(nats.url, store));
    result = {
      seed: o.seed,
      ...stats,
      drained,
      outstanding,
      commandsSent: agents.reduce((n, a) => n + a.sent, 0),
      checks,
      lost: checks.reduce((n, c) => n + c.lost.length, 0),
      doubled: checks.reduce((n, c) => n + c.doubled.length, 0),
    };
  } finally {
    for (const a of agents) a.close();
    for (const v of visitors) v.close();
    for (const c of customers) c.close();
    if (standby) await standby.server.stop();
    await server.stop();
    for (const g of gateways) g.child.kill('SIGKILL');
    await fakes.stop();
    await pg?.stop();
    await nats?.stop();
    removeScratch(root);
  }
  return result;
}

export function chaosGoals(result, killsWanted) {
  return [
    { name: 'chaos.lost', value: result.lost, unit: 'count', op: '<=', target: 0 },
    { name: 'chaos.doubled', value: result.doubled, unit: 'count', op: '<=', target: 0 },
    { name: 'chaos.kills', value: result.kills, unit: 'count', op: '>=', target: killsWanted },
    ...(result.takeoversMs.length > 0
      ? [{ name: 'cluster.failover_max_s', value: Math.max(...result.takeoversMs) / 1000, unit: 's', op: '<=', target: 5 }]
      : []),
  ];
}
