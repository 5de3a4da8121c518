import { mkdtempSync, rmSync } from 'node:fs';
import { prepareDataDir } from './data-dir.js';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock, Random } from '../core/clock.js';
import type { Config } from '../core/config/schema.js';
import { Engine } from '../core/engine.js';
import { PostgresEventStore } from '../store/postgres-store.js';
import { NatsEventStream, type CommittedLog } from '../bus/nats-event-stream.js';
import { NatsCoreService } from '../bus/nats-core-service.js';
import type { EventStore } from '../core/ports/store.js';
import { SqliteEventStore } from '../store/sqlite-store.js';
import { lockDataDir } from '../store/data-dir-lock.js';
import { SimTelephony } from '../telephony/sim/simulator.js';
import { AgentGateway } from './gateway.js';
import { engineLink } from './core-link.js';
import { startHttp } from './http-server.js';
import type { RunningHttp } from './ws-accept.js';
import { inProcessTransport, type InProcessOrigin } from './in-process.js';
import type { Log } from './logger.js';
import { CryptoRandom, SystemClock } from './system-clock.js';
import { FileLinks } from './file-links.js';
import type { Transport } from '../core/protocol/transport.js';
import type { TelephonyPort } from '../core/ports/telephony.js';
import type { SipTimeouts } from '../telephony/sip/context.js';
import type { SipTelephony } from '../telephony/sip/sip-telephony.js';
import type { Srf } from '../telephony/sip/srf-surface.js';
import { ChatSimulator } from '../channels/livechat/sim-visitors.js';
import { newSimulatorKey } from '../channels/livechat/simulator-key.js';
import { VisitorTokens } from '../channels/livechat/visitor-token.js';
import { loadOrCreateSecret } from './secret-file.js';
import { VisitorGateway } from './visitor-gateway.js';
import { FileStore } from './file-store.js';
import { RecordingKeeper } from './recordings.js';
import { limitsWith, type ServerLimits } from './limits.js';
import { UploadQuota } from './upload-quota.js';
import { UploadSweeper } from './upload-sweeper.js';
import { OutboxSender, type ChannelSender, type OutboxSenderOptions } from '../channels/outbox/sender.js';
import type { ProviderChannelAdapter, ProviderSecrets } from '../channels/provider/channel.js';
import { providerChannels } from '../channels/provider-channels.js';
import { HookRoutes } from './hooks-http.js';
import { ProviderMedia } from './provider-media.js';
import { startEmail, type RunningEmail } from '../channels/email/index.js';
import { EmailSimulator } from '../channels/email/sim-customers.js';

export interface ServerOptions {
  config: Config;
  /** Directory for the database (unless `store` names one), files and secrets; null makes a temporary one removed at close. */
  dataDir: string | null;
  /** A postgres:// URL: the event log and entities live in PostgreSQL instead of SQLite in the data directory. */
  store?: string;
  /** With `store`: told when another core has taken the store over, so this one can no longer commit. */
  onFenced?: () => void;
  /**
   * A nats:// URL: every committed event is also published, with its
   * audience, to a JetStream stream (NatsEventStream), and gateways reach
   * this core there (NatsCoreService).
   */
  bus?: string;
  /** With `bus`: the http://host:port gateways relay visitors, webhooks and files to (default: the listener's own address). */
  advertise?: string;
  host?: string;
  /** Port for HTTP + WebSocket; null runs with no listener (in-process only). */
  port: number | null;
  simulate: boolean;
  /**
   * Telephony over SIP through a drachtio server instead of the simulator.
   * `simulate` then adds simulated chat visitors only.
   */
  sip?: {
    drachtio: { host: string; port: number; secret: string };
    /** host:port of the carrier or PBX for outbound calls and blind transfers. */
    trunk?: string | null;
    realm?: string;
    /** Tests and the integration suite may bring their own Srf (default: drachtio-srf). */
    createSrf?: () => Srf;
    /** How long the adapter waits (tests shorten them). */
    timeouts?: Partial<SipTimeouts>;
  };
  trustedProxies?: string[];
  /** Messages the core keeps in memory (EngineDeps.recentMessagesKept; tests shrink it so most are read back from the store). */
  recentMessagesKept?: number;
  /** Deadlines and caps per client (tests shorten them). */
  limits?: Partial<ServerLimits>;
  /**
   * How each provider channel's messages leave (email over SMTP, SMS,
   * WhatsApp, Facebook): the outbox sender hands them to these. A channel
   * without one keeps its messages queued, saying so.
   */
  senders?: ChannelSender[];
  /** The outbox sender's waits (tests shorten them). */
  outbox?: OutboxSenderOptions;
  /**
   * Secrets of the provider channels the configuration has (WhatsApp,
   * Facebook, SMS): from the environment or a secret file (provider-secrets.ts).
   */
  providerSecrets?: ProviderSecrets;
  /**
   * The email channel (when the configuration has `email`): where its SMTP
   * listener listens instead of `email.listener` (serve --smtp; null: none),
   * and whether a capture relay of our own stands in for the centre's (the demo).
   */
  email?: { listener?: { host?: string; port?: number } | null; captureRelay?: boolean; env?: NodeJS.ProcessEnv };
  clock?: Clock;
  random?: Random;
  log?: Log;
}

