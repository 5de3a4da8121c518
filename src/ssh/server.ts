import { mkdirSync } from 'node:fs';
import net, { type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { Connection, Session } from 'ssh2';
import { confSettings, type SettingsStore } from '../client/settings.js';
import type { Log } from '../server/logger.js';
import type { RunningServer } from '../server/runtime.js';
import { SshAuthenticator, unreadableKeys, type SshIdentity } from './auth.js';
import { loadOrCreateHostKey } from './host-key.js';
import { IdentLineSocket } from './ident-line-socket.js';
import { JournalShelf } from './journals.js';
import { PanelSession, type TerminalRequest } from './panel-session.js';

export interface SshOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  log?: Log;
  /** A connection must authenticate within this long (default 2 minutes, as a WebSocket must log in). */
  authDeadlineMs?: number;
}

export interface RunningSsh {
  port: number;
  /** The host key's SHA256 fingerprint, for agents to check on their first connection. */
  fingerprint: string;
  /** Panels drawn now. */
  panels(): PanelSession[];
  close(): Promise<void>;
}

/** The socket under an ssh2 connection (ssh2 keeps it as _sock): the client's, as IdentLineSocket passes it on. */
const socketOf = (connection: Connection) => (connection as unknown as { _sock?: IdentLineSocket })._sock;

/** Say goodbye and close the socket: end() alone only half-closes, and a client sitting at a PIN prompt would keep it. */
function cut(connection: Connection): void {
  connection.end();
  socketOf(connection)?.destroy();
}

/** Failed authentication requests on one connection before it is cut (the core's throttle also counts each PIN). */
const MAX_AUTH_FAILURES = 10;

/** Only what a terminal session needs from the client's environment requests. */
const ENV_KEPT = new Set(['NO_COLOR', 'COLORTERM', 'LANG', 'LC_ALL', 'LC_CTYPE']);

/**
 * `serve --ssh PORT`: the agent panel over SSH, so a thin client needs
 * nothing but an ssh client (`ssh -p 2222 1001@center`). Every session gets
 * its own panel in this process, drawn by Ink into its channel; there are no
 * shells, commands, file transfers or forwarded ports.
 */
