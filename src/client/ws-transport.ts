import WebSocket from 'ws';
import type { Transport, TransportFactory } from '../core/protocol/transport.js';

/** Accepts ws://host:port or ws://host:port/agent and returns the agent endpoint. */
export function agentUrl(url: string): string {
  const u = new URL(url);
  if (u.pathname === '/' || u.pathname === '') u.pathname = '/agent';
  return u.toString();
}

/** A WebSocket connection to a switchboard server. */
export function wsTransport(url: string): TransportFactory {
  const target = agentUrl(url);
  return (): Transport => {
    const ws = new WebSocket(target, { perMessageDeflate: false });
    let closeFn: (code: number, reason: string) => void = () => {};
    let reported = false;
    const reportClose = (code: number, reason: string) => {
      if (reported) return;
      reported = true;
      closeFn(code, reason);
    };
    ws.on('error', (e) => reportClose(1006, e.message));
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
