import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { Waiters } from './waiters.js';
import type { Config } from '../../src/core/config/schema.js';
import type { EventFrame } from '../../src/core/protocol/events.js';
import { framesIn } from '../../src/core/protocol/event-group.js';
import type { ResponseFrame } from '../../src/core/protocol/frames.js';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/runtime.js';
import { demoConfig } from '../helpers.js';

/**
 * Shared pieces of the server and client tests: temporary directories, real
 * servers on 127.0.0.1, and a raw WebSocket client that speaks protocol frames.
 * Everything made here is registered for `runCleanups`, which each test file
 * calls in afterEach so nothing keeps vitest alive.
 */

const cleanups: Array<() => unknown> = [];

export function onCleanup(fn: () => unknown): void {
  cleanups.push(fn);
}

export async function runCleanups(): Promise<void> {
  while (cleanups.length > 0) {
    const fn = cleanups.pop()!;
    try {
      await fn();
    } catch {
      // cleanup of one thing must not stop the others
    }
  }
}

/** A fresh, empty directory removed after the test. */
export function tempDir(prefix = 'switchboard-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The live batches' interval of the test servers (production: 500 ms): short, so tests wait little. */
export const TEST_LIVE_INTERVAL_MS = 100;

/** A real server (demo config, no simulated traffic) on 127.0.0.1. */
export async function startTestServer(options: Partial<ServerOptions> & { config?: Config } = {}): Promise<RunningServer> {
  const server = await startServer({
    config: options.config ?? demoConfig(),
    dataDir: options.dataDir ?? tempDir(),
    host: '127.0.0.1',
    port: options.port ?? 0,
    simulate: false,
    // Most messages are read back from the store, as in a centre that has run for months.
    recentMessagesKept: 2,
    ...options,
    limits: { liveIntervalMs: TEST_LIVE_INTERVAL_MS, ...options.limits },
  });
  onCleanup(() => server.close());
  return server;
}

export function agentUrlOf(server: RunningServer): string {
  return `${server.http!.url}/agent`;
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** How long a wait may take before the test fails with what it saw (a guard, not a measurement). */

type Frame = ResponseFrame | EventFrame;

export function isEvent(frame: Frame): frame is EventFrame {
  return 'seq' in frame;
}

/** A live batch: the latest figures and followed colleagues, no sequence number. */
interface LiveBatch {
  v: 1;
  ev: 'live.batch';
  at: string;
  data: { updates: LiveUpdate[] };
}

export interface LiveUpdate {
  ev: string;
  data: Record<string, unknown>;
}

function isLiveBatch(frame: unknown): frame is LiveBatch {
  return (frame as { ev?: string }).ev === 'live.batch';
}

/**
 * A bare protocol client: sends JSON frames, keeps every frame received in
 * order, and waits for frames by predicate.
 */
export class RawClient {
  readonly frames: Frame[] = [];
  /** Text frames that were not JSON (there should be none). */
  readonly garbage: string[] = [];
  closeInfo: { code: number; reason: string } | null = null;
  private readonly waiters = new Waiters();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      const text = data.toString();
      try {
        if (isBinary) throw new Error('binary');
        // A group of events counts as its events, one by one, as a client applies them.
        for (const frame of framesIn(JSON.parse(text))) this.frames.push(frame as Frame);
      } catch {
        this.garbage.push(text);
      }
      this.waiters.wake();
    });
    ws.on('close', (code, reason) => {
      this.closeInfo = { code, reason: reason.toString() };
      this.waiters.wake();
    });
    ws.on('error', () => {});
  }

  static open(url: string): Promise<RawClient> {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const client = new RawClient(ws);
    onCleanup(() => client.terminate());
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
    });
  }

  get events(): EventFrame[] {
    return this.frames.filter(isEvent);
  }

  get responses(): ResponseFrame[] {
    return this.frames.filter((f): f is ResponseFrame => !isEvent(f) && !isLiveBatch(f));
  }

  /** Every update of the live batches received (figures, followed colleagues), in order. */
  get live(): LiveUpdate[] {
    return (this.frames as unknown[]).filter(isLiveBatch).flatMap((b) => b.data.updates);
  }

  /** The live batches received, as frames. */
  get batches(): Array<{ at: string; updates: LiveUpdate[] }> {
    return (this.frames as unknown[]).filter(isLiveBatch).map((b) => ({ at: b.at, updates: b.data.updates }));
  }

  /**
   * The first event or live update at or after frame index `from` matching
   * the predicate: what the panel's store sees, whichever way it came.
   */
  nextSeen(predicate: (e: EventFrame) => boolean, from = 0): Promise<EventFrame> {
    return this.waitFor('an event or live update', () => {
      for (let i = from; i < this.frames.length; i++) {
        const f = this.frames[i];
        if (isLiveBatch(f)) {
          for (const u of f.data.updates) if (predicate(u as EventFrame)) return u as EventFrame;
        } else if (isEvent(f as Frame) && predicate(f as EventFrame)) return f as EventFrame;
      }
      return undefined;
    });
  }

  /** The first update of a live batch at or after frame index `from` matching the predicate. */
  nextLive(predicate: (u: LiveUpdate) => boolean, from = 0): Promise<LiveUpdate> {
    return this.waitFor('a live update', () => {
      for (let i = from; i < this.frames.length; i++) {
        const f = this.frames[i];
        if (isLiveBatch(f)) for (const u of f.data.updates) if (predicate(u)) return u;
      }
      return undefined;
    });
  }

  /** Sequence number of the newest event received. */
  lastSeq(): number {
    const events = this.events;
    return events.length ? events[events.length - 1]!.seq : 0;
  }

  sendRaw(data: string | Buffer, binary = false): void {
    this.ws.send(data, { binary });
  }

  send(cmd: string, args: Record<string, unknown> = {}, id: string = randomUUID()): string {
    this.sendRaw(JSON.stringify({ v: 1, id, cmd, args }));
    return id;
  }

  /** Send a command and wait for its answer (the first frame answering its id after now). */
  async request(cmd: string, args: Record<string, unknown> = {}, id: string = randomUUID()): Promise<ResponseFrame> {
    const from = this.frames.length;
    this.send(cmd, args, id);
    return this.nextResponse((r) => r.re === id, from);
  }

  /** The first response at or after index `from` matching the predicate. */
  nextResponse(predicate: (r: ResponseFrame) => boolean, from = 0): Promise<ResponseFrame> {
    return this.waitFor(`a response`, () => {
      for (let i = from; i < this.frames.length; i++) {
        const f = this.frames[i]!;
        if (!isEvent(f) && !isLiveBatch(f) && predicate(f)) return f;
      }
      return undefined;
    });
  }

  /** The first event at or after index `from` matching the predicate. */
  nextEvent(predicate: (e: EventFrame) => boolean, from = 0): Promise<EventFrame> {
    return this.waitFor('an event', () => {
      for (let i = from; i < this.frames.length; i++) {
        const f = this.frames[i]!;
        if (isEvent(f) && predicate(f)) return f;
      }
      return undefined;
    });
  }

  closed(): Promise<{ code: number; reason: string }> {
    return this.waitFor('the socket to close', () => this.closeInfo ?? undefined);
  }

  /** Resolve once `check` returns something other than undefined. */
  waitFor<T>(what: string, check: () => T | undefined): Promise<T> {
    return this.waiters.until(check, () => `gave up waiting for ${what}; received: ${JSON.stringify(this.frames).slice(-2000)}`);
  }

  close(): void {
    this.ws.close();
  }

  terminate(): void {
    this.ws.terminate();
  }
}

