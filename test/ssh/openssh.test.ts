import './terminal-env.js';

import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/runtime.js';
import { demoConfig } from '../helpers.js';
import { startCenter, type Center } from './support.js';

/**
 * The real OpenSSH on both ends, in a real terminal (tmux, 80x24): Debian's
 * sshd on 127.0.0.1 with a throwaway configuration whose ForceCommand runs
 * `switchboard connect` (a centre's own sshd), and the ssh client against
 * switchboard's own SSH server (what an agent sees of a lockout).
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SSHD = '/usr/sbin/sshd';
const has = (cmd: string, ...args: string[]) => spawnSync(cmd, args, { encoding: 'utf8' }).error === undefined;
const hasTmux = has('tmux', '-V');
const hasSsh = has('ssh', '-V');
const hasSshd = existsSync(SSHD);
const SOCKET = `swb-ssh-${process.pid}-${Date.now().toString(36)}`;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const screenOf = (name: string) => tmux('capture-pane', '-p', '-t', name);

async function waitFor(name: string, predicate: (screen: string) => boolean, what: string, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const screen = screenOf(name);
    if (predicate(screen)) return screen;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}. The terminal shows:\n${screen}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function listening(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.end(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const SSH_OPTIONS = ['-F', '/dev/null', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null'];
/** No "Permanently added" warning on the panel's screen. */
const QUIET = ['-o', 'LogLevel=ERROR'];

let work = '';
let tmuxUp = false;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'switchboard-openssh-'));
});
afterAll(() => {
  if (tmuxUp) {
    try {
      tmux('kill-server');
    } catch {
      // already gone
    }
  }
  rmSync(work, { recursive: true, force: true });
});

function openTerminal(name: string, command: string): void {
  tmux('new-session', '-d', '-s', name, '-x', '80', '-y', '24', '-e', 'NO_COLOR=', `${command}; echo "EXITED $?"; sleep 30`);
  tmuxUp = true;
}

const TITLE = 'OpenSSH ForceCommand running switchboard connect (Debian sshd on 127.0.0.1, tmux 80x24)';
const WHY = !hasSshd ? 'sshd is not installed (apt-get install openssh-server; CI installs it)' : 'tmux or the ssh client is not installed (CI installs them)';
describe.skipIf(!hasSshd || !hasTmux || !hasSsh)(hasSshd && hasTmux && hasSsh ? TITLE : `${TITLE}: skipped, ${WHY}`, () => {
  let server: RunningServer;
  let sshd: ChildProcess;
  let port = 0;

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist', 'cli.js'))) execFileSync('npx', ['tsc', '-p', '.'], { cwd: ROOT, stdio: 'inherit' });
    server = await startServer({ config: demoConfig(), dataDir: null, port: 0, simulate: false });
    const dir = join(work, 'sshd');
    mkdirSync(dir, { mode: 0o700 });
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'agent_key')]);
    execFileSync('cp', [join(dir, 'agent_key.pub'), join(dir, 'authorized_keys')]);
    port = await freePort();
    // What a centre puts in its sshd_config for the agents' accounts: the panel and nothing else.
    const forced = [
      '/usr/bin/env',
      `SWITCHBOARD_STATE_DIR=${join(work, 'state')}`,
      `XDG_CONFIG_HOME=${join(work, 'config')}`,
      process.execPath,
      join(ROOT, 'bin', 'switchboard.js'),
      'connect',
      server.http!.url,
      '--agent',
      '1001',
    ].join(' ');
    writeFileSync(
      join(dir, 'sshd_config'),
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${join(dir, 'host_key')}`,
        `PidFile ${join(dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        'PubkeyAuthentication yes',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PermitRootLogin prohibit-password',
        'UsePAM no',
        'StrictModes no',
        'PermitTTY yes',
        'AllowTcpForwarding no',
        'AllowAgentForwarding no',
        'X11Forwarding no',
        'PermitTunnel no',
        'PermitUserEnvironment no',
        `ForceCommand ${forced}`,
        '',
      ].join('\n'),
    );
    // sshd wants its privilege separation directory; a machine that never ran sshd lacks it.
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    sshd = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    sshd.stderr!.on('data', (d) => (err += d));
    await listening(port).catch((e: Error) => {
      throw new Error(`${e.message}; sshd said: ${err}`);
    });
  });

  afterAll(async () => {
    sshd?.kill('SIGTERM');
    await server?.close();
  });

  const sshCommand = (extra = '') =>
    ['ssh', ...SSH_OPTIONS, ...QUIET, '-p', String(port), '-i', join(work, 'sshd', 'agent_key'), '-t', 'root@127.0.0.1', extra].join(' ').trim();

  it('ssh into the centre shows the panel: login screen with the agent prefilled, then the panel at 80x24; Q ends the SSH session, not the agent session', async () => {
    openTerminal('forced', sshCommand());
    let screen = await waitFor('forced', (s) => s.includes('switchboard — agent login'), 'the login screen');
    expect(screen).toMatch(/Agent number\s+1001/);
    // The login opens on Agent number, prefilled: Tab to the PIN.
    tmux('send-keys', '-t', 'forced', 'Tab');
    tmux('send-keys', '-t', 'forced', '-l', '1001');
    tmux('send-keys', '-t', 'forced', 'Enter');
    await waitFor('forced', (s) => s.includes('Agent login — Ava Turner (1001)'), 'the agent login window');
    tmux('send-keys', '-t', 'forced', 'Enter');
    screen = await waitFor('forced', (s) => /^Ava Turner 1001\s+AVAILABLE/.test(s.split('\n')[0] ?? ''), 'the panel, AVAILABLE');
    expect(screen).toMatch(/^ Calls\s+Chats\s+Email/m);
    expect(server.engine.state.agent('1001')!.status).toBe('available');
    tmux('send-keys', '-t', 'forced', 'Q');
    await waitFor('forced', (s) => s.includes('EXITED 0'), 'ssh to end');
    expect(server.engine.state.agent('1001')!.status).toBe('available');
  });

  it('a command given to ssh runs nothing but the panel, which says it needs a terminal', async () => {
    openTerminal('command', sshCommand('-T cat /etc/passwd'));
    const screen = await waitFor('command', (s) => s.includes('EXITED'), 'ssh to end');
    expect(screen).toContain('the agent panel needs a terminal');
    expect(screen).not.toContain('root:x:0:0');
    expect(screen).toContain('EXITED 1');
  });
});

