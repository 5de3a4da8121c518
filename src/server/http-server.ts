import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Engine } from '../core/engine.js';
import { MAX_FRAME_BYTES } from '../core/protocol/frames.js';
import type { AgentGateway } from './gateway.js';
import type { Log } from './logger.js';
import { serveDemoCrm } from './demo-crm.js';
import { handleChatPage } from './chat-page.js';
import { FileStore } from './file-store.js';
import { handleFiles } from './files-http.js';
import type { VisitorGateway } from './visitor-gateway.js';

export interface HttpOptions {
  host: string;
  port: number;
  /** Addresses of reverse proxies whose X-Forwarded-For is believed. */
  trustedProxies?: string[];
  /** Seconds between WebSocket pings; a client that misses one is dropped. */
  heartbeatSeconds?: number;
  /** The server's data directory: uploaded files are kept under <dataDir>/files. */
  dataDir: string;
  /** The live chat visitors' side (/visitor). */
  visitors: VisitorGateway;
}

export interface RunningHttp {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

/** The client address, honouring X-Forwarded-For only from trusted proxies. */
export function clientAddress(req: IncomingMessage, trusted: string[]): string {
  const peer = (req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
  const forwarded = req.headers['x-forwarded-for'];
  if (!forwarded || !trusted.includes(peer)) return peer;
  const hops = String(forwarded).split(',').map((s) => s.trim()).filter(Boolean);
  return hops[hops.length - 1] ?? peer;
}

/**
 * Hold a socket's writes until the end of this turn of the event loop, so the
 * many frames one turn sends it (a login fans out several events to every
 * agent) leave in one system call instead of one each.
 */
function writeBatcher(): (ws: WebSocket) => void {
  const corked = new Set<{ cork(): void; uncork(): void }>();
  let scheduled = false;
  return (ws) => {
    const socket = (ws as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
    if (!socket || corked.has(socket)) return;
    socket.cork();
    corked.add(socket);
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      for (const s of corked) s.uncork();
      corked.clear();
    });
  };
}

/**
 * HTTP front: /healthz, the agent WebSocket at /agent, the live chat
 * visitor's WebSocket at /visitor and page at /chat, and file uploads and
 * downloads at /files.
 */
export function startHttp(engine: Engine, gateway: AgentGateway, options: HttpOptions, log: Log): Promise<RunningHttp> {
  const trusted = options.trustedProxies ?? [];
  const files = { engine, visitors: options.visitors, store: new FileStore(options.dataDir), log };
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') {
      const ready = engine.isTelephonyReady();
      res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: ready, telephony: ready ? 'ready' : 'not ready', agents: gateway.connectionCount(), seq: engine.lastSeq() }));
      return;
    }
    if (path === '/crm/lookup') {
      serveDemoCrm(req, res);
      return;
    }
    if (handleFiles(req, res, clientAddress(req, trusted), files)) return;
    if (handleChatPage(req, res, engine.config)) return;
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('Not found\n');
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  // Visitors get a server of their own: the same 1 MiB frame limit, a different protocol.
  const visitorWss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  const alive = new WeakMap<WebSocket, boolean>();
  const batch = writeBatcher();

  server.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === '/visitor') {
      visitorWss.handleUpgrade(req, socket, head, (ws) => {
        const address = clientAddress(req, trusted);
        alive.set(ws, true);
        const connection = options.visitors.open({
          address,
          send: (text) => {
            if (ws.readyState === ws.OPEN) ws.send(text);
          },
          close: (code, reason) => ws.close(code, reason),
        });
        ws.on('pong', () => alive.set(ws, true));
        ws.on('message', (data, isBinary) => {
          if (isBinary) ws.send(JSON.stringify({ type: 'error', code: 'BAD_FRAME', message: 'Frames must be JSON text, not binary.' }));
          else connection.receive(data.toString());
        });
        ws.on('close', () => connection.closed());
        ws.on('error', (e) => log(`visitor ws error from ${address}: ${e.message}`));
      });
      return;
    }
    if (path !== '/agent') {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const address = clientAddress(req, trusted);
      alive.set(ws, true);
      const connection = gateway.open({
        address,
        send: (text) => {
          if (ws.readyState !== ws.OPEN) return;
          batch(ws);
          ws.send(text);
        },
        close: (code, reason) => ws.close(code, reason),
        bufferedBytes: () => ws.bufferedAmount,
      });
      ws.on('pong', () => alive.set(ws, true));
      ws.on('message', (data, isBinary) => {
        if (isBinary) {
          connection.reply({ v: 1, re: null, ok: false, error: { code: 'BAD_FRAME', message: 'Frames must be JSON text, not binary.' } });
          return;
        }
        connection.receive(data.toString());
      });
      ws.on('close', () => connection.closed());
      ws.on('error', (e) => log(`ws error from ${address}: ${e.message}`));
    });
  });

  const heartbeat = setInterval(() => {
    for (const ws of [...wss.clients, ...visitorWss.clients]) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, (options.heartbeatSeconds ?? 30) * 1000);
  heartbeat.unref();

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
            for (const ws of [...wss.clients, ...visitorWss.clients]) ws.terminate();
            wss.close();
            visitorWss.close();
            server.close(() => done());
            server.closeAllConnections?.();
          }),
      });
    });
  });
}
