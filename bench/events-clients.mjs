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
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { ClientStore } from '../dist/client/store.js';
import { now } from './lib/common.mjs';


const MODES = ['switchboard', 'floor'];
/** mode -> clients */
const clients = { switchboard: [], floor: [] };
/** mode -> seq -> arrival time per client (NaN until it lands) */
const arrivals = { switchboard: new Map(), floor: new Map() };
/** mode -> seq -> how many clients have it */
const counts = { switchboard: new Map(), floor: new Map() };
const measuring = { switchboard: false, floor: false };

function send(message) {
  process.send(message);
}

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

/** Open n sockets to url, at most `concurrency` handshakes at a time. */
async function openAll(url, n, concurrency, onMessage) {
  const out = new Array(n);
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const index = next++;
      const ws = new WebSocket(url, { perMessageDeflate: false });
      const client = { ws, index, store: null, map: new Map(), pending: null };
      ws.on('message', (data) => onMessage(client, data));
      await new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      });
      ws.on('error', (e) => send({ type: 'log', line: `client ${index}: ${e.message}` }));
      ws.on('close', (code) => {
        if (!client.closing) send({ type: 'log', line: `client ${index} closed by the server (${code})` });
      });
      out[index] = client;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return out;
}

function onSwitchboardMessage(client, data) {
  const frame = JSON.parse(data.toString());
  if ('seq' in frame) {
    if (!client.store) return; // cannot happen: events follow the login reply
    if (client.store.applyEvent(frame) && measuring.switchboard) record('switchboard', frame.seq, client.index);
    return;
  }
  if (client.pending && frame.re === client.pending.id) {
    const { resolve, reject } = client.pending;
    client.pending = null;
    if (!frame.ok) reject(new Error(`${frame.error.code}: ${frame.error.message}`));
    else {
      client.store = new ClientStore();
      client.store.loadSnapshot(frame.result.snapshot);
      resolve();
    }
  }
}

function onFloorMessage(client, data) {
  const frame = JSON.parse(data.toString());
  client.map.set(frame.data.stats.id, frame.data.stats);
  if (measuring.floor) record('floor', frame.seq, client.index);
}

const handlers = {
  async connect({ mode, url, n, concurrency }) {
    const t0 = now();
    clients[mode] = await openAll(url, n, concurrency, mode === 'switchboard' ? onSwitchboardMessage : onFloorMessage);
    return { connectMs: now() - t0 };
  },

  /** Log every switchboard client in at once (a shift starting); resolves when every snapshot is loaded. */
  async login({ agents, as }) {
    const t0 = now();
    const cpu0 = process.cpuUsage();
    await Promise.all(
      clients.switchboard.map(
        (client, i) =>
          new Promise((resolve, reject) => {
            const id = randomUUID();
            client.pending = { id, resolve, reject };
            client.ws.send(JSON.stringify({ v: 1, id, cmd: 'session.login', args: { agent: agents[i], pin: agents[i], strategy: 'inbound', as } }));
          }),
      ),
    );
    const cpu = process.cpuUsage(cpu0);
    return { startedAt: t0, loginMs: now() - t0, cpuUserMs: cpu.user / 1000, cpuSystemMs: cpu.system / 1000 };
  },

  /** Resolves once every switchboard client's store has applied every event up to seq. */
  async sync({ seq, timeoutMs }) {
    const until = now() + timeoutMs;
    for (;;) {
      const behind = clients.switchboard.filter((c) => (c.store?.lastSeq ?? 0) < seq).length;
      if (behind === 0) return { ok: true, at: now() };
      if (now() > until) return { ok: false, behind };
      await new Promise((r) => setTimeout(r, 2));
    }
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
    const all = [...clients.switchboard, ...clients.floor];
    await Promise.all(
      all.map(
        (c) =>
          new Promise((resolve) => {
            c.closing = true;
            if (c.ws.readyState === WebSocket.CLOSED) return resolve();
            c.ws.once('close', resolve);
            c.ws.close();
          }),
      ),
    );
    clients.switchboard = [];
    clients.floor = [];
    return {};
  },
};

process.on('message', async (message) => {
  try {
    const result = await handlers[message.type](message);
    send({ type: 'reply', re: message.id, ok: true, result });
  } catch (e) {
    send({ type: 'reply', re: message.id, ok: false, error: String(e?.stack ?? e) });
  }
});

process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
