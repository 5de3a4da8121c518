import { serverLog } from '../server/logger.js';
import { loadConfigFile } from '../server/config-file.js';
import { webhookLine } from './webhook-line.js';
import { startServer, type RunningServer } from '../server/runtime.js';
import type { Log } from '../server/logger.js';
import { reportStartupError } from './errors.js';
import { parseDrachtioAddress } from '../telephony/sip/address.js';
import { readProviderSecrets } from '../server/provider-secrets.js';
import { takeLease, type PostgresLease } from '../store/postgres-lease.js';

export interface ServeOptions {
  config: string;
  port: number;
  host: string;
  data: string;
  /** postgres:// URL of the store (instead of SQLite in the data directory). */
  store?: string;
  /** nats:// URL: committed events are published to a JetStream stream there, and gateways reach the core there. */
  bus?: string;
  /** With bus: the http://host:port gateways relay visitors, webhooks and files to. */
  advertise?: string;
  simulate?: boolean;
  /** drachtio server host:port: telephony over SIP instead of the simulator. */
  sip?: string;
  sipTrunk?: string;
  log?: string;
  trustProxy?: string[];
  /** KEY=value file with the provider channels' secrets (the environment also gives them). */
  secrets?: string;
  /** [host:]port of the email channel's SMTP listener, instead of the configuration's. */
  smtp?: string;
  /** Serve the panel over SSH on this port. */
  ssh?: number;
  sshHost?: string;
}

/** What a core started on a store another core is active on says, once, while it waits as the standby. */
const STANDBY_LINE = 'standby: another core is active on this store; this one takes over when it stops\n';
/** How often the active core makes sure it still holds the store's lease. */
const LEASE_CHECK_MS = 1000;
/** The exit code of a core that stepped down because another took the store over. */
const LOST_LEASE_EXIT = 3;

/** `--smtp 2525` or `--smtp 0.0.0.0:25`. */
function smtpListener(value: string | undefined): { host?: string; port: number } | undefined {
  if (value === undefined) return undefined;
  const m = /^(?:(.+):)?(\d{1,5})$/.exec(value.trim());
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) throw Object.assign(new Error(`--smtp ${value}: expected [host:]port, e.g. 2525 or 0.0.0.0:25`), { code: 'BAD_OPTION' });
  return { ...(m[1] ? { host: m[1].replace(/^\[|\]$/g, '') } : {}), port };
}

