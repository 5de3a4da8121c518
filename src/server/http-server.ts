import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Engine } from '../core/engine.js';
import { MAX_FRAME_BYTES } from '../core/protocol/frames.js';
import type { AgentGateway } from './gateway.js';
import type { Log } from './logger.js';
import { serveDemoCrm } from './demo-crm.js';
import { handleChatPage, isChatAsset } from './chat-page.js';
import type { FileStore } from './file-store.js';
import type { UploadQuota } from './upload-quota.js';
import { handleFiles } from './files-http.js';
import type { FileLinks } from './file-links.js';
import type { VisitorGateway } from './visitor-gateway.js';
import { requestTarget } from './request-target.js';
import { answerClientError, refuseTunnel } from './client-error.js';
import { acceptAgent, listen, refuseUpgrade, startHeartbeat, writeBatcher, type RunningHttp } from './ws-accept.js';
import type { ServerLimits } from './limits.js';
import { isSimulatorKey, SIMULATOR_HEADER } from '../channels/livechat/simulator-key.js';
import type { HookRoutes } from './hooks-http.js';
import { HttpConnections } from './http-connections.js';

/** An upgrade to a path that serves no WebSocket (a request for one gets NOT_FOUND with the pages' sentence). */
const NO_SOCKET_HERE = { code: 'NOT_FOUND', message: "There is no WebSocket at this address: the panel connects to /agent, the chat page's visitors to /visitor." };

export interface HttpOptions {
  host: string;
  port: number;
  /** Addresses of reverse proxies whose X-Forwarded-For is believed. */
  trustedProxies?: string[];
  /** Seconds between WebSocket pings; a client that misses one is dropped. */
  heartbeatSeconds?: number;
  /** Where uploads are kept, and what a sender may upload. */
  uploads: { store: FileStore; quota: UploadQuota; links: FileLinks };
  /** The live chat visitors' side (/visitor). */
  visitors: VisitorGateway;
  /** The key of this server's simulated visitors (see simulator-key.ts), when simulating. */
  simulatorKey?: string | null;
  limits: ServerLimits;
  /** The provider channels' webhooks and media links (/hooks). */
  hooks?: HookRoutes;
}

/**
 * The client address, honouring X-Forwarded-For only from trusted proxies
 * (and from the server's own simulated visitors, who prove it with the
 * simulator key).
 */
