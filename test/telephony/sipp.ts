import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { accessSync, constants, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
  /** Exit code 0 means every message of the scenario came as expected. */
  done: Promise<{ code: number | null; output: string }>;
  stop(): void;
}

/**
 * Run one sipp scenario to its end (-m calls), with no terminal. Errors
 * (unexpected messages, failed header checks) go to a file whose text is
 * returned with the output, so a failed run says what sipp saw.
 */
export function runSipp(scenario: string, args: string[], timeoutSeconds = 60): SippRun {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-sipp-'));
  const errors = join(dir, 'errors.log');
  const child = spawn(
    'sipp',
    ['-sf', join(SIPP_DIR, scenario), '-nostdin', '-timeout', `${timeoutSeconds}s`, '-timeout_error', '-trace_err', '-error_file', errors, ...args],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const done = new Promise<{ code: number | null; output: string }>((resolve) => {
    child.on('close', (code) => {
      let logged = '';
      try {
        logged = readFileSync(errors, 'utf8');
      } catch {
        // no errors written
      }
      resolve({ code, output: `${logged}\n${output.split('\n').slice(-40).join('\n')}` });
    });
  });
  return { done, stop: () => child.kill('SIGTERM') };
}

/** Every scenario file, for the syntax check. */
export function scenarios(): string[] {
  return readdirSync(SIPP_DIR).filter((f) => f.endsWith('.xml')).sort();
}

/** Poll until `predicate` holds; fail saying what was awaited. */
export async function until(predicate: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Whether something (a sipp playing a phone or a lead) is bound to this UDP port. */
function udpInUse(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createSocket('udp4');
    probe.once('error', () => {
      probe.close();
      resolve(true);
    });
    probe.bind(port, ip, () => probe.close(() => resolve(false)));
  });
}

/** Wait until a sipp that plays a phone or a lead listens, so the first INVITE is not answered 503 by drachtio. */
export async function listening(ip: string, port: number, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await udpInUse(ip, port))) {
    if (Date.now() > deadline) throw new Error(`sipp did not start listening on ${ip}:${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
