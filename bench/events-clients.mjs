// The client side of bench/events.mjs: N WebSocket clients per system, all in
// one process. Forked by events.mjs (child_process.fork, advanced
// serialization) and driven over IPC; not meant to be run by hand.
//
// Two sets of N clients, the same layout:
//   switchboard: each client logs in (session.login) and keeps a real
//                ClientStore from dist/ (loadSnapshot, applyEvent, and
//                applyLive for the live batches that carry queue figures).
//   floor:       each client parses the JSON frame and puts its figures in a Map.
// A change is announced before it is made (`expect`: which queue's figures,
// how many clients follow them); the time it lands is taken right after the
// batch carrying it has been applied, on the machine-wide monotonic clock
// (process.hrtime = CLOCK_MONOTONIC on Linux), which the server process reads too.
import { ClientStore } from '../dist/client/store.js';
import { AgentClient, closeAll, now, openAll, send, serve, untilCaughtUp } from './lib/clients.mjs';

const MODES = ['switchboard', 'floor'];
const LIVE_BATCH_START = '{"v":1,"ev":"live.batch"';
/** mode -> clients */
const clients = { switchboard: [], floor: [] };
/** mode -> change key -> arrival time per client index */
const arrivals = { switchboard: new Map(), floor: new Map() };
/** mode -> the change awaited: { key, queue, n } */
const expecting = { switchboard: null, floor: null };

/** A batch reached a client: if it carries the awaited queue's figures, note when. */
function landed(mode, index, frame) {
  const want = expecting[mode];
  if (!want || !frame.data.updates.some((u) => u.ev === 'queue.stats' && u.data.stats.id === want.queue)) return;
  const t = now();
  let times = arrivals[mode].get(want.key);
  if (!times) arrivals[mode].set(want.key, (times = new Map()));
  if (times.has(index)) return;
  times.set(index, t);
  if (times.size === want.n) {
    expecting[mode] = null;
    send({ type: 'done', mode, key: want.key });
  }
}

/** A switchboard client: live batches go to its store, then are timed; the rest as AgentClient does. */
function switchboardClient(ws, index) {
  const client = new AgentClient(ws, index, ClientStore);
  const receive = client.receive.bind(client);
  client.receive = (data) => {
    const text = data.toString();
    if (!text.startsWith(LIVE_BATCH_START)) return receive(data);
    const frame = JSON.parse(text);
    client.store?.applyLive(frame.data.updates);
    landed('switchboard', index, frame);
  };
  return client;
}

function onFloorMessage(client, data) {
  const frame = JSON.parse(data.toString());
  for (const u of frame.data.updates) client.map.set(u.data.stats?.id ?? u.ev, u.data);
  landed('floor', client.index, frame);
}

serve({
  async connect({ mode, url, n, concurrency }) {
    const t0 = now();
    clients[mode] =
      mode === 'switchboard'
        ? await openAll(url, n, concurrency, (c, data) => c.receive(data), switchboardClient)
        : await openAll(url, n, concurrency, onFloorMessage, (ws, index) => ({ ws, index, map: new Map() }));
    return { connectMs: now() - t0 };
  },

  /** Log every switchboard client in at once (a shift starting); resolves when every snapshot is loaded. */
  async login({ agents, as }) {
    const t0 = now();
    const cpu0 = process.cpuUsage();
    await Promise.all(
      clients.switchboard.map((client, i) => {
        client.agent = agents[i];
        return client.login(agents[i], agents[i], as);
      }),
    );
    const cpu = process.cpuUsage(cpu0);
    return { startedAt: t0, loginMs: now() - t0, cpuUserMs: cpu.user / 1000, cpuSystemMs: cpu.system / 1000 };
  },

  /** Resolves once every switchboard client's store has applied every event the server has sent it (agent -> seq). */
  sync({ sent, timeoutMs }) {
    return untilCaughtUp(clients.switchboard, (c) => (c.store?.lastSeq ?? 0) < (sent[c.agent] ?? 0), timeoutMs);
  },

  /** The next change of this mode: the figures of `queue`, which n clients follow. */
  async expect({ mode, key, queue, n }) {
    expecting[mode] = { key, queue, n };
    return {};
  },

  async measure() {
    for (const mode of MODES) arrivals[mode].clear();
    return {};
  },

  /** Hand back every arrival time, keyed by mode and change. */
  async results() {
    const out = {};
    for (const mode of MODES) {
      out[mode] = [...arrivals[mode].entries()].map(([key, times]) => [key, [...times.values()]]);
      arrivals[mode].clear();
    }
    return out;
  },

  async close() {
    await closeAll([...clients.switchboard, ...clients.floor]);
    clients.switchboard = [];
    clients.floor = [];
    return {};
  },
});
