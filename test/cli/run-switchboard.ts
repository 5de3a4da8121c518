import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll } from 'vitest';
import { onCleanup } from '../server/support.js';

/**
 * The built CLI run as a child process, the way a script runs it, without
 * blocking this process (where the test's server lives). Shared by the
 * script commands' tests.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/switchboard.js', import.meta.url));
const DIST_CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
/** A guard against a hung child, not a measurement. */
const CHILD_GUARD_MS = 20_000;

/** Call at the top of a test file: `npm test` builds first; a bare `vitest run` on a fresh checkout needs it too. */
export function buildCliOnce(): void {
  beforeAll(() => {
    if (existsSync(DIST_CLI)) return;
    try {
      execFileSync(process.execPath, [fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url)), '-p', ROOT], {
        cwd: ROOT,
        stdio: 'inherit',
      });
    } catch (e) {
      // tsc still emits when it reports type errors; only a missing CLI stops these tests.
      if (!existsSync(DIST_CLI)) throw e;
    }
  }, 120_000);
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `switchboard ARGS` to completion; `env` adds to (or, undefined, removes from) the environment. */
export function switchboard(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const childEnv: Record<string, string | undefined> = { ...process.env };
  for (const key of ['SWITCHBOARD_URL', 'SWITCHBOARD_AGENT', 'SWITCHBOARD_PIN', 'NO_COLOR', 'FORCE_COLOR']) delete childEnv[key];
  Object.assign(childEnv, env);
  const child: ChildProcess = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  onCleanup(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`switchboard ${args.join(' ')} did not exit; stdout: ${stdout} stderr: ${stderr}`));
    }, CHILD_GUARD_MS);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
  });
}
