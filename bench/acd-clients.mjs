// The client side of bench/acd.mjs: N agents' WebSocket clients in one
// process, each keeping a real ClientStore. Forked by acd.mjs (advanced
// serialization, argv[2] = the compiled code's directory) and driven over
// IPC; not meant to be run by hand.
//
// Each agent answers what rings for it (call.answer), talks for `talkMs`,
// hangs up (call.hangup) and submits the queue's disposition
// (disposition.submit) when the ended call owes one. The time an offer lands
// - the first call.updated that shows the call ringing with this agent among
// its offers, applied to the agent's store - is taken on the machine-wide
// monotonic clock, which the bench process reads too.
import { pathToFileURL } from 'node:url';
import { closeAll, connectAgents, dropped, now, serve, untilCaughtUp } from './lib/clients.mjs';

const dist = process.argv[2];
const { ClientStore } = await import(pathToFileURL(`${dist}/client/store.js`).href);

let clients = [];
let talkMs = 20;
let disposition = 'SALE';
let measuring = false;
/** [callId, client index, time the offer landed] */
let offers = [];
const counts = () => ({ answered: 0, hungUp: 0, disposed: 0, refused: {} });
let tally = counts();

function refused(e) {
  const code = e.code ?? 'OTHER';
  tally.refused[code] = (tally.refused[code] ?? 0) + 1;
}

function onEvent(client, frame) {
  if (frame.ev !== 'call.updated') return;
  const call = frame.data.call;
  if (call.state !== 'ringing') return;
  const mine = call.offers.find((o) => o.agent === client.agent);
  if (!mine || client.offered.has(mine.leg)) return;
  client.offered.add(mine.leg);
  if (measuring) offers.push([call.id, client.index, now()]);
  work(client, call.id);
}

async function work(client, callId) {
  try {
    await client.command('call.answer', { callId });
  } catch (e) {
    // Ring-all: another agent answered first.
    return refused(e);
  }
  tally.answered++;
  try {
    await new Promise((r) => setTimeout(r, talkMs));
    const { call } = await client.command('call.hangup', { callId });
    tally.hungUp++;
    if (call?.needsDisposition && !call.disposition) {
      await client.command('disposition.submit', { callId, code: disposition });
      tally.disposed++;
    }
  } catch (e) {
    refused(e);
  }
}

serve({
  async connect(request) {
    // offered: the legs this agent has been offered, so each offer is worked once.
    const connected = await connectAgents(request, ClientStore, onEvent, (c) => (c.offered = new Set()));
    clients = connected.clients;
    return { connectMs: connected.connectMs };
  },

  /** Every client takes over its agent's session at once; resolves when every snapshot is loaded. */
  async resume({ tokens }) {
    const t0 = now();
    const cpu0 = process.cpuUsage();
    await Promise.all(clients.map((c, i) => c.resume(tokens[i])));
    const cpu = process.cpuUsage(cpu0);
    return { startedAt: t0, ms: now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
  },

  /** Resolves once every store has applied every event the server has sent it (agent -> seq). */
  sync({ sent, timeoutMs }) {
    return untilCaughtUp(clients, (c) => (c.store?.lastSeq ?? 0) < (sent[c.agent] ?? 0), timeoutMs);
  },

  async measure(args) {
    talkMs = args.talkMs ?? talkMs;
    disposition = args.disposition ?? disposition;
    offers = [];
    tally = counts();
    measuring = true;
    return { cpu: process.cpuUsage() };
  },

  async results() {
    measuring = false;
    const out = { offers, tally, cpu: process.cpuUsage(), dropped: dropped.count };
    offers = [];
    return out;
  },

  async close() {
    await closeAll(clients);
    clients = [];
    return {};
  },
});
