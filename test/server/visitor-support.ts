import { request } from 'node:http';
import WebSocket from 'ws';
import { Waiters } from './waiters.js';
import { parseConfig } from '../../src/core/config/parse.js';
import type { Config } from '../../src/core/config/schema.js';
import type { ServerFrame } from '../../src/channels/livechat/visitor-protocol.js';
import type { RunningServer } from '../../src/server/runtime.js';
import { onCleanup } from './support.js';

/**
 * Live chat test pieces: a small contact center whose chat queues are always
 * open (tests must not depend on the hour they run at), a raw visitor socket,
 * and an HTTP helper for /files.
 */
export const CHAT_CONFIG = `
center: { name: Chat Test, timeZone: Europe/London }
messagingQueues:
  - { id: help, name: Help Desk, channels: [livechat, email], survey: true }
  - { id: sales, name: Sales Chat, channels: [livechat], survey: false }
agents:
  - { number: "2001", name: Ana Lima, email: a@x.io, pin: "2001", password: pass, messagingQueues: [help], capacity: { livechat: 3 } }
  - { number: "2002", name: Bo Chen, email: b@x.io, pin: "2002", password: pass, messagingQueues: [sales], capacity: { livechat: 3 } }
  - { number: "2009", name: Sue Park, email: s@x.io, pin: "2009", password: pass, role: supervisor, messagingQueues: [], capacity: {} }
`;

/**
 * The chat test centre; `livechatCapacity` sets Ana's chats at once (1 makes
 * a line form behind her first chat), `chat` is a YAML flow mapping for
 * center.chat (the page's look).
 */
export function chatConfig(options: { livechatCapacity?: number; chat?: string } = {}): Config {
  let yaml = CHAT_CONFIG;
  if (options.livechatCapacity !== undefined) yaml = yaml.replace('messagingQueues: [help], capacity: { livechat: 3 }', `messagingQueues: [help], capacity: { livechat: ${options.livechatCapacity} }`);
  if (options.chat) yaml = yaml.replace('timeZone: Europe/London }', `timeZone: Europe/London, chat: ${options.chat} }`);
  return parseConfig(yaml, 'chat-test.yaml');
}

export function httpBaseOf(server: RunningServer): string {
  return server.http!.url.replace(/^ws/, 'http');
}


/** A bare visitor: sends frames, keeps every frame received, waits for frames by predicate. */
export class VisitorSocket {
  readonly frames: ServerFrame[] = [];
  closeInfo: { code: number; reason: string } | null = null;
  private readonly waiters = new Waiters();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as ServerFrame);
      this.waiters.wake();
    });
    ws.on('close', (code, reason) => {
      this.closeInfo = { code, reason: reason.toString() };
      this.waiters.wake();
    });
    ws.on('error', () => {});
  }

  static open(server: RunningServer, headers: Record<string, string> = {}): Promise<VisitorSocket> {
    const ws = new WebSocket(`${server.http!.url}/visitor`, { headers, perMessageDeflate: false });
    const v = new VisitorSocket(ws);
    onCleanup(() => ws.terminate());
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(v));
      ws.once('error', reject);
    });
  }

  send(frame: Record<string, unknown>): void {
    this.ws.send(JSON.stringify(frame));
  }

  /** Start a chat and return the `started` frame. */
  async start(extra: Record<string, unknown> = {}): Promise<Extract<ServerFrame, { type: 'started' }>> {
    const from = this.frames.length;
    this.send({ type: 'start', name: 'Vera Visitor', email: 'vera@example.com', queue: 'help', visitorId: 'v-1', ...extra });
    const f = await this.next((f) => f.type === 'started' || f.type === 'error' || f.type === 'banned', from);
    if (f.type !== 'started') throw new Error(`start was refused: ${JSON.stringify(f)}`);
    return f;
  }

  /** The first frame of a type at or after index `from` that matches. */
  next<T extends ServerFrame['type']>(type: T | ((f: ServerFrame) => boolean), from = 0, pred: (f: Extract<ServerFrame, { type: T }>) => boolean = () => true): Promise<Extract<ServerFrame, { type: T }>> {
    const match = typeof type === 'function' ? type : (f: ServerFrame) => f.type === type && pred(f as Extract<ServerFrame, { type: T }>);
    return this.waitFor(`a ${typeof type === 'string' ? type : 'matching'} frame`, () => this.frames.slice(from).find(match) as Extract<ServerFrame, { type: T }> | undefined);
  }

  closed(): Promise<{ code: number; reason: string }> {
    return this.waitFor('the socket to close', () => this.closeInfo ?? undefined);
  }

  waitFor<T>(what: string, check: () => T | undefined): Promise<T> {
    return this.waiters.until(check, () => `gave up waiting for ${what}; the visitor received: ${JSON.stringify(this.frames).slice(-2000)}`);
  }
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  json<T = Record<string, unknown>>(): T;
}

/**
 * One HTTP request with node:http, which reads the answer as soon as it comes
 * even while the body is still being written (an early 413).
 */
export function http(
  server: RunningServer,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: Buffer | Buffer[]; chunked?: boolean } = {},
): Promise<HttpAnswer> {
  const url = new URL(path, httpBaseOf(server));
  return new Promise((resolve, reject) => {
    const parts = options.body === undefined ? [] : Array.isArray(options.body) ? options.body : [options.body];
    const length = parts.reduce((n, b) => n + b.length, 0);
    const headers: Record<string, string> = { ...options.headers };
    if (parts.length > 0 && !options.chunked) headers['content-length'] = String(length);
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: <T>() => JSON.parse(body.toString()) as T });
      });
      res.on('error', reject);
    });
    // Writing may fail once the server has answered and hung up: the answer is what counts.
    req.on('error', (e) => reject(e));
    for (const p of parts) req.write(p);
    req.end();
  });
}
