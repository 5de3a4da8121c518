// Must come first: how Ink and chalk draw is decided when they are loaded.
import './terminal-env.js';

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../src/core/config/schema.js';
import { startServer, type RunningServer } from '../../src/server/runtime.js';
import { startSshServer, type RunningSsh, type SshOptions } from '../../src/ssh/server.js';
import { demoConfig } from '../helpers.js';
import { SshTerminal, type TerminalOptions } from './ssh-terminal.js';

export interface Center {
  server: RunningServer;
  ssh: RunningSsh;
  dataDir: string;
  /** Open an SSH terminal to the center's SSH server; every terminal is closed with the center. */
  terminal(options: Omit<TerminalOptions, 'port'> & { port?: number }): Promise<SshTerminal>;
  /** Stop both servers, keeping the data directory (a restart test starts them again on it). */
  stop(): Promise<void>;
  close(): Promise<void>;
}

/** A contact center with its SSH server on 127.0.0.1, on a fresh data directory (or the one given). */
/** `bus`: the core of a cluster on that NATS server (serve --bus --ssh). */
export async function startCenter(options: { config?: Config; dataDir?: string; ssh?: Partial<SshOptions>; bus?: string } = {}): Promise<Center> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'switchboard-ssh-'));
  const server = await startServer({ config: options.config ?? demoConfig(), dataDir, port: null, simulate: false, bus: options.bus });
  const ssh = await startSshServer(server, { host: '127.0.0.1', port: 0, ...options.ssh });
  const terminals: SshTerminal[] = [];
  let stopped = false;
  const center: Center = {
    server,
    ssh,
    dataDir,
    async terminal(t) {
      const opened = await SshTerminal.open({ port: ssh.port, ...t });
      terminals.push(opened);
      return opened;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const t of terminals) t.close();
      await ssh.close();
      await server.close();
    },
    async close() {
      await center.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return center;
}

/** The row the panel's footer is drawn on (the last of a rows - 1 tall frame). */
export const footerRow = (t: SshTerminal) => t.lines()[t.lines().length - 2] ?? '';

/** The agent login window, then Enter: logged in and available. */
export async function logInAvailable(t: SshTerminal, name: string): Promise<string> {
  await t.waitForText(`Agent login — ${name}`);
  await t.waitFor((s) => s.includes('Enter log in'), 'the login keys');
  t.type('\r');
  return t.waitFor((s) => /AVAILABLE/.test(s.split('\n')[0] ?? ''), 'the panel, AVAILABLE');
}
