// The client side of bench/failover.mjs: N agents' WebSocket clients in one
// process, each with a real ClientStore, each from a loopback address of its
// own (127.1.x.y, 250 to an x), as agents at their own desks are: the server's limits per
// address are for one desk, not for a whole centre. Forked by failover.mjs
// (argv[2] = the compiled code's directory) and driven over IPC.
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { addressOf, AgentClient, closeAll, eachAtMost, serve } from './lib/clients.mjs';

const dist = process.argv[2];
const { ClientStore } = await import(pathToFileURL(`${dist}/client/store.js`).href);


let clients = [];
let tokens = [];

/** Open agent i's socket, trying again every 50 ms while nobody listens (the standby is taking over). */
async function open(url, i, untilMs) {
  for (;;) {
    const ws = new WebSocket(url, { localAddress: addressOf(i), perMessageDeflate: false });
    const opened = await new Promise((resolve) => {
      ws.once('open', () => resolve(true));
      ws.once('error', () => resolve(false));
    });
    if (opened) {
      const client = new AgentClient(ws, i, ClientStore);
      ws.on('message', (data) => client.receive(data));
      ws.on('close', (code) => client.onClose(code));
      return client;
    }
    if (Date.now() > untilMs) throw new Error(`agent ${i} could not connect to ${url}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

serve({
  /** Connect and log every agent in; keeps their tokens. */
  async login({ url, agents, concurrency }) {
    clients = new Array(agents.length);
    tokens = new Array(agents.length);
    await eachAtMost(agents.length, concurrency, async (i) => {
      clients[i] = await open(url, i, Date.now() + 30_000);
      tokens[i] = (await clients[i].login(agents[i], agents[i])).token;
    });
    return { loggedIn: clients.length };
  },

  /**
   * The core died: every panel connects again (as soon as something listens)
   * and resumes its session with its token. Returns when each had its
   * snapshot (Date.now()).
   */
  async resume({ url, concurrency }) {
    const resumedAt = new Array(clients.length);
    await eachAtMost(clients.length, concurrency, async (i) => {
      clients[i] = await open(url, i, Date.now() + 60_000);
      await clients[i].resume(tokens[i]);
      resumedAt[i] = Date.now();
    });
    return { resumedAt };
  },

  async close() {
    await closeAll(clients.filter(Boolean));
    clients = [];
  },
});