export function clientAddress(req: IncomingMessage, trusted: string[], simulatorKey: string | null = null): string {
  const peer = (req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
  const forwarded = req.headers['x-forwarded-for'];
  const believed = trusted.includes(peer) || isSimulatorKey(req.headers[SIMULATOR_HEADER], simulatorKey);
  if (!forwarded || !believed) return peer;
  const hops = String(forwarded).split(',').map((s) => s.trim()).filter(Boolean);
  return hops[hops.length - 1] ?? peer;
}

/** The paths served as pages (read only): the health check, the demo CRM and the chat page with its files. */
function isPage(path: string): boolean {
  return path === '/healthz' || path === '/crm/lookup' || path === '/chat' || path === '/chat/' || isChatAsset(path);
}

/**
 * HTTP front: /healthz, the agent WebSocket at /agent, the live chat
 * visitor's WebSocket at /visitor and page at /chat, file uploads and
 * downloads at /files, and the provider channels' webhooks at /hooks.
 */
export function startHttp(engine: Engine, gateway: AgentGateway, options: HttpOptions, log: Log): Promise<RunningHttp> {
  const trusted = options.trustedProxies ?? [];
  const addressOf = (req: IncomingMessage) => clientAddress(req, trusted, options.simulatorKey ?? null);
  const files = { engine, visitors: options.visitors, store: options.uploads.store, quota: options.uploads.quota, links: options.uploads.links, log };
  const route = (req: IncomingMessage, res: ServerResponse): void => {
    const target = requestTarget(req);
    if (isPage(target.path) && req.method !== 'GET' && req.method !== 'HEAD') {
      // A page is read, never changed: a DELETE /healthz or a POST /chat is told so, not answered as a GET.
      res.writeHead(405, { 'content-type': 'application/json; charset=utf-8', allow: 'GET, HEAD' });
      res.end(JSON.stringify({ code: 'METHOD_NOT_ALLOWED', message: `${target.path} is read with GET.` }));
      return;
    }
    if (target.path === '/healthz') {
      const ready = engine.isTelephonyReady();
      res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: ready, telephony: ready ? 'ready' : 'not ready', agents: gateway.loggedInCount(), seq: engine.lastSeq() }));
      return;
    }
    if (target.path === '/crm/lookup') {
      serveDemoCrm(target, res);
      return;
    }
    if (options.hooks?.handle(req, res, target)) return;
    if (handleFiles(req, res, target, addressOf(req), files)) return;
    if (handleChatPage(target, res, engine.config, options.visitors)) return;
    res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ code: 'NOT_FOUND', message: 'There is nothing at this address: the panel connects to /agent, visitors open /chat.' }));
  };
  const connections = new HttpConnections(options.limits.httpConnectionsPerAddress, trusted);
  const server = createServer(
    {
      // Half-sent requests cannot pile up: Node checks these every 2 s.
      headersTimeout: options.limits.headersTimeoutMs,
      requestTimeout: options.limits.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(2_000, options.limits.headersTimeoutMs),
    },
    (req, res) => {
      // Refused when it connected: the 429 is its answer, whatever it asks.
      if (connections.wasRefused(req.socket)) return;
      try {
        route(req, res);
      } catch (e) {
        // Whatever a request does, it gets an answer and the centre goes on.
        log(`${req.method} ${String(req.url).slice(0, 200)} failed: ${(e as Error).stack ?? String(e)}`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
        res.end(JSON.stringify({ code: 'INTERNAL', message: 'Something went wrong on the server.' }));
      }
    },
  );
  // A connection that sends nothing for this long (between requests, or mid-body) is closed.
  server.setTimeout(options.limits.idleTimeoutMs);
  server.on('connection', (socket: Socket) => connections.take(socket));
  // What the parser refuses (bad framing, headers too large, too slow) is answered in words too.
  server.on('clientError', (e: Error & { code?: string }, socket) => answerClientError(e, socket, options.limits));
  server.on('connect', (_req, socket) => {
    if (!connections.wasRefused(socket as Socket)) refuseTunnel(socket);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  // Visitors get a server of their own: the same 1 MiB frame limit, a different protocol.
  const visitorWss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  const alive = new WeakMap<WebSocket, boolean>();
  const agents = { wss, gateway, anonymousPerAddress: options.limits.anonymousSocketsPerAddress, alive, batch: writeBatcher(), log };

  server.on('upgrade', (req, socket, head) => {
    if (connections.wasRefused(socket as Socket)) return;
    // A WebSocket from now on (or refused below): the sockets' own limits apply, not the HTTP connections'.
    connections.release(socket as Socket);
    const path = requestTarget(req).path;
    const address = addressOf(req);
    // The upgraded socket lives as long as the WebSocket does: the HTTP idle timeout is not for it.
    (socket as Socket).setTimeout(0);
    socket.on('error', () => socket.destroy());
    if (path === '/visitor') {
      const { visitorSocketsPerAddress, anonymousSocketsPerAddress } = options.limits;
      if (options.visitors.socketsFrom(address) >= visitorSocketsPerAddress) {
        return refuseUpgrade(socket, 429, {
          code: 'TOO_MANY_CONNECTIONS',
          message: `Your address already holds ${visitorSocketsPerAddress} chat connection${visitorSocketsPerAddress === 1 ? '' : 's'}; close a chat window, then try again.`,
        });
      }
      if (options.visitors.notStartedFrom(address) >= anonymousSocketsPerAddress) {
        return refuseUpgrade(socket, 429, {
          code: 'TOO_MANY_CONNECTIONS',
          message: `Your address already holds ${anonymousSocketsPerAddress} chat connection${anonymousSocketsPerAddress === 1 ? '' : 's'} that started no chat; start a chat in one or close one, then try again.`,
        });
      }
      visitorWss.handleUpgrade(req, socket, head, (ws) => {
        alive.set(ws, true);
        const connection = options.visitors.open({
          address,
          send: (text) => {
            if (ws.readyState === ws.OPEN) ws.send(text);
          },
          close: (code, reason) => ws.close(code, reason),
          terminate: () => ws.terminate(),
          bufferedBytes: () => ws.bufferedAmount,
        });
        ws.on('pong', () => alive.set(ws, true));
        ws.on('message', (data, isBinary) => {
          if (isBinary) connection.send({ type: 'error', code: 'BAD_FRAME', message: 'Frames must be JSON text, not binary.' });
          else connection.receive(data as Buffer);
        });
        ws.on('close', () => connection.closed());
        ws.on('error', (e) => log(`visitor ws error from ${address}: ${e.message}`));
      });
      return;
    }
    if (path !== '/agent') return refuseUpgrade(socket, 404, NO_SOCKET_HERE);
    acceptAgent(agents, { req, socket, head, address });
  });

  const heartbeat = startHeartbeat([wss, visitorWss], alive, options.heartbeatSeconds ?? 30, (ws) => (visitorWss.clients.has(ws) ? 'visitor' : 'panel'), log);

  return listen(server, options.host, options.port, [wss, visitorWss], heartbeat);
}
