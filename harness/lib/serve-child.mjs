// `switchboard serve` as a child process of the harness, on 127.0.0.1: a crash
// is seen as a crash (the child exits, with its last words on stderr), memory
// and event-loop delay are read inside it by the probe (probe.mjs), and it can
// be killed with SIGKILL at any moment and started again on the same data.
import { fork } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from './dist.mjs';
import { trackChild } from './scratch.mjs';

const PROBE = fileURLToPath(new URL('./probe.mjs', import.meta.url));
const STDERR_LINES = 200;

export class ServeChild {
  constructor(child) {
    this.child = child;
    this.port = null;
    /** What it printed on stdout until it listened (a standby says so there). */
    this.said = '';
    /** { code, signal } once the process has ended. */
    this.exit = null;
    this.stderr = [];
    this.exited = new Promise((done) =>
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        for (const p of this.samples.values()) p.reject(new Error('the server exited'));
        this.samples.clear();
        done(this.exit);
      }),
    );
    this.samples = new Map();
    this.nextSample = 1;
    // A send on the channel of a process that just died reports here; sample() rejects instead.
    child.on('error', () => {});
    child.on('message', (m) => {
      if (m?.type !== 'harness.sample') return;
      this.samples.get(m.id)?.resolve(m);
      this.samples.delete(m.id);
    });
    let partial = '';
    child.stderr.on('data', (chunk) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop();
      this.stderr.push(...lines);
      if (this.stderr.length > STDERR_LINES) this.stderr.splice(0, this.stderr.length - STDERR_LINES);
    });
  }

  get alive() {
    return this.exit === null;
  }

  get httpUrl() {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl() {
    return `ws://127.0.0.1:${this.port}`;
  }

  /**
   * What the server process measures of itself now: rss, heapUsed, cpuMs, and
   * event-loop delay (ms late) { p50, p99, max } in two windows: loop (reset
   * when asked with reset) and loopTotal (reset with resetTotal). gc: after a
   * full garbage collection, so the figures are what the server holds.
   */
  sample({ reset = false, resetTotal = false, gc = false } = {}) {
    if (!this.alive || !this.child.connected) return Promise.reject(new Error('the server is not running'));
    const id = this.nextSample++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.samples.delete(id);
        reject(new Error('the server did not answer the probe within 10 s'));
      }, 10_000);
      this.samples.set(id, {
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.child.send({ type: 'harness.sample', id, reset, resetTotal, gc }, (e) => {
        if (e) this.samples.get(id)?.reject(e);
        if (e) this.samples.delete(id);
      });
    });
  }

  /**
   * Whether the server still lives, asked through the probe: a process that is
   * dying (printing its uncaught error) no longer answers, and its exit may
   * take a moment to be reported. False once it has exited.
   */
  async responsive(ms = 2000) {
    const answered = this.sample().then(
      () => true,
      () => false,
    );
    const timeout = new Promise((r) => setTimeout(() => r(false), ms).unref());
    if (await Promise.race([answered, timeout])) return true;
    await Promise.race([this.exited, new Promise((r) => setTimeout(r, ms).unref())]);
    return this.alive;
  }

  /** The uncaught error a crashed server printed (the lines from the first that looks like one). */
  lastWords() {
    const text = this.stderr.join('\n').trim();
    return text.length > 4000 ? text.slice(-4000) : text;
  }

  /** How the process ended, as a phrase. */
  describeExit() {
    if (!this.exit) return 'running';
    return this.exit.signal ? `killed by ${this.exit.signal}` : `exited with status ${this.exit.code}`;
  }

  kill9() {
    if (this.alive) this.child.kill('SIGKILL');
    return this.exited;
  }

  /** SIGTERM (the server's clean shutdown), SIGKILL if it has not ended within ms. */
  async stop(ms = 10_000) {
    if (!this.alive) return this.exit;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), ms);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }
}

/**
 * Start `serve` from the chosen compiled code (dist) with the probe loaded,
 * and wait until it says where it listens. port 0 picks a free port; a fixed
 * port (to restart on the same address) that is still held is tried again.
 * store: a postgres:// URL (serve --store); bus: a nats:// URL (serve --bus).
 */
export async function startServe(options) {
  return spawnServe(options).listening;
}

/**
 * Start `serve` without waiting: { server, listening }, listening resolving
 * with the server once it says where it listens. A core started on a store
 * another core is active on waits as the standby, without listening, for as
 * long as that one lives: startMs null waits for ever.
 */
export function spawnServe({ dist, config, data, log, port = 0, simulate = false, trustProxy = [], startMs = 30_000, env = {}, execArgv = [], store = null, bus = null }) {
  const cli = resolve(dist, 'cli.js');
  const args = ['serve', '--config', config, '--data', data, '--host', '127.0.0.1', '--port', String(port)];
  if (log) args.push('--log', log);
  if (simulate) args.push('--simulate');
  if (trustProxy.length > 0) args.push('--trust-proxy', ...trustProxy);
  if (store) args.push('--store', store);
  if (bus) args.push('--bus', bus);
  const child = fork(cli, args, {
    cwd: REPO_ROOT,
    execArgv: ['--expose-gc', '--import', PROBE, ...execArgv],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env, NODE_ENV: 'production', ...env },
  });
  trackChild(child);
  const server = new ServeChild(child);
  const listening = new Promise((resolve, reject) => {
    let out = '';
    const timer = startMs === null ? null : setTimeout(() => reject(new Error(`serve did not start within ${startMs / 1000} s:\n${server.lastWords()}`)), startMs);
    child.stdout.on('data', (chunk) => {
      out += chunk.toString();
      server.said = out;
      const m = /listening on ws:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m && server.port === null) {
        clearTimeout(timer);
        server.port = Number(m[1]);
        server.listeningAt = Date.now();
        resolve(server);
      }
    });
    server.exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`serve ${server.describeExit()} before listening:\n${server.lastWords()}`));
    });
  });
  listening.catch(() => {}); // a standby stopped at the end of a run never listened: not an error
  return { server, listening };
}
