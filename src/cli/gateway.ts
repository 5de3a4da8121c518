import { NatsCoreLink } from '../bus/nats-core-link.js';
import { NEEDED_MAX_PAYLOAD } from '../bus/core-subjects.js';
import { AgentGateway } from '../server/gateway.js';
import { startGatewayHttp, type GatewayHttp } from '../server/gateway-http.js';
import { CoreProxy } from '../server/core-proxy.js';
import { DEFAULT_LIMITS } from '../server/limits.js';
import { serverLog } from '../server/logger.js';
import { reportStartupError } from './errors.js';

export interface GatewayOptions {
  bus: string;
  port: number;
  host: string;
  log?: string;
  trustProxy?: string[];
  /** Seconds a command waits for a core (a takeover) before its panel is told none answers. */
  coreWait: number;
}

/**
 * A gateway (issue 19): holds agents' panel sockets and reaches the centre's
 * active core over NATS. It keeps nothing of its own, so any number can run
 * and a panel whose gateway dies resumes on another.
 */
export async function runGateway(opts: GatewayOptions): Promise<void> {
  const log = serverLog(opts.log);
  if (!/^nats:\/\//.test(opts.bus)) {
    reportStartupError(Object.assign(new Error(`--bus ${opts.bus}: expected a nats:// URL (the NATS server the core publishes to)`), { code: 'BAD_OPTION' }));
    return;
  }
  let link: NatsCoreLink;
  try {
    link = await NatsCoreLink.connect(opts.bus, log, opts.coreWait * 1000);
  } catch (e) {
    reportStartupError(e);
    return;
  }
  // The defaults until the active core says the centre's (at once if one is there): no second file to keep in step.
  const gateway = new AgentGateway(link, log, { ...DEFAULT_LIMITS, socketsCountedOver: 'centre' });
  link.tellAgents(() => gateway.socketsByAgent());
  let http: GatewayHttp;
  try {
    const proxy = new CoreProxy(() => link.where(), log);
    http = await startGatewayHttp(gateway, { host: opts.host, port: opts.port, trustedProxies: opts.trustProxy, limits: DEFAULT_LIMITS, health: () => ({ ok: true, seq: link.lastSeq }), proxy }, log);
  } catch (e) {
    gateway.close();
    await link.close();
    reportStartupError(e, { [opts.port]: '--port' });
    return;
  }
  const listening = http;
  link.onLimits((limits) => {
    gateway.setSocketsPerAgent(limits.socketsPerAgent);
    listening.setHttpConnectionsPerAddress(limits.httpConnectionsPerAddress);
  });
  process.stdout.write(`switchboard gateway listening on ${http.url} (the core over NATS at ${opts.bus})\n`);
  if (link.maxPayload < NEEDED_MAX_PAYLOAD)
    process.stdout.write(
      `the NATS server takes messages of at most ${Math.round(link.maxPayload / 1024)} KiB: a panel that resumes after missing more than half that gets a fresh snapshot, and a larger answer is refused; set max_payload: 8MB on it\n`,
    );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    gateway.close();
    void http.close().then(() => link.close()).then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
