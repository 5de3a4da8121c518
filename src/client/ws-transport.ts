import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import type { Transport, TransportFactory } from '../core/protocol/transport.js';
import { DEFAULT_LIVENESS, watchLiveness, type LivenessOptions, type LivenessWatch } from './liveness.js';

/** Accepts ws://host:port or ws://host:port/agent and returns the agent endpoint. */
export function agentUrl(url: string): string {
  const u = new URL(url);
  if (u.pathname === '/' || u.pathname === '') u.pathname = '/agent';
  return u.toString();
}

/**
 * The agent's words for why a connection could not be made: ws reports a
 * wrong port (another HTTP service there) as "Unexpected server response:
 * 404" and nothing listening as "connect ECONNREFUSED ...".
 */
export function readableFailure(message: string, target: string): string {
  const where = new URL(target).host;
  const status = /^Unexpected server response: (\d+)$/.exec(message);
  if (status) return `${where} answered HTTP ${status[1]}, not as a switchboard server: is it the right address and port?`;
  if (/ECONNREFUSED/.test(message)) return `nothing is listening at ${where}`;
  return message;
}

const REFUSAL_BODY_MAX = 4096;

/** The sentence of a switchboard refusal ({"code","message"}), or null for any other answer (another HTTP service). */
function readRefusal(res: IncomingMessage, waitMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (text: string | null) => {
      clearTimeout(timer);
      res.removeAllListeners('data');
      resolve(text);
    };
    const timer = setTimeout(() => done(null), waitMs);
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > REFUSAL_BODY_MAX) return done(null);
      chunks.push(chunk);
    });
    res.on('error', () => done(null));
    res.on('end', () => done(refusalSentence(Buffer.concat(chunks).toString('utf8'))));
  });
}

function refusalSentence(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { code?: unknown; message?: unknown };
    if (typeof parsed.code === 'string' && typeof parsed.message === 'string' && parsed.message.length > 0) return parsed.message;
  } catch {
    // Not JSON: not a switchboard answer.
  }
  return null;
}

export interface WsTransportOptions {
  /** When to ping the server and how long a silence means it is gone (tests use short ones). */
  liveness?: LivenessOptions;
}

/**
 * A WebSocket connection to a switchboard server. A server that stops
 * answering (see liveness.ts) is reported as a dropped connection, and so is
 * one that accepts the TCP connection but never answers the upgrade (a
 * stopped process still has its listening socket's backlog).
 */
export function wsTransport(url: string, options: WsTransportOptions = {}): TransportFactory {
  const target = agentUrl(url);
  const liveness = options.liveness ?? DEFAULT_LIVENESS;
  return (): Transport => {
    const ws = new WebSocket(target, { perMessageDeflate: false, handshakeTimeout: liveness.deadAfterMs });
    let closeFn: (code: number, reason: string) => void = () => {};
    let reported = false;
    let watch: LivenessWatch | null = null;
    const reportClose = (code: number, reason: string) => {
      watch?.stop();
      if (reported) return;
      reported = true;
      closeFn(code, reason);
    };
    ws.on('open', () => {
      watch = watchLiveness(
        liveness,
        () => ws.ping(),
        (silentMs) => {
          // Reported at once: a close handshake with a server that does not answer would wait 30 s more.
          reportClose(1006, `the server stopped answering (nothing heard for ${Math.round(silentMs / 1000)} s)`);
          ws.terminate();
        },
      );
    });
    // Anything from the server shows it alive, not only the answer to our ping.
    const heard = () => watch?.heard();
    ws.on('message', heard);
    ws.on('pong', heard);
    ws.on('ping', heard);
    ws.on('error', (e) => reportClose(1006, readableFailure(e.message, target)));
    // A switchboard server that refuses the socket (too many from this address,
    // a gateway with no core) says why in a JSON body: that sentence is the agent's.
    ws.on('unexpected-response', (req, res) => {
      readRefusal(res, liveness.deadAfterMs).then((refusal) => {
        const where = new URL(target).host;
        reportClose(1006, refusal ? `${where} refused the connection: ${refusal}` : readableFailure(`Unexpected server response: ${res.statusCode}`, target));
        req.destroy();
        ws.terminate();
      });
    });
    ws.on('close', (code, reason) => reportClose(code, reason.toString()));
    return {
      send: (text) => ws.send(text),
      close: () => ws.close(1000, 'closed by client'),
      onOpen: (fn) => ws.on('open', fn),
      onMessage: (fn) => ws.on('message', (data) => fn(data.toString())),
      onClose: (fn) => (closeFn = fn),
    };
  };
}
