import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock, Random } from '../core/clock.js';
import type { Config } from '../core/config/schema.js';
import { Engine } from '../core/engine.js';
import { SqliteEventStore } from '../store/sqlite-store.js';
import { SimTelephony } from '../telephony/sim/simulator.js';
import { AgentGateway } from './gateway.js';
import { startHttp, type RunningHttp } from './http-server.js';
import { inProcessTransport } from './in-process.js';
import type { Log } from './logger.js';
import { CryptoRandom, SystemClock } from './system-clock.js';
import type { Transport } from '../core/protocol/transport.js';

export interface ServerOptions {
  config: Config;
  /** Directory for the database; null makes a temporary one removed at close. */
  dataDir: string | null;
  host?: string;
  /** Port for HTTP + WebSocket; null runs with no listener (in-process only). */
  port: number | null;
  simulate: boolean;
  trustedProxies?: string[];
  clock?: Clock;
  random?: Random;
  log?: Log;
}

export interface RunningServer {
  engine: Engine;
  gateway: AgentGateway;
  sim: SimTelephony;
  http: RunningHttp | null;
  dataDir: string;
  /** A transport to this server from the same process (the demo panel). */
  connectInProcess(): Transport;
  close(): Promise<void>;
}

/** Core + store + telephony + gateway (+ HTTP), started together. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? (() => {});
  const temporary = options.dataDir === null;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'switchboard-'));
  mkdirSync(dataDir, { recursive: true });
  const clock = options.clock ?? new SystemClock();
  const random = options.random ?? new CryptoRandom();
  const store = new SqliteEventStore(join(dataDir, 'switchboard.db'));
  const sim = new SimTelephony(clock, random, {
    queues: options.config.voiceQueues.map((q) => q.number),
    ...options.config.simulator,
  });
  const engine = new Engine({ config: options.config, store, clock, random, telephony: sim, log });
  engine.start();
  const gateway = new AgentGateway(engine, log);
  let http: RunningHttp | null = null;
  try {
    if (options.port !== null) {
      http = await startHttp(engine, gateway, { host: options.host ?? '127.0.0.1', port: options.port, trustedProxies: options.trustedProxies }, log);
      log(`listening on ${http.url}`);
    }
  } catch (e) {
    engine.stop();
    store.close();
    throw e;
  }
  if (options.simulate) sim.startTraffic();

  let closed = false;
  return {
    engine,
    gateway,
    sim,
    http,
    dataDir,
    connectInProcess: () => inProcessTransport(gateway),
    async close() {
      if (closed) return;
      closed = true;
      sim.stopTraffic();
      gateway.close();
      await http?.close();
      engine.stop();
      if (clock instanceof SystemClock) clock.clearAll();
      store.close();
      if (temporary) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
