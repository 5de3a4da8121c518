import type { Socket } from 'node:net';
import { CountByKey } from '../core/limits/count-by-key.js';

/**
 * The HTTP connections each remote address holds at once. Without a count
 * they were bounded only by time: one address held thousands of idle
 * keep-alive or slow connections (a request every 25 s keeps one open).
 * A connection that becomes a WebSocket leaves the count: agents' and
 * visitors' sockets have limits of their own, and a centre's agents behind
 * one NAT hold far more than any HTTP client needs. Trusted proxies (and a
 * cluster's gateways) carry many clients on their one address, so they are
 * not counted.
 */
export class HttpConnections {
  private readonly held = new CountByKey<string>();
  /** The address each counted connection was counted under, until it closes or is upgraded. */
  private readonly counted = new Map<Socket, string>();
  private readonly refused = new WeakSet<Socket>();

  /** `max`: what one address may hold; a cluster's gateway sets it to what the core says (connections already held stay). */
  constructor(
    public max: number,
    private readonly trusted: string[],
  ) {}

  /** A new connection: counted, or answered 429 and closed when its address holds `max` already. */
  take(socket: Socket): void {
    const address = (socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
    if (this.trusted.includes(address)) return;
    if (!this.held.add(address, this.max)) return this.refuse(socket);
    this.counted.set(socket, address);
    socket.once('close', () => this.release(socket));
  }

  /** The connection is a WebSocket now, or closed: it no longer counts against its address. */
  release(socket: Socket): void {
    const address = this.counted.get(socket);
    if (address === undefined) return;
    this.counted.delete(socket);
    this.held.remove(address);
  }

  /** A refused connection: whatever it sent is not acted on (the refusal is already on its way). */
  wasRefused(socket: Socket): boolean {
    return this.refused.has(socket);
  }

  private refuse(socket: Socket): void {
    this.refused.add(socket);
    const body = JSON.stringify({ code: 'TOO_MANY_CONNECTIONS', message: `Your address already holds ${this.max} connection${this.max === 1 ? '' : 's'} to this server; close some and try again.` });
    // Closed outright once the answer is out, as a refused upgrade is: nobody reads from it any more.
    socket.once('finish', () => socket.destroy());
    socket.on('error', () => socket.destroy());
    socket.end(`HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
}