/** `--store postgres://user@host:5432/db`; the password is libpq's to find (PGPASSWORD, ~/.pgpass), never the command line's. */
function storeUrl(value: string | undefined): void {
  if (value === undefined) return;
  if (!/^postgres(ql)?:\/\//.test(value))
    throw Object.assign(new Error(`--store ${value}: expected a postgres:// URL (without it the store is SQLite in the data directory)`), { code: 'BAD_OPTION' });
  if (/^postgres(ql)?:\/\/[^/@]*:[^/@]*@/.test(value))
    throw Object.assign(new Error('--store: put the password in PGPASSWORD or ~/.pgpass, not in the URL (a command line is readable by every user)'), { code: 'BAD_OPTION' });
}

/** The headless core for many agents. SIGTERM and SIGINT shut it down cleanly; SIGHUP reloads the configuration. */
export async function runServe(opts: ServeOptions): Promise<void> {
  const log = serverLog(opts.log);
  let sip;
  let smtp;
  try {
    sip = sipOptions(opts, process.env);
    smtp = smtpListener(opts.smtp);
    storeUrl(opts.store);
    if (opts.bus !== undefined && !/^nats:\/\//.test(opts.bus))
      throw Object.assign(new Error(`--bus ${opts.bus}: expected a nats:// URL (host and port of a NATS server with JetStream)`), { code: 'BAD_OPTION' });
    if (opts.advertise !== undefined && (!opts.bus || !/^https?:\/\/[^/]+\/?$/.test(opts.advertise)))
      throw Object.assign(new Error(`--advertise ${opts.advertise}: expected http://host:port, with --bus (where gateways reach this core)`), { code: 'BAD_OPTION' });
  } catch (e) {
    reportStartupError(e);
    return;
  }
  let server;
  let missing: string[] = [];
  let webhooks: string | null = null;
  let lease: PostgresLease | null = null;
  // Set once the server runs: a core that lost its store to another stops.
  let stepDown = (why: string) => void why;
  try {
    const config = loadConfigFile(opts.config);
    if (opts.store) lease = await takeLease(opts.store, { onWaiting: () => process.stdout.write(STANDBY_LINE) });
    const providers = readProviderSecrets(config, process.env, opts.secrets ?? null);
    missing = providers.missing;
    server = await startServer({
      sip,
      config,
      providerSecrets: providers.secrets,
      dataDir: opts.data,
      store: opts.store,
      bus: opts.bus,
      advertise: opts.advertise,
      // After this turn: the refused commands are answered (STORE_FAILED) before the sockets close.
      onFenced: () => setImmediate(() => stepDown('another core has taken over the store')),
      host: opts.host,
      port: opts.port,
      simulate: Boolean(opts.simulate),
      trustedProxies: opts.trustProxy,
      ...(smtp ? { email: { listener: smtp } } : {}),
      log,
    });
    webhooks = webhookLine(config, server.publicUrl);
  } catch (e) {
    lease?.release();
    reportStartupError(e, { [opts.port]: '--port', ...(smtp ? { [smtp.port]: '--smtp' } : {}) });
    return;
  }
  const running = server;
  let ssh: Awaited<ReturnType<typeof startSsh>> = null;
  try {
    ssh = await startSsh(running, opts, log);
  } catch (e) {
    await running.close();
    reportStartupError(e, opts.ssh === undefined ? {} : { [opts.ssh]: '--ssh' });
    return;
  }
  process.stdout.write(`switchboard listening on ${running.http!.url} (data in ${running.dataDir}${opts.store ? `, the store in PostgreSQL at ${opts.store}` : ''})\n`);
  if (ssh) process.stdout.write(`agent panel over SSH on ${opts.sshHost ?? opts.host}:${ssh.port} (host key ${ssh.fingerprint})\n`);
  process.stdout.write(`live chat page: ${running.chatUrl}\n`);
  if (opts.bus) process.stdout.write(`committed events are published to the JetStream stream SWITCHBOARD_EVENTS at ${opts.bus}\n`);
  if (webhooks) process.stdout.write(`${webhooks}\n`);
  for (const m of missing) process.stdout.write(`not started, its secrets are not set: ${m}\n`);
  if (running.email) {
    const e = running.email;
    process.stdout.write(
      `email: ${e.listenerAddress ? `SMTP listener on ${e.listenerAddress}` : 'no SMTP listener'}${e.imap ? ', an IMAP mailbox' : ''}; replies ${e.relayAddress ? `through the relay at ${e.relayAddress}` : 'wait: no email.relay is configured'}\n`,
    );
  }
  if (sip) {
    process.stdout.write(
      `telephony: SIP through the drachtio server at ${opts.sip}${sip.trunk ? `, outbound calls and transfers to ${sip.trunk}` : ' (no --sip-trunk: no outbound calls or transfers to numbers)'}\n`,
    );
    if (opts.simulate) process.stdout.write('--simulate with --sip: only simulated chat visitors are added; calls come over SIP.\n');
  }
  let stopping = false;
  const stop = (signal: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    void (ssh?.close() ?? Promise.resolve()).then(() => running.close()).then(() => {
      lease?.release();
      log('stopped');
      process.exit(code);
    });
  };
  stepDown = (why) => {
    process.stdout.write(`switchboard: ${why}; this core stops (it can no longer write to the store)\n`);
    stop(why, LOST_LEASE_EXIT);
  };
  if (lease) {
    const held = lease;
    setInterval(() => {
      if (!stopping && !held.stillHeld()) stepDown('the lease on the store is lost (another core holds it)');
    }, LEASE_CHECK_MS).unref();
  }
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // SIGHUP reads the configuration file again: agents' queues, campaigns and capacity change
  // live; a file that is not valid, or that changes more, is refused and the running one stays.
  process.on('SIGHUP', () => {
    if (stopping) return;
    try {
      running.engine.reconfigure(loadConfigFile(opts.config));
    } catch (e) {
      const error = e as { code?: string; message?: string };
      log(`SIGHUP: configuration not reloaded (${error.code ?? 'ERROR'}), the running one stays: ${error.message ?? String(e)}`);
    }
  });
}

/** `--ssh PORT`: the SSH server's panels, in this process. */
async function startSsh(running: RunningServer, opts: ServeOptions, log: Log) {
  if (opts.ssh === undefined) return null;
  // Someone watches every SSH panel: Ink must draw (it draws nothing when CI is set) and in
  // colour (chalk would see a server's stdout, no terminal, and draw none). Both are read when
  // Ink is loaded, just below.
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  process.env.FORCE_COLOR ??= '1';
  const { startSshServer } = await import('../ssh/server.js');
  return startSshServer(running, { host: opts.sshHost ?? opts.host, port: opts.ssh, log });
}

/**
 * The drachtio secret comes from the environment only: a command line is visible to every user of the machine.
 * Each refusal carries its code, as the other startup refusals do, so a script starting servers can tell them apart.
 */
export function sipOptions(opts: Pick<ServeOptions, 'sip' | 'sipTrunk'>, env: NodeJS.ProcessEnv) {
  if (!opts.sip) {
    if (opts.sipTrunk) throw refusal('BAD_OPTION', '--sip-trunk only applies with --sip <drachtio host:port>: add --sip, or leave --sip-trunk out.');
    return undefined;
  }
  const secret = env.SWITCHBOARD_DRACHTIO_SECRET;
  if (!secret) {
    throw refusal(
      'MISSING_SECRET',
      '--sip needs the drachtio server\'s secret in the environment variable SWITCHBOARD_DRACHTIO_SECRET (it is not taken on the command line, where other users could read it).',
    );
  }
  const drachtio = { ...address(opts.sip, 'the drachtio server (--sip)'), secret };
  const trunk = opts.sipTrunk ? opts.sipTrunk.trim() : null;
  if (trunk) address(trunk, 'the carrier or PBX (--sip-trunk)');
  return { drachtio, trunk };
}

function refusal(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** host:port, or a BAD_OPTION refusal saying what was expected. */
function address(value: string, what: string): { host: string; port: number } {
  try {
    return parseDrachtioAddress(value, what);
  } catch (e) {
    throw refusal('BAD_OPTION', (e as Error).message);
  }
}
