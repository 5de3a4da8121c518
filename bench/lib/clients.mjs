// The client process's side of a benchmark: IPC with the bench process,
// opening many WebSockets, and agent clients that keep a real ClientStore.
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { now } from './common.mjs';
import { framesIn } from '../../dist/core/protocol/event-group.js';

export { now };

/**
 * Agent i's own loopback address (127.1.x.y, 250 to an x), as agents at their
 * own desks are: a server's limits per address are for one desk, not for a
 * whole centre.
 */
export const addressOf = (i) => `127.1.${Math.floor(i / 250)}.${(i % 250) + 1}`;

/** A message to the bench process. */
export function send(message) {
  process.send(message);
}

/** Sockets the server closed on us (e.g. its heartbeat dropped a client that fell 30 s behind). */
export const dropped = { count: 0 };

export function log(line) {
  send({ type: 'log', line });
}

/**
 * Answer the bench process's requests with `handlers[type](message)`; the
 * value (or the error) goes back as a reply. Exits when the bench process goes.
 */
export function serve(handlers) {
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
}

/** Run work(i) for i in 0 .. n-1, at most `concurrency` at a time. */
export async function eachAtMost(n, concurrency, work) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) await work(next++);
    }),
  );
}

/**
 * Open n sockets to url, at most `concurrency` handshakes at a time.
 * `make(ws, index)` builds the client object; `onMessage(client, data)` gets
 * every frame. Errors and unexpected closes are logged.
 */
export async function openAll(url, n, concurrency, onMessage, make = (ws, index) => ({ ws, index }), { localAddress } = {}) {
  const out = new Array(n);
  await eachAtMost(n, concurrency, async (index) => {
    const ws = new WebSocket(typeof url === 'function' ? url(index) : url, { perMessageDeflate: false, ...(localAddress ? { localAddress: localAddress(index) } : {}) });
    const client = make(ws, index);
    ws.on('message', (data) => onMessage(client, data));
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    ws.on('error', (e) => log(`client ${index}: ${e.message}`));
    ws.on('close', (code) => {
      if (!client.closing) {
        dropped.count++;
        // One line for the first few: a heartbeat drop closes hundreds at once.
        if (dropped.count <= 3) log(`client ${index} closed by the server (${code})${dropped.count === 3 ? '; further closes are counted, not logged' : ''}`);
      }
      client.onClose?.(code);
    });
    out[index] = client;
  });
  return out;
}

/**
 * Open an AgentClient for each agent number of the request (client i is
 * agents[i]); `extend(client)` adds a bench's own per-client state.
 * Resolves with the clients and the time it took to connect them all.
 */
export async function connectAgents({ url, urls, spread, agents, concurrency, base = 0 }, ClientStore, onEvent, extend = () => {}) {
  const t0 = now();
  // urls: gateways, agent i on urls[i % n]; spread: each agent from a loopback address of its own.
  // base: the index of this process's first agent among all (a bench's clients in several processes).
  const target = urls ? (index) => urls[(base + index) % urls.length] : url;
  const clients = await openAll(
    target,
    agents.length,
    concurrency,
    (c, data) => c.receive(data),
    (ws, index) => {
      const c = new AgentClient(ws, index, ClientStore, onEvent);
      c.agent = agents[index];
      extend(c);
      return c;
    },
    spread ? { localAddress: (index) => addressOf(base + index) } : {},
  );
  return { clients, connectMs: now() - t0 };
}

/**
 * Poll every 2 ms until no client isBehind (its store has yet to apply an
 * event the server sent it) or timeoutMs has passed: { ok: true, at } with
 * the time all had caught up, or { ok: false, behind } with how many had not.
 */
export async function untilCaughtUp(clients, isBehind, timeoutMs) {
  const until = now() + timeoutMs;
  for (;;) {
    const behind = clients.filter(isBehind).length;
    if (behind === 0) return { ok: true, at: now() };
    if (now() > until) return { ok: false, behind };
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Close every socket and wait for the closes. */
export function closeAll(clients) {
  return Promise.all(
    clients.map(
      (c) =>
        new Promise((resolve) => {
          c.closing = true;
          if (c.ws.readyState === WebSocket.CLOSED) return resolve();
          c.ws.once('close', resolve);
          c.ws.close();
        }),
    ),
  );
}

/**
 * An agent's connection: commands by id (any number in flight), and a
 * ClientStore that applies every event frame. `onEvent(client, frame)` is
 * called after a frame has been applied to the store (first time only).
 */
export class AgentClient {
  constructor(ws, index, ClientStore, onEvent = () => {}) {
    this.ws = ws;
    this.index = index;
    this.ClientStore = ClientStore;
    this.onEvent = onEvent;
    this.store = null;
    this.pending = new Map();
    this.closing = false;
  }

  receive(data) {
    for (const frame of framesIn(JSON.parse(data.toString()))) this.receiveFrame(frame);
  }

  receiveFrame(frame) {
    if ('seq' in frame) {
      // Events follow the reply that carried the snapshot; anything before is not ours.
      if (this.store && this.store.applyEvent(frame)) this.onEvent(this, frame);
      return;
    }
    if (frame.re !== undefined && this.pending.has(frame.re)) {
      const { resolve, reject, sync } = this.pending.get(frame.re);
      this.pending.delete(frame.re);
      if (frame.ok) {
        // Done before any later frame of the same chunk is read (a snapshot
        // must be in place for the events that follow it).
        sync?.(frame.result);
        resolve(frame.result);
      }
      else {
        const e = new Error(`${frame.error.code}: ${frame.error.message}`);
        e.code = frame.error.code;
        reject(e);
      }
    }
  }

  /** The socket closed: nothing in flight will be answered. */
  onClose(code) {
    for (const { reject } of this.pending.values()) {
      const e = new Error(`socket closed (${code}) before the reply`);
      e.code = 'CLOSED';
      reject(e);
    }
    this.pending.clear();
  }

  command(cmd, args = {}, sync = null) {
    const id = randomUUID();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, sync });
      this.ws.send(JSON.stringify({ v: 1, id, cmd, args }));
    });
  }

  /** Start a session; the reply's snapshot is loaded into a fresh store. */
  login(agent, pin, as = 'available') {
    return this.command('session.login', { agent, pin, strategy: 'inbound', as }, (r) => this.load(r.snapshot));
  }

  /** Take over a session started elsewhere (a token) from a fresh store. */
  resume(token) {
    return this.command('session.resume', { token, lastSeq: 0 }, (r) => this.load(r.snapshot));
  }

  load(snapshot) {
    const store = new this.ClientStore();
    store.loadSnapshot(snapshot);
    this.store = store;
  }
}
