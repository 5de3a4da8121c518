import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import type { AgentGateway } from './gateway.js';
import type { Log } from './logger.js';

/** Why an upgrade is refused: a code a program can act on and a sentence a person can. */
export interface UpgradeRefusal {
  code: string;
  message: string;
}

/**
 * Answer an upgrade we will not take as the HTTP listener answers a request
 * it will not serve (its status, JSON with a code and a sentence), and hang up.
 */
export function refuseUpgrade(socket: Duplex, status: number, refusal: UpgradeRefusal, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ code: refusal.code, message: refusal.message });
  const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  // Closed outright once the answer is out: the HTTP server keeps sockets half-open
  // and nobody reads this one any more, so an end() alone would wait for the
  // client's side forever (one socket held per refused upgrade, with no timeout).
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Refused'}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`,
  );
}

/** An agent's socket from an address that holds `max` not yet logged in. */
export function tooManyAnonymous(max: number): UpgradeRefusal {
  return {
    code: 'TOO_MANY_CONNECTIONS',
    message: `Your address already holds ${max} connection${max === 1 ? '' : 's'} not logged in yet; log in on one or close one, then try again.`,
  };
}

/**
 * Hold a socket's writes until the end of this turn of the event loop, so the
 * many frames one turn sends it (a login fans out several events to every
 * agent) leave in one system call instead of one each.
 */
export function writeBatcher(): (ws: WebSocket) => void {
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

/** An upgrade request on /agent, with the client's address as the server believes it. */
export interface AgentUpgrade {
  req: IncomingMessage;
  socket: Duplex;
  head: Buffer;
  address: string;
}

/** Where agents' panel sockets are taken, and how many unauthenticated ones one address may hold. */
export interface AgentSockets {
  wss: WebSocketServer;
  gateway: AgentGateway;
  anonymousPerAddress: number;
  alive: WeakMap<WebSocket, boolean>;
  batch: (ws: WebSocket) => void;
  log: Log;
}

/** Take an agent's panel socket and hand its frames to the gateway (or refuse it: from a web page, or too many from its address). */
export function acceptAgent({ wss, gateway, anonymousPerAddress, alive, batch, log }: AgentSockets, { req, socket, head, address }: AgentUpgrade): void {
  // Browsers send Origin with every WebSocket and panels and scripts never do: a page the agent happens to open
  // (any site) could otherwise reach a server on their machine or network and try PINs from their browser.
  if (req.headers.origin !== undefined) {
    return refuseUpgrade(socket, 403, { code: 'FORBIDDEN', message: 'Agent connections are not taken from web pages: the panel and scripts connect from a terminal.' });
  }
  if (gateway.anonymousFrom(address) >= anonymousPerAddress) return refuseUpgrade(socket, 429, tooManyAnonymous(anonymousPerAddress));
  wss.handleUpgrade(req, socket, head, (ws) => {
    alive.set(ws, true);
    const connection = gateway.open({
      address,
      send: (text) => {
        if (ws.readyState !== ws.OPEN) return;
        batch(ws);
        ws.send(text);
      },
      close: (code, reason) => ws.close(code, reason),
      terminate: () => ws.terminate(),
      bufferedBytes: () => ws.bufferedAmount,
    });
    ws.on('pong', () => alive.set(ws, true));
    ws.on('message', (data, isBinary) => {
      if (isBinary) connection.receiveBinary();
      // Handed over undecoded: a frame too large for its sender is refused unread.
      else connection.receive(data as Buffer);
    });
    ws.on('close', () => connection.closed());
    ws.on('error', (e) => log(`ws error from ${address}: ${e.message}`));
  });
}

/** Ping every socket of these servers each `seconds`; one that did not answer the last ping is cut. */
export function startHeartbeat(servers: WebSocketServer[], alive: WeakMap<WebSocket, boolean>, seconds: number, kindOf: (ws: WebSocket) => string, log: Log): NodeJS.Timeout {
  const heartbeat = setInterval(() => {
    for (const ws of servers.flatMap((s) => [...s.clients])) {
      if (alive.get(ws) === false) {
        log(`no answer to a ping in ${seconds} s: closing a ${kindOf(ws)} socket`);
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, seconds * 1000);
  heartbeat.unref();
  return heartbeat;
}

/** A listener, with the WebSocket servers on it, as its owner holds it. */
export interface RunningHttp {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

/**
 * Listen on host:port. close() stops the heartbeat, cuts every socket of the
 * WebSocket servers, and closes the listener and its HTTP connections.
 */
export function listen(server: Server, host: string, port: number, sockets: WebSocketServer[], heartbeat: NodeJS.Timeout): Promise<RunningHttp> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const bound = (server.address() as AddressInfo).port;
      resolve({
        server,
        port: bound,
        url: `ws://${host}:${bound}`,
        close: () =>
          new Promise<void>((done) => {
            clearInterval(heartbeat);
            for (const wss of sockets) {
              for (const ws of wss.clients) ws.terminate();
              wss.close();
            }
            server.close(() => done());
            server.closeAllConnections?.();
          }),
      });
    });
  });
}
