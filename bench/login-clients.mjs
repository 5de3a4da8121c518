// The client side of bench/login.mjs: N agents' WebSocket clients in one
// process, each keeping a real ClientStore. Forked by login.mjs (advanced
// serialization, argv[2] = the compiled code's directory) and driven over
// IPC; not meant to be run by hand.
import { pathToFileURL } from 'node:url';
import { closeAll, connectAgents, now, serve } from './lib/clients.mjs';

const dist = process.argv[2];
const { ClientStore } = await import(pathToFileURL(`${dist}/client/store.js`).href);

/** Each client notes the size of every frame it reads: the login answer's is its snapshot's. */
function measureFrames(client) {
  const receive = client.receive.bind(client);
  client.receive = (data) => {
    client.lastFrameBytes = data.length;
    receive(data);
  };
}

let clients = [];

serve({
  async connect(request) {
    const connected = await connectAgents(request, ClientStore, () => {}, measureFrames);
    clients = connected.clients;
    return { connectMs: connected.connectMs };
  },

  /**
   * Every client sends session.login in the same turn (a shift starting);
   * resolves when every snapshot is loaded, with when each was (ms after the
   * sends) and the size of each login answer.
   */
  async login() {
    const t0 = now();
    const cpu0 = process.cpuUsage();
    const appliedMs = new Array(clients.length);
    const snapshotBytes = new Array(clients.length);
    await Promise.all(
      clients.map((c, i) =>
        c.command('session.login', { agent: c.agent, pin: c.agent, strategy: 'inbound', as: 'available' }, (r) => {
          snapshotBytes[i] = c.lastFrameBytes;
          c.load(r.snapshot);
          appliedMs[i] = now() - t0;
        }),
      ),
    );
    const cpu = process.cpuUsage(cpu0);
    return { appliedMs, snapshotBytes, cpuMs: (cpu.user + cpu.system) / 1000 };
  },

  async close() {
    await closeAll(clients);
    clients = [];
    return {};
  },
});
