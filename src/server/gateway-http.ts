import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_FRAME_BYTES } from '../core/protocol/frames.js';
import type { AgentGateway } from './gateway.js';
import { answerClientError, refuseTunnel } from './client-error.js';
import { clientAddress } from './http-server.js';
import type { ServerLimits } from './limits.js';
import type { Log } from './logger.js';
import { requestTarget } from './request-target.js';
import { acceptAgent, listen, startHeartbeat, writeBatcher, type RunningHttp } from './ws-accept.js';
import type { CoreProxy } from './core-proxy.js';
import { HttpConnections } from './http-connections.js';

export interface GatewayHttpOptions {
  host: string;
  port: number;
  trustedProxies?: string[];
  heartbeatSeconds?: number;
  limits: ServerLimits;
  /** What /healthz says besides the agents held here. */
  health: () => { ok: boolean; seq: number };
  /** Everything but /agent and /healthz goes to the active core. */
  proxy: CoreProxy;
}

export interface GatewayHttp extends RunningHttp {
  /** The centre's bound on one address's HTTP connections, as its core says. */
  setHttpConnectionsPerAddress(max: number): void;
}

/**
 * A gateway's listener: agents' panels on /agent and its own /healthz; the
 * rest (visitors, the chat page, webhooks, files) relayed to the active core.
 */
export async function startGatewayHttp(gateway: AgentGateway, options: GatewayHttpOptions, log: Log): Promise<GatewayHttp> {
  const trusted = options.trustedProxies ?? [];
  const connections = new HttpConnections(options.limits.httpConnectionsPerAddress, trusted);
  const server = createServer({ headersTimeout: options.limits.headersTimeoutMs, requestTimeout: options.limits.requestTimeoutMs }, (req, res) => {
    // Refused when it connected: the 429 is its answer, whatever it asks.
    if (connections.wasRefused(req.socket)) return;
    if (requestTarget(req).path === '/healthz') {
      const health = options.health();
      res.writeHead(health.ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ...health, agents: gateway.loggedInCount() }));
      return;
    }
    options.proxy.request(req, res, clientAddress(req, trusted));
  });
  server.setTimeout(options.limits.idleTimeoutMs);
  server.on('connection', (socket: Socket) => connections.take(socket));
  // What the parser refuses is answered in words, as the core's own listener does (Node's answer is a bare status line).
  server.on('clientError', (e: Error & { code?: string }, socket) => answerClientError(e, socket, options.limits));
  server.on('connect', (_req, socket) => {
    if (!connections.wasRefused(socket as Socket)) refuseTunnel(socket);
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  const alive = new WeakMap<WebSocket, boolean>();
  const agents = { wss, gateway, anonymousPerAddress: options.limits.anonymousSocketsPerAddress, alive, batch: writeBatcher(), log };
  server.on('upgrade', (req, socket, head) => {
    if (connections.wasRefused(socket as Socket)) return;
    // A WebSocket from now on (or refused): the sockets' own limits apply, not the HTTP connections'.
    connections.release(socket as Socket);
    (socket as Socket).setTimeout(0);
    socket.on('error', () => socket.destroy());
    const address = clientAddress(req, trusted);
    if (requestTarget(req).path !== '/agent') return options.proxy.upgrade(req, socket, head, address);
    acceptAgent(agents, { req, socket, head, address });
  });
  const heartbeat = startHeartbeat([wss], alive, options.heartbeatSeconds ?? 30, () => 'panel', log);
  const running = await listen(server, options.host, options.port, [wss], heartbeat);
  return {
    ...running,
    setHttpConnectionsPerAddress: (max) => {
      if (max !== connections.max) log(`gateway: an address may hold ${max} HTTP connection${max === 1 ? '' : 's'} (the core's security.httpConnectionsPerAddress)`);
      connections.max = max;
    },
  };
}
