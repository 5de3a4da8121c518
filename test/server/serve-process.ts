import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect } from 'vitest';
import { freePort, onCleanup } from './support.js';

/** The built CLI as a real process: `switchboard serve`, ready once it says it listens and /healthz answers. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = `${ROOT}bin/switchboard.js`;

/** Call at the top of a test file that serves: builds dist/ when a bare `vitest run` finds none. */
export function buildOnce(): void {
  beforeAll(() => {
    // `npm test` builds first; a bare `vitest run` on a fresh checkout builds here.
    if (!existsSync(`${ROOT}dist/cli.js`)) execFileSync('npx', ['tsc', '-p', '.'], { cwd: ROOT, stdio: 'inherit' });
  }, 120_000);
}

export interface Served {
  child: ChildProcess;
  port: number;
  url: string;
  output: () => string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

export interface Serving extends Served {
  /** Resolves once it listens and /healthz answers (rejects if it exits first). */
  ready: Promise<void>;
  /** The exit code (or null after a signal), once it has exited. */
  exited: Promise<number | null>;
}

/** The built CLI with these arguments, its output kept, killed at the test's end if still running. */
function spawnCli(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null>; says: (line: string) => Promise<void> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  onCleanup(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  /** Resolves once it has printed `line` on stdout; rejects with what it printed if it exits first. */
  const says = (line: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!out.includes(line)) return;
        child.stdout!.off('data', check);
        resolve();
      };
      child.stdout!.on('data', check);
      void exited.then((code) => reject(new Error(`${args[0]} exited with ${code} before saying "${line}":\n${out}`)));
    });
  return { child, output: () => out, exited, says };
}

/** Start `switchboard serve` without waiting for it (a standby core waits before it listens); `port` to come back where clients look for it. */
export async function spawnServe(dataDir: string, config = 'config/demo.yaml', args: string[] = [], port?: number): Promise<Serving> {
  port ??= await freePort();
  const { child, output, exited, says } = spawnCli(['serve', '--config', config, '--port', String(port), '--data', dataDir, ...args]);
  // Ready when it says so on stdout (or fail with what it printed if it dies first).
  const ready = says('switchboard listening on').then(async () => {
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
  });
  ready.catch(() => {}); // awaited by whoever waits for it; an exit after the test is not an error
  return {
    child,
    port,
    url: `ws://127.0.0.1:${port}/agent`,
    output,
    ready,
    exited,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

export async function serve(dataDir: string, config = 'config/demo.yaml', args: string[] = [], port?: number): Promise<Served> {
  const serving = await spawnServe(dataDir, config, args, port);
  await serving.ready;
  return serving;
}

export interface Gateway {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** Start `switchboard gateway --bus URL` and wait until it listens. */
export async function startGateway(bus: string, args: string[] = []): Promise<Gateway> {
  const port = await freePort();
  const { child, output, exited, says } = spawnCli(['gateway', '--bus', bus, '--port', String(port), ...args]);
  await says('switchboard gateway listening on');
  return { child, url: `ws://127.0.0.1:${port}/agent`, output, exited };
}