export interface LoggedIn {
  client: RawClient;
  token: string;
  snapshot: {
    seq: number;
    me: string;
    catalog: Record<string, unknown>;
    entities: { agent: Array<Record<string, unknown>>; call: unknown[]; queueStats: Array<Record<string, unknown>> };
  };
}

/** Open a socket and log an agent of the demo config in (PIN = agent number). */
export async function loginAgent(url: string, agent: string, extra: Record<string, unknown> = {}): Promise<LoggedIn> {
  const client = await RawClient.open(url);
  const r = await client.request('session.login', { agent, pin: agent, ...extra });
  if (!r.ok) throw new Error(`login of ${agent} failed: ${r.error.code} ${r.error.message}`);
  const result = r.result as Pick<LoggedIn, 'token' | 'snapshot'>;
  return { client, token: result.token, snapshot: result.snapshot };
}

export function ok<T = Record<string, unknown>>(r: ResponseFrame): T {
  if (!r.ok) throw new Error(`expected success, got ${r.error.code}: ${r.error.message}`);
  return r.result as T;
}

export function err(r: ResponseFrame): { code: string; message: string } {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.result)}`);
  return r.error;
}

/** The agent carried by an agent.updated event. */
export function agentOf(e: EventFrame): { id: string; status: string; pauseReason: string | null; statusSince: number } {
  return e.data.agent as { id: string; status: string; pauseReason: string | null; statusSince: number };
}

export const isAgentUpdate = (agent: string) => (e: EventFrame | LiveUpdate) => e.ev === 'agent.updated' && agentOf(e as EventFrame).id === agent;

/** A queue's statistics as a live batch carries them. */
export const isQueueStats = (queue: string, pred: (s: { waiting: number }) => boolean = () => true) => (u: LiveUpdate) =>
  u.ev === 'queue.stats' && (u.data.stats as { id: string }).id === queue && pred(u.data.stats as { waiting: number });