const LOCK_TITLE = "an OpenSSH client at switchboard's own SSH server is told why it is refused";
describe.skipIf(!hasTmux || !hasSsh)(hasTmux && hasSsh ? LOCK_TITLE : `${LOCK_TITLE}: skipped, tmux or the ssh client is not installed (CI installs them)`, () => {
  let center: Center;
  beforeAll(async () => {
    const config = demoConfig();
    config.security.maxFailedLogins = 2;
    center = await startCenter({ config });
  });
  afterAll(async () => {
    await center?.close();
  });

  it('a wrong PIN is asked again with the reason; once locked, the lockout and its length are said', async () => {
    // OpenSSH prints a prompt's instructions at log level INFO: the default, which agents have.
    const ssh = ['ssh', ...SSH_OPTIONS, '-o', 'PreferredAuthentications=keyboard-interactive', '-p', String(center.ssh.port), '1001@127.0.0.1'].join(' ');
    openTerminal('lock', ssh);
    await waitFor('lock', (s) => s.includes('PIN for agent 1001:'), 'the PIN prompt');
    tmux('send-keys', '-t', 'lock', '-l', '0000');
    tmux('send-keys', '-t', 'lock', 'Enter');
    await waitFor('lock', (s) => s.includes('The agent number or PIN is not correct.'), 'the reason, then the prompt again');
    tmux('send-keys', '-t', 'lock', '-l', '0000');
    tmux('send-keys', '-t', 'lock', 'Enter');
    await waitFor('lock', (s) => s.split('PIN for agent 1001:').length > 3, 'the third prompt');
    // Two failures lock agent 1001 at this address: now even the right PIN is refused, saying so.
    tmux('send-keys', '-t', 'lock', '-l', '1001');
    tmux('send-keys', '-t', 'lock', 'Enter');
    const screen = await waitFor('lock', (s) => s.includes('Too many failed logins for agent 1001 from your address'), 'the lockout');
    expect(screen).toMatch(/Try again in 5 minutes\./);
  });
});