export interface RunningServer {
  engine: Engine;
  gateway: AgentGateway;
  /** Live chat visitors on /visitor. */
  visitors: VisitorGateway;
  /** The simulated carrier and phones; asking for it on a SIP server is a mistake and throws. */
  sim: SimTelephony;
  /** The SIP adapter, when the server runs with `sip`. */
  sip: SipTelephony | null;
  /** Delivers the provider channels' outbox. */
  outbox: OutboxSender;
  /** The address providers reach this server at (webhooks under /hooks), when it listens or one is configured. */
  publicUrl: string | null;
  /** The email channel's listener, mailbox and sender, when configured. */
  email: RunningEmail | null;
  /** The JetStream stream of committed events, with `bus`. */
  events: NatsEventStream | null;
  /** Simulated customers writing emails (with `simulate` and a listener). */
  emailSim: EmailSimulator | null;
  /** Simulated website visitors (with `simulate` and a listener). */
  chatSim: ChatSimulator | null;
  http: RunningHttp | null;
  /** The visitor chat page (http://host:port/chat), when listening. */
  chatUrl: string | null;
  dataDir: string;
  /** A transport to this server from the same process (the demo panel; an SSH session's panel with its peer's address). */
  connectInProcess(origin?: InProcessOrigin): Transport;
  close(): Promise<void>;
}

