// A real NATS server with JetStream for tests and harness runs: Debian's
// nats-server (installed by .ci/run), on 127.0.0.1 only, its JetStream store
// in a throwaway directory removed when stopped.
import { spawn } from 'node:child_process';
import { connect } from 'nats';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.mjs';
import { trackChild } from './scratch.mjs';

const BIN = ['/usr/sbin/nats-server', '/usr/bin/nats-server'].find((p) => existsSync(p)) ?? null;

/** Whether a NATS server can be started here. */
export const natsInstalled = BIN !== null;

/** Start one: { url, port, stop() }. */
export async function startNats() {
  if (!BIN) throw new Error('nats-server is not installed (Debian package nats-server)');
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-nats-'));
  const port = await freePort();
  const log = [];
  // Answers between the core and its gateways may carry a resume's replay or a snapshot: 8 MB, as the README asks.
  const config = join(dir, 'nats.conf');
  writeFileSync(config, 'max_payload: 8MB\n');
  let child;
  // Start the server (again, after a kill: same port, same JetStream directory).
  const launch = async () => {
    child = spawn(BIN, ['-c', config, '-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (b) => log.push(b.toString()));
    child.stderr.on('data', (b) => log.push(b.toString()));
    // A run that fails or is stopped takes its nats-server with it.
    trackChild(child);
    const until = Date.now() + 15_000;
    while (!(await accepts(port))) {
      if (child.exitCode !== null) throw new Error(`nats-server exited at start: ${log.join('')}`);
      if (Date.now() > until) throw new Error(`nats-server did not listen on 127.0.0.1:${port} within 15 s: ${log.join('')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await launch();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    /** SIGKILL it (what it had not yet written to disk is lost) and start it again on the same port and data. */
    async crash() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      await launch();
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function accepts(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Every message of a JetStream stream on the server at url, in the stream's order, as the JSON each carries. */
export async function streamedMessages(url, stream) {
  const nc = await connect({ servers: url });
  try {
    const jsm = await nc.jetstreamManager();
    const { state } = await jsm.streams.info(stream);
    const messages = [];
    for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) messages.push((await jsm.streams.getMessage(stream, { seq })).json());
    return messages;
  } finally {
    await nc.close();
  }
}