export async function startSshServer(server: RunningServer, options: SshOptions): Promise<RunningSsh> {
  const log = options.log ?? (() => {});
  for (const problem of unreadableKeys(server.engine.config.agents)) log(`ssh: key ignored, not a public key: ${problem}`);
  const hostKey = loadOrCreateHostKey(server.dataDir);
  const dir = join(server.dataDir, 'ssh');
  mkdirSync(join(dir, 'journals'), { recursive: true, mode: 0o700 });
  const journals = new JournalShelf(join(dir, 'journals'));
  const authenticator = new SshAuthenticator(server);
  // One settings file for all SSH panels, keyed by agent like the CLI's: conf and its validator load once.
  let settings: Promise<SettingsStore> | null = null;
  const loadSettings = () => (settings ??= confSettings({ SWITCHBOARD_CONFIG_DIR: dir }));
  const httpBase = server.http ? server.http.url.replace(/^ws/, 'http') : null;
  const panels = new Set<PanelSession>();
  const connections = new Set<Connection>();
  let label = '';

  const ssh = new ssh2.Server({ hostKeys: [hostKey.key], ident: 'switchboard' }, (connection, info) => {
    connections.add(connection);
    const address = info.ip;
    let identity: SshIdentity | null = null;
    let failures = 0;
    connection.on('authentication', (ctx) => {
      const reject = ctx.reject.bind(ctx);
      ctx.reject = (...args: Parameters<typeof ctx.reject>) => {
        // "none" is how every client starts: it asks which methods there are, and is no failure.
        if (ctx.method !== 'none' && ++failures >= MAX_AUTH_FAILURES) {
          log(`ssh: ${address} cut after ${failures} failed authentication requests`);
          cut(connection);
          return;
        }
        reject(...args);
      };
      authenticator.handle(ctx, address, (who) => (identity = who));
    });
    connection.on('ready', () => {
      clearTimeout(deadlines.get(socketOf(connection)!));
      log(`ssh: agent ${identity!.agent} signed in from ${address} (${identity!.method})`);
    });
    connection.on('session', (accept) => {
      if (!identity) return;
      serveSession(accept(), identity, address);
    });
    connection.on('error', () => {});
    connection.on('close', () => {
      connections.delete(connection);
    });
  });

  function serveSession(session: Session, identity: SshIdentity, address: string): void {
    const terminal: TerminalRequest = { columns: 80, rows: 24, term: 'xterm', env: {} };
    let hasPty = false;
    let panel: PanelSession | null = null;
    session.on('pty', (accept, _reject, info) => {
      hasPty = true;
      terminal.columns = info.cols || 80;
      terminal.rows = info.rows || 24;
      terminal.term = info.term || 'xterm';
      accept?.();
    });
    session.on('env', (accept, reject, info) => {
      if (!ENV_KEPT.has(info.key)) return reject?.();
      terminal.env[info.key] = info.val;
      accept?.();
    });
    session.on('window-change', (accept, _reject, info) => {
      terminal.columns = info.cols || terminal.columns;
      terminal.rows = info.rows || terminal.rows;
      panel?.resize(terminal.columns, terminal.rows);
      accept?.();
    });
    session.on('exec', (accept) => {
      const channel = accept();
      channel.stderr.write('switchboard serves the agent panel only: connect without a command, e.g. ssh -p PORT AGENT@HOST\r\n');
      channel.exit(2);
      channel.end();
    });
    session.on('shell', (accept) => {
      const channel = accept();
      if (!hasPty) {
        channel.stderr.write('The agent panel needs a terminal: connect with ssh -t.\r\n');
        channel.exit(1);
        channel.end();
        return;
      }
      panel = new PanelSession(channel, terminal, {
        identity,
        address,
        connect: () => server.connectInProcess({ address, local: false }),
        journal: journals.take(identity.agent),
        journalPath: journals.pathOf(identity.agent),
        settings: loadSettings,
        serverLabel: label,
        httpBase,
        onEnd: () => panels.delete(panel!),
      });
      panels.add(panel);
    });
  }

  // The sockets come through a listener of our own, so that the deadline to sign in runs from
  // the first byte: ssh2 tells of a connection only once the client has sent its version line.
  const deadlines = new WeakMap<IdentLineSocket, NodeJS.Timeout>();
  const listener = net.createServer((tcp) => {
    // Keys and frames are small writes that must go at once: no Nagle delay (OpenSSH does the same).
    tcp.setNoDelay(true);
    const socket = new IdentLineSocket(tcp);
    const deadline = setTimeout(() => socket.destroy(), options.authDeadlineMs ?? 120_000);
    deadline.unref();
    socket.once('close', () => clearTimeout(deadline));
    deadlines.set(socket, deadline);
    ssh.injectSocket(socket as unknown as Socket);
  });
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(options.port, options.host, () => {
      listener.off('error', reject);
      resolve();
    });
  });
  const port = (listener.address() as AddressInfo).port;
  label = `ssh ${options.host}:${port}`;
  log(`ssh: listening on ${options.host}:${port}, host key ${hostKey.fingerprint}`);

  return {
    port,
    fingerprint: hostKey.fingerprint,
    panels: () => [...panels],
    async close() {
      for (const p of [...panels]) p.end('shutdown');
      const closed = new Promise<void>((resolve) => listener.close(() => resolve()));
      for (const c of connections) cut(c);
      await closed;
      // A panel that has just logged in may still be loading the settings store, and conf writes
      // its config.json once loaded: closed means nothing more is written to the data directory.
      await settings?.catch(() => {});
    },
  };
}
