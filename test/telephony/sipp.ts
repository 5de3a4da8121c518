import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { udpBound } from '../../bench/lib/udp-bound.mjs';

/** The sipp scenarios (carrier, leads, deskphones) of the integration suite and the bench. */
export const SIPP_DIR = fileURLToPath(new URL('./sipp/', import.meta.url));

export const SKIP_INTEGRATION = 'SIP integration (set SWITCHBOARD_DRACHTIO=host:port:secret and install sip-tester to run)';

/** sipp's path when it is installed (Debian: apt-get install sip-tester). */
export function sippOnPath(): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'sipp');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

export interface IntegrationTarget {
  /** The drachtio server's control port and secret (what `serve --sip` connects to). */
  drachtio: { host: string; port: number; secret: string };
  /** Where sipp sends SIP to reach the drachtio server (SWITCHBOARD_DRACHTIO_SIP, default host:5060). */
  sip: string;
  /** The address sipp listens on, which the drachtio server must reach (SWITCHBOARD_SIPP_IP, default 127.0.0.1). */
  ip: string;
}

/** SWITCHBOARD_DRACHTIO=host:port:secret, and sipp installed; otherwise null (the suite is skipped). */
export function integrationTarget(env: NodeJS.ProcessEnv = process.env): IntegrationTarget | null {
  const value = env.SWITCHBOARD_DRACHTIO;
  if (!value || !sippOnPath()) return null;
  const m = /^([^:]+):(\d+):(.+)$/.exec(value);
  if (!m) throw new Error(`SWITCHBOARD_DRACHTIO must be host:port:secret, e.g. 127.0.0.1:9022:cymru (got "${value}")`);
  return {
    drachtio: { host: m[1]!, port: Number(m[2]), secret: m[3]! },
    sip: env.SWITCHBOARD_DRACHTIO_SIP ?? `${m[1]}:5060`,
    ip: env.SWITCHBOARD_SIPP_IP ?? '127.0.0.1',
  };
}

export interface SippRun {
  /** Exit code 0 means every message of the scenario came as expected; `logs` is what its <log> actions wrote. */
  done: Promise<{ code: number | null; output: string; logs: string }>;
  /** Resolves once sipp listens on its port; fails with what sipp said if it exits first. */
  listening(): Promise<void>;
  /** Stop sipp and wait until it has exited, so that its port is free for the next one. */
  stop(): Promise<void>;
}

/**
 * Run one sipp scenario to its end (-m calls), with no terminal, on
 * ip:port. It is started only once no other process holds that port (the
 * sipp of a previous test may still be exiting: a second sipp could not bind
 * it and would exit at once). Errors (unexpected messages, failed header
 * checks) go to a file whose text is returned with the output, so a failed
 * run says what sipp saw, and so do the scenario's <log> lines; its
 * temporary directory is removed when it ends.
 */
export async function startSipp(scenario: string, args: string[], where: { ip: string; port: number; timeoutSeconds?: number }): Promise<SippRun> {
  await until(() => udpBound(where.ip, where.port) !== true, `UDP port ${where.ip}:${where.port} to be free for sipp (${scenario})`, 10_000);
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-sipp-'));
  const errors = join(dir, 'errors.log');
  const child = spawn(
    'sipp',
    [
      '-sf', join(SIPP_DIR, scenario), '-nostdin', '-timeout', `${where.timeoutSeconds ?? 60}s`, '-timeout_error', '-trace_err', '-error_file', errors, '-trace_logs',
      '-i', where.ip, '-p', String(where.port), ...args,
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  let exited = false;
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const done = new Promise<{ code: number | null; output: string; logs: string }>((resolve) => {
    child.on('close', (code) => {
      exited = true;
      const read = (file: string) => {
        try {
          return readFileSync(join(dir, file), 'utf8');
        } catch {
          return ''; // not written
        }
      };
      const logged = read('errors.log');
      const logs = readdirSync(dir).filter((f) => f.endsWith('_logs.log')).map(read).join('');
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, output: `${logged}\n${output.split('\n').slice(-40).join('\n')}`, logs });
    });
  });
  return {
    done,
    listening: async () => {
      if (udpBound(where.ip, where.port) === null) {
        // No /proc to read (not Linux): give sipp a moment instead.
        await new Promise((r) => setTimeout(r, 500));
        return;
      }
      await until(
        () => {
          if (exited) throw new Error(`sipp (${scenario}) exited before listening on ${where.ip}:${where.port}:\n${output.slice(-2000)}`);
          return udpBound(where.ip, where.port) === true;
        },
        `sipp (${scenario}) to listen on ${where.ip}:${where.port}`,
        10_000,
      );
    },
    stop: async () => {
      if (exited) return void (await done);
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await done;
      clearTimeout(killer);
    },
  };
}

/** Every scenario file, for the syntax check. */
export function scenarios(): string[] {
  return readdirSync(SIPP_DIR).filter((f) => f.endsWith('.xml')).sort();
}

/** Poll until `predicate` holds (or throws); fail saying what was awaited. */
export async function until(predicate: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
