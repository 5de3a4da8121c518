// The client side of bench/assign.mjs: N agents' WebSocket clients, each
// keeping a real ClientStore, and live chat visitors on /visitor, all in one
// process. Forked by assign.mjs (advanced serialization, argv[2] = the
// compiled code's directory) and driven over IPC; not meant to be run by hand.
//
// Visitor messages are timed from the visitor's send to the moment the
// message.created event is applied in the assigned agent's store, both on
// this process's monotonic clock.
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { closeAll, connectAgents, dropped, now, serve, untilCaughtUp } from './lib/clients.mjs';

const dist = process.argv[2];
const { ClientStore } = await import(pathToFileURL(`${dist}/client/store.js`).href);

let clients = [];
let visitors = [];
/** message text -> { sentAt, landedAt, agent } */
const inFlight = new Map();
const MARK = 'bench message ';

function onEvent(client, frame) {
  if (frame.ev !== 'message.created') return;
  const m = frame.data.message;
  if (m.author !== 'customer' || !m.text.startsWith(MARK)) return;
  const pending = inFlight.get(m.text);
  if (pending && pending.landedAt === null) {
    pending.landedAt = now();
    pending.agent = client.agent;
    pending.done?.();
  }
}

function visitorFrames(ws) {
  const waiters = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    for (const w of [...waiters]) if (w.test(frame)) w.resolve(frame);
  });
  return (test, timeoutMs = 30_000) =>
    new Promise((resolve, reject) => {
      const w = { test, resolve: null };
      const timer = setTimeout(() => reject(new Error('visitor: no answer within 30 s')), timeoutMs);
      w.resolve = (frame) => {
        clearTimeout(timer);
        waiters.splice(waiters.indexOf(w), 1);
        resolve(frame);
      };
      waiters.push(w);
    });
}

serve({
  async connect(request) {
    const connected = await connectAgents(request, ClientStore, onEvent);
    clients = connected.clients;
    return { connectMs: connected.connectMs };
  },

  /** Clients [from, from + tokens.length) take over their sessions at once; resolves when every snapshot is loaded. */
  async resume({ from, tokens }) {
    const t0 = now();
    await Promise.all(tokens.map((token, i) => clients[from + i].resume(token)));
    return { ms: now() - t0 };
  },

  /** Clients [from, to) log in at once (session.login over ws, available). */
  async login({ from, to }) {
    const t0 = now();
    const cpu0 = process.cpuUsage();
    const replies = [];
    await Promise.all(
      clients.slice(from, to).map(async (c) => {
        const r = await c.login(c.agent, c.agent, 'available');
        replies.push({ agent: c.agent, at: now(), conversations: c.store.list('conversation').length, bytes: 0, joined: r.joined });
      }),
    );
    const cpu = process.cpuUsage(cpu0);
    return { startedAt: t0, replies, cpuMs: (cpu.user + cpu.system) / 1000, dropped: dropped.count };
  },

  /**
   * Resolves once every store has applied every event the server has sent it
   * (agent -> seq); clients not logged in yet (no store) are not waited for.
   */
  sync({ sent, timeoutMs }) {
    return untilCaughtUp(clients, (c) => c.store && c.store.lastSeq < (sent[c.agent] ?? 0), timeoutMs);
  },

  /**
   * n visitors open /visitor and start a chat each (queues in turn), each
   * through its own forwarded address (the server trusts loopback as a proxy
   * in this bench, as the demo's simulated visitors do).
   */
  async visitors({ url, n, queues }) {
    visitors = await Promise.all(
      Array.from({ length: n }, async (_, index) => {
        const ws = new WebSocket(url, { perMessageDeflate: false, headers: { 'x-forwarded-for': `10.77.${Math.floor(index / 250)}.${(index % 250) + 1}` } });
        const next = visitorFrames(ws);
        await new Promise((resolve, reject) => {
          ws.once('open', resolve);
          ws.once('error', reject);
        });
        const started = next((f) => f.type === 'started' || f.type === 'error');
        ws.send(JSON.stringify({ type: 'start', name: `Visitor ${index + 1}`, email: `visitor${index + 1}@bench.switchboard`, visitorId: `bench-visitor-${index + 1}`, queue: queues[index % queues.length] }));
        const frame = await started;
        if (frame.type === 'error') throw new Error(`visitor ${index + 1}: ${frame.code}: ${frame.message}`);
        return { ws, index, next, conversation: frame.conversation.id };
      }),
    );
    return { conversations: visitors.map((v) => v.conversation) };
  },

  /**
   * `count` visitor messages, one every `intervalMs` (visitors in turn), each
   * sent only once the previous one has landed in its agent's store (so the
   * figure is latency, not queueing). Returns the latencies.
   */
  async messages({ count, intervalMs }) {
    const results = [];
    const t0 = now();
    for (let k = 0; k < count; k++) {
      const due = t0 + k * intervalMs;
      if (due > now()) await new Promise((r) => setTimeout(r, due - now()));
      const v = visitors[k % visitors.length];
      const text = `${MARK}${k}`;
      const pending = { sentAt: now(), landedAt: null, agent: null, done: null };
      const landed = new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`message ${k} never reached an agent's store`)), 10_000);
        pending.done = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      inFlight.set(text, pending);
      v.ws.send(JSON.stringify({ type: 'message', text }));
      await landed;
      inFlight.delete(text);
      results.push({ conversation: v.conversation, agent: pending.agent, ms: pending.landedAt - pending.sentAt, sentAt: pending.sentAt });
    }
    return { results, ms: now() - t0, dropped: dropped.count };
  },

  async close() {
    await closeAll([...clients, ...visitors]);
    clients = [];
    visitors = [];
    return {};
  },
});
