import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { parseConfig } from '../src/core/config/parse.js';
import type { Config } from '../src/core/config/schema.js';
import { Engine } from '../src/core/engine.js';
import { FakeClock, SeededRandom } from './fake-clock.js';
import type { Origin } from '../src/core/context.js';
import type { ResponseFrame } from '../src/core/protocol/frames.js';
import type { Message } from '../src/core/protocol/model.js';
import type { EventStore } from '../src/core/ports/store.js';
import { SqliteEventStore } from '../src/store/sqlite-store.js';
import { SimTelephony } from '../src/telephony/sim/simulator.js';

export const DEMO_CONFIG_PATH = new URL('../config/demo.yaml', import.meta.url).pathname;

export function demoConfig(): Config {
  return parseConfig(readFileSync(DEMO_CONFIG_PATH, 'utf8'), 'config/demo.yaml');
}

export interface TestCore {
  engine: Engine;
  clock: FakeClock;
  sim: SimTelephony;
  store: EventStore;
  /** Send a command as if from a connection; returns the response frame. */
  send(cmd: string, args?: Record<string, unknown>, origin?: Partial<Origin>): ResponseFrame;
  /** Log an agent in and return an origin carrying its principal. */
  login(agent: string, extra?: Record<string, unknown>): Origin;
}

let ids = 0;

export interface CoreOptions {
  config?: Config;
  file?: string;
  /** A store of the test's own (PostgreSQL); without it SQLite, in `file` or in memory. */
  store?: EventStore;
  clock?: FakeClock;
  seed?: number;
  /** The engine's group commit (EngineDeps.defer); without it every transaction commits at once. */
  defer?: (flush: () => void) => void;
  /**
   * Messages the engine keeps in memory (EngineDeps.recentMessagesKept). Tests
   * keep only 2 unless told, so every test reads most messages back from the
   * store, as a long-running centre does.
   */
  recentMessagesKept?: number;
}

export function makeCore(options: CoreOptions = {}): TestCore {
  const config = options.config ?? demoConfig();
  const clock = options.clock ?? new FakeClock();
  const random = new SeededRandom(options.seed ?? 7);
  const store = options.store ?? new SqliteEventStore(options.file ?? ':memory:');
  const sim = new SimTelephony(clock, random, { queues: config.voiceQueues.map((q) => q.number), ...config.simulator });
  const engine = new Engine({ config, store, clock, random, telephony: sim, defer: options.defer, recentMessagesKept: options.recentMessagesKept ?? 2 });
  engine.start();
  const send = (cmd: string, args: Record<string, unknown> = {}, origin: Partial<Origin> = {}) =>
    engine.handle({ v: 1, id: `t${++ids}`, cmd, args }, { principal: origin.principal ?? null, address: origin.address ?? '10.0.0.1' });
  const login = (agent: string, extra: Record<string, unknown> = {}): Origin => {
    const r = send('session.login', { agent, pin: agent, ...extra });
    if (!r.ok) throw new Error(`login failed: ${r.error.code} ${r.error.message}`);
    const principal = engine.authenticate((r.result as { token: string }).token);
    return { principal, address: '10.0.0.1' };
  };
  return { engine, clock, sim, store, send, login };
}

/**
 * Every message of the centre, each conversation's oldest first. The engine
 * keeps only recent messages in memory, so tests read them as a panel would,
 * through the conversations.
 */
export function allMessages(engine: Engine): Message[] {
  return [...engine.state.all('conversation')].flatMap((c) => engine.messagesOf(c.id));
}

/**
 * Database files in throwaway folders, for tests that restart a core on the
 * same data. Call at the top of a test file: each test's folders are removed
 * after it.
 */
export function scratchDatabases(prefix: string): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return join(dir, 'switchboard.db');
  };
}

export function errorOf(r: ResponseFrame): { code: string; message: string } {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.result)}`);
  return r.error;
}

export function resultOf<T = Record<string, unknown>>(r: ResponseFrame): T {
  if (!r.ok) throw new Error(`expected success, got ${r.error.code}: ${r.error.message}`);
  return r.result as T;
}
