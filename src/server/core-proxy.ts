import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Log } from './logger.js';
import { requestTarget } from './request-target.js';
import { refuseUpgrade } from './ws-accept.js';
import { CORE_UNAVAILABLE } from '../bus/core-subjects.js';

/** Where the active core's own listener is (http://host:port), or null when no core answers in time. */
export type CoreWhere = () => Promise<string | null>;

const UNAVAILABLE = JSON.stringify(CORE_UNAVAILABLE);

/**
 * What a gateway does not serve itself (the visitors' sockets and chat page,
 * the providers' webhooks, files) it relays to the active core's listener,
 * as a reverse proxy would: the gateway holds the client's connection, the
 * core does the work. The client's address goes as X-Forwarded-For (the
 * cores trust their gateways: `serve --trust-proxy`). A core that cannot be
 * reached is asked for again (a takeover moves it); the client meanwhile gets
 * 503 CORE_UNAVAILABLE, which providers retry and visitors' pages reconnect on.
 */
export class CoreProxy {
  constructor(
    private readonly where: CoreWhere,
    private readonly log: Log,
  ) {}

  /** Relay a request; one without a body (GET, HEAD) is tried once more on a core found again. */
  request(req: IncomingMessage, res: ServerResponse, address: string, again = req.method === 'GET' || req.method === 'HEAD'): void {
    void this.target().then((base) => {
      if (!base) return unavailable(res);
      const url = new URL(base);
      // The core's address with the client's path: resolved against the base, `//elsewhere/x` or
      // `http://elsewhere/x` would name another host (the gateway an open proxy) and `//[` would throw.
      const path = requestTarget(req).originForm;
      const upstream = httpRequest(url, { path, method: req.method, headers: { ...req.headers, host: url.host, 'x-forwarded-for': address } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', (e) => {
        this.lost(base, e);
        if (res.headersSent) return res.destroy();
        if (again) return this.request(req, res, address, false);
        unavailable(res);
      });
      req.pipe(upstream);
    });
  }

  /** Relay a WebSocket (a visitor's): tried once more on a core found again if the first cannot be reached. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, address: string, again = true): void {
    void this.target().then((base) => {
      if (!base) return refuseUpgrade(socket, 503, CORE_UNAVAILABLE, { 'Retry-After': '1' });
      const url = new URL(base);
      const core: Socket = connect({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 80) });
      let joined = false;
      core.once('connect', () => {
        joined = true;
        const headers = { ...req.headers, host: url.host, 'x-forwarded-for': address };
        const lines = Object.entries(headers).flatMap(([k, v]) => (Array.isArray(v) ? v.map((one) => `${k}: ${one}`) : v === undefined ? [] : [`${k}: ${v}`]));
        core.write(`${req.method} ${requestTarget(req).originForm} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
        if (head.length > 0) core.write(head);
        core.pipe(socket);
        socket.pipe(core);
      });
      core.on('error', (e) => {
        this.lost(base, e);
        if (joined) return socket.destroy();
        if (again) return this.upgrade(req, socket, head, address, false);
        refuseUpgrade(socket, 503, CORE_UNAVAILABLE, { 'Retry-After': '1' });
      });
      socket.on('error', () => core.destroy());
      socket.on('close', () => core.destroy());
      core.on('close', () => joined && socket.destroy());
    });
  }

  private known: string | null = null;
  private asking: Promise<string | null> | null = null;

  /** The core's listener: the one known, or asked for (after it could not be reached), one question at a time. */
  private async target(): Promise<string | null> {
    if (this.known) return this.known;
    this.asking ??= this.where().finally(() => (this.asking = null));
    this.known = await this.asking;
    return this.known;
  }

  private lost(base: string, e: Error): void {
    if (this.known !== base) return;
    this.log(`proxy: the core at ${base} cannot be reached (${e.message}); asking where it is`);
    this.known = null;
  }
}

function unavailable(res: ServerResponse): void {
  res.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '1' });
  res.end(UNAVAILABLE);
}