/** Core + store + telephony + gateway (+ HTTP), started together. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? (() => {});
  const temporary = options.dataDir === null;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'switchboard-'));
  prepareDataDir(dataDir);
  const clock = options.clock ?? new SystemClock();
  const random = options.random ?? new CryptoRandom();
  // Refused before anything is opened or listens: a second server on this SQLite log would corrupt it.
  // PostgreSQL has its lease (a second core waits as the standby), so the lock is for SQLite only.
  const dataDirLock = options.store ? null : lockDataDir(dataDir);
  const postgres = options.store ? new PostgresEventStore(options.store, options.onFenced) : null;
  let store: EventStore;
  try {
    store = postgres ?? new SqliteEventStore(join(dataDir, 'switchboard.db'));
  } catch (e) {
    dataDirLock?.release();
    throw e;
  }
  const closeStore = () => {
    store.close();
    dataDirLock?.release();
  };
  // The keys of visitor tokens and links: in PostgreSQL every core shares them (a standby elsewhere takes over).
  const secret = (name: string) => postgres?.secret(name) ?? loadOrCreateSecret(join(dataDir, name));
  let sim: SimTelephony | null = null;
  let sip: SipTelephony | null = null;
  let telephony: TelephonyPort;
  if (options.sip) {
    // Loaded on demand: a simulator run never loads drachtio-srf.
    const adapter = await import('../telephony/sip/index.js');
    sip = new adapter.SipTelephony({
      drachtio: options.sip.drachtio,
      trunk: options.sip.trunk ?? null,
      realm: options.sip.realm,
      security: options.config.security,
      limits: options.config.sip,
      agents: options.config.agents,
      clock,
      random,
      log,
      createSrf: options.sip.createSrf ?? adapter.createDrachtioSrf,
      timeouts: options.sip.timeouts,
    });
    telephony = sip;
  } else {
    sim = new SimTelephony(clock, random, {
      // Simulated callers dial the queues and the ring groups in front of them alike.
      queues: [...options.config.voiceQueues, ...options.config.ringGroups].map((q) => q.number),
      ...options.config.simulator,
    });
    telephony = sim;
  }
  // Recordings are kept under <dataDir>/files beside uploads and served at /files/<id>.
  const fileStore = new FileStore(dataDir);
  const recordings = new RecordingKeeper(() => engine, fileStore, log);
  // Commands and reports read in one turn of the event loop commit together (group commit).
  const defer = (flush: () => void) => void setImmediate(flush);
  const engine: Engine = new Engine({ config: options.config, store, clock, random, telephony, log, recordings: (r) => recordings.keep(r), defer, recentMessagesKept: options.recentMessagesKept });
  engine.start();
  const core = engineLink(engine);
  const limits = limitsWith(options.limits, options.config);
  let events: NatsEventStream | null = null;
  let coreService: NatsCoreService | null = null;
  try {
    if (options.bus) {
      events = await NatsEventStream.start(options.bus, committedLog(engine, store), log);
      coreService = await NatsCoreService.start(options.bus, core, () => engine.lastSeq(), log, limits);
    }
  } catch (e) {
    await events?.close();
    engine.stop();
    closeStore();
    throw e;
  }
  const closeBus = async () => {
    await coreService?.close();
    await events?.close();
  };
  const quota = new UploadQuota(engine, clock);
  const sweeper = new UploadSweeper(engine, fileStore, quota, clock, log);
  sweeper.start();
  let email: RunningEmail | null = null;
  try {
    if (options.config.email)
      email = await startEmail(options.config.email, { engine, files: fileStore, dataDir, listener: options.email?.listener, captureRelay: options.email?.captureRelay, env: options.email?.env, log });
  } catch (e) {
    sweeper.stop();
    await closeBus();
    engine.stop();
    closeStore();
    throw e;
  }
  // With gateways, this listener's panels (its SSH panels among them) count in the agent's bound over the centre.
  const gateway = coreService ? new AgentGateway(coreService.ownListener(), log, { ...limits, socketsCountedOver: 'centre' }) : new AgentGateway(core, log, limits);
  // A restart broke every agent's connection: sessions whose panels do not resume within a queue's grace
  // count as inactive there. With gateways (a bus), not those whose panels a gateway still holds: asked
  // once this core listens, so a takeover is not held up by the question.
  const sessionsBroken = (kept: Set<string>) => {
    for (const agent of engine.state.all('agent')) if (agent.session && !kept.has(agent.id)) engine.agentDisconnected(agent.id);
  };
  if (!coreService) sessionsBroken(new Set());
  const visitors = new VisitorGateway(engine, new VisitorTokens(secret('visitor-secret')), clock, log, limits);
  const host = options.host ?? '127.0.0.1';
  // Simulated visitors come through loopback as if through a proxy, each with an address of its own,
  // so banning one in the demo bans that visitor, not every simulated visitor (and the real page) at once.
  // They prove it with a key only this process knows: loopback itself is not trusted.
  const simulatorKey = options.simulate ? newSimulatorKey() : null;
  let http: RunningHttp | null = null;
  const hooks = new HookRoutes(log);
  try {
    if (options.port !== null) {
      http = await startHttp(engine, gateway, { host, port: options.port, trustedProxies: options.trustedProxies, uploads: { store: fileStore, quota, links: new FileLinks(secret('download-secret'), clock, options.config.security.downloadLinkMinutes * 60_000) }, visitors, simulatorKey, limits, hooks }, log);
      log(`listening on ${http.url}`);
    }
  } catch (e) {
    sweeper.stop();
    await email?.close();
    visitors.close();
    await closeBus();
    engine.stop();
    closeStore();
    throw e;
  }
  const local = http ? `${loopbackFor(host)}:${http.port}` : null;
  if (http) coreService?.advertise(options.advertise ?? `http://${advertisedHost(host)}:${http.port}`);
  // Panels that came back to this listener meanwhile are connected too.
  void coreService
    ?.connectedAgents()
    .then((held) => sessionsBroken(new Set([...held, ...Object.keys(gateway.socketsByAgent())])))
    .catch((e: Error) => log(`starting the grace of broken sessions failed: ${e.message}`));
  // WhatsApp, Facebook and SMS: webhooks in under /hooks, their senders out through the outbox.
  const publicUrl = options.config.publicUrl ?? (local ? `http://${local}` : null);
  const media = new ProviderMedia(engine, fileStore, secret('media-link-secret'), () => publicUrl);
  const channels: ProviderChannelAdapter[] = providerChannels(options.config, options.providerSecrets ?? {}, { engine, media, publicUrl: publicUrl ?? '', log, clock });
  hooks.serve(
    channels.map((c) => c.webhook),
    media,
    publicUrl ?? '',
  );
  for (const c of channels) c.start();
  // A sender given by the caller (a test's fake) stands in for the configured one of its channel.
  const given = options.senders ?? [];
  const configured = [...channels.map((c) => c.sender), ...(email?.sender ? [email.sender] : [])].filter((s) => !given.some((g) => g.channel === s.channel));
  const outbox = new OutboxSender(engine, clock, [...configured, ...given], { ...options.outbox, log });
  outbox.start();
  let chatSim: ChatSimulator | null = null;
  let emailSim: EmailSimulator | null = null;
  if (options.simulate && email?.listener && options.config.simulator.emailsPerHour > 0) {
    emailSim = new EmailSimulator({ listener: email.listener.address, addresses: options.config.email!.addresses.map((a) => a.address), relay: email.capture, clock, random, perHour: options.config.simulator.emailsPerHour, log });
    emailSim.start();
  }
  if (options.simulate) {
    sim?.startTraffic();
    if (local) {
      chatSim = new ChatSimulator({
        url: `ws://${local}/visitor`,
        clock,
        random,
        settings: {
          chatsPerHour: options.config.simulator.chatsPerHour,
          queues: options.config.messagingQueues.filter((q) => q.channels.includes('livechat')).map((q) => q.id),
        },
        forwardKey: simulatorKey ?? undefined,
        log,
      });
      chatSim.start();
    }
  }

  let closed = false;
  return {
    engine,
    gateway,
    visitors,
    get sim(): SimTelephony {
      if (!sim) throw new Error('This server runs its telephony over SIP: there is no simulator to place calls with.');
      return sim;
    },
    sip,
    outbox,
    publicUrl,
    email,
    events,
    emailSim,
    chatSim,
    http,
    chatUrl: local ? `http://${local}/chat` : null,
    dataDir,
    connectInProcess: (origin) => inProcessTransport(gateway, origin),
    async close() {
      if (closed) return;
      closed = true;
      sim?.stopTraffic();
      chatSim?.stop();
      emailSim?.stop();
      sweeper.stop();
      for (const c of channels) c.stop();
      await outbox.stop();
      await email?.close();
      visitors.close();
      gateway.close();
      await http?.close();
      await recordings.settled();
      await closeBus();
      engine.stop();
      if (clock instanceof SystemClock) clock.clearAll();
      closeStore();
      if (temporary) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The committed log as the event stream reads it: each group's events as committed, older ones from the store. */
function committedLog(engine: Engine, store: EventStore): CommittedLog {
  return {
    subscribe: (listener) => engine.subscribe((committed) => committed.length > 0 && listener(committed)),
    eventsAfter: (seq, limit) => store.eventsAfter(seq, limit),
  };
}

/** Where another machine reaches the listener: a wildcard address by this machine's name. */
function advertisedHost(host: string): string {
  return host === '0.0.0.0' || host === '' || host === '::' ? hostname() : hostForUrl(host);
}

/** Where a process on this machine reaches the listener: a wildcard address is reached on loopback. */
function loopbackFor(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return hostForUrl(host);
}

function hostForUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
