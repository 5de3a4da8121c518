import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_FRAME_BYTES } from '../core/protocol/frames.js';
import type { AgentGateway } from './gateway.js';
import { clientAddress } from './http-server.js';
import type { ServerLimits } from './limits.js';
import type { Log } from './logger.js';
import { requestTarget } from './request-target.js';
import { acceptAgent, refuseUpgrade, startHeartbeat, writeBatcher } from './ws-accept.js';

export interface GatewayHttpOptions {
  host: string;
  port: number;
  trustedProxies?: string[];
  heartbeatSeconds?: number;
  limits: ServerLimits;
  /** What /healthz says besides the agents held here. */
  health: () => { ok: boolean; seq: number };
}

export interface RunningGatewayHttp {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

const NOT_HERE = 'This is a switchboard gateway: it serves agents\' panels on /agent. The live chat, files and webhooks are served by the core.\n';

/** A gateway's listener: agents' panels on /agent and /healthz; nothing else is served by a gateway (yet). */
export function startGatewayHttp(gateway: AgentGateway, options: GatewayHttpOptions, log: Log): Promise<RunningGatewayHttp> {
  const trusted = options.trustedProxies ?? [];
  const server = createServer({ headersTimeout: options.limits.headersTimeoutMs, requestTimeout: options.limits.requestTimeoutMs }, (req, res) => {
    if (requestTarget(req).path === '/healthz') {
      const health = options.health();
      res.writeHead(health.ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ...health, agents: gateway.loggedInCount() }));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(NOT_HERE);
  });
  server.setTimeout(options.limits.idleTimeoutMs);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  const alive = new WeakMap<WebSocket, boolean>();
  const agents = { wss, gateway, anonymousPerAddress: options.limits.anonymousSocketsPerAddress, alive, batch: writeBatcher(), log };
  server.on('upgrade', (req, socket, head) => {
    (socket as Socket).setTimeout(0);
    socket.on('error', () => socket.destroy());
    if (requestTarget(req).path !== '/agent') return refuseUpgrade(socket, 404, 'Not Found');
    acceptAgent(agents, { req, socket, head, address: clientAddress(req, trusted) });
  });
  const heartbeat = startHeartbeat([wss], alive, options.heartbeatSeconds ?? 30, () => 'panel', log);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        server,
        port,
        url: `ws://${options.host}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            clearInterval(heartbeat);
            for (const ws of wss.clients) ws.terminate();
            wss.close();
            server.close(() => done());
            server.closeAllConnections?.();
          }),
      });
    });
  });
}
