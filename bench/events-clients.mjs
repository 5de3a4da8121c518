// The client side of bench/events.mjs: N WebSocket clients per system, all in
// one process. Forked by events.mjs (child_process.fork, advanced
// serialization) and driven over IPC; not meant to be run by hand.
//
// Two sets of N clients, the same layout:
//   switchboard: each client logs in (session.login) and keeps a real
//                ClientStore from dist/ (loadSnapshot + applyEvent).
//   floor:       each client parses the JSON frame and puts it in a Map.
// The time an event lands is taken right after it has been applied, on the
// machine-wide monotonic clock (process.hrtime = CLOCK_MONOTONIC on Linux),
// which the server process reads too.
import { ClientStore } from '../dist/client/store.js';
import { AgentClient, closeAll, now, openAll, send, serve, untilCaughtUp } from './lib/clients.mjs';

const MODES = ['switchboard', 'floor'];
/** mode -> clients */
const clients = { switchboard: [], floor: [] };
/** mode -> seq -> arrival time per client (NaN until it lands) */
const arrivals = { switchboard: new Map(), floor: new Map() };
/** mode -> seq -> how many clients have it */
const counts = { switchboard: new Map(), floor: new Map() };
const measuring = { switchboard: false, floor: false };

function record(mode, seq, index) {
  const t = now();
  const n = clients[mode].length;
  let times = arrivals[mode].get(seq);
  if (!times) {
    times = new Float64Array(n).fill(NaN);
    arrivals[mode].set(seq, times);
    counts[mode].set(seq, 0);
  }
  if (!Number.isNaN(times[index])) return;
  times[index] = t;
  const c = counts[mode].get(seq) + 1;
  counts[mode].set(seq, c);
  if (c === n) send({ type: 'done', mode, seq });
}

/** A switchboard client's event, applied to its store: the time it landed is recorded. */
function onSwitchboardEvent(client, frame) {
  if (measuring.switchboard) record('switchboard', frame.seq, client.index);
}

function onFloorMessage(client, data) {
  const frame = JSON.parse(data.toString());
  client.map.set(frame.data.stats.id, frame.data.stats);
  if (measuring.floor) record('floor', frame.seq, client.index);
}

serve({
  async connect({ mode, url, n, concurrency }) {
    const t0 = now();
    clients[mode] =
      mode === 'switchboard'
        ? await openAll(url, n, concurrency, (c, data) => c.receive(data), (ws, index) => new AgentClient(ws, index, ClientStore, onSwitchboardEvent))
        : await openAll(url, n, concurrency, onFloorMessage, (ws, index) => ({ ws, index, map: new Map() }));
    return { connectMs: now() - t0 };
  },

  /** Log every switchboard client in at once (a shift starting); resolves when every snapshot is loaded. */
  async login({ agents, as }) {
    const t0 = now();
    const cpu0 = process.cpuUsage();
    await Promise.all(clients.switchboard.map((client, i) => client.login(agents[i], agents[i], as)));
    const cpu = process.cpuUsage(cpu0);
    return { startedAt: t0, loginMs: now() - t0, cpuUserMs: cpu.user / 1000, cpuSystemMs: cpu.system / 1000 };
  },

  /** Resolves once every switchboard client's store has applied every event up to seq. */
  sync({ seq, timeoutMs }) {
    return untilCaughtUp(clients.switchboard, (c) => (c.store?.lastSeq ?? 0) < seq, timeoutMs);
  },

  async measure() {
    for (const mode of MODES) {
      arrivals[mode].clear();
      counts[mode].clear();
      measuring[mode] = true;
    }
    return {};
  },

  /** Stop recording and hand back every arrival time, keyed by mode and event seq. */
  async results() {
    const out = {};
    for (const mode of MODES) {
      measuring[mode] = false;
      out[mode] = [...arrivals[mode].entries()];
      arrivals[mode].clear();
      counts[mode].clear();
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
