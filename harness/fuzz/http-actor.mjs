// Generated HTTP requests (arb-http.mjs) written raw on a fresh TCP connection
// each, and the status line of the answer read back. Also one-shot sockets
// for the WebSocket frames after which the server must hang up (oversize, bad
// UTF-8): their answer is the close code.
import { connect } from 'node:net';
import WebSocket from 'ws';
import { hookRequest } from './arb-hooks.mjs';

/** The request's bytes, with its Refs resolved; `expectAnswer` is false when the client itself leaves mid-body. */
export function rawRequest(spec, world, port) {
  if (spec.form === 'hook') return hookRequest(spec, port);
  const path = spec.path.map((p) => world.resolve(p)).join('');
  const headers = [['Host', '127.0.0.1'], ['Connection', 'close']];
  for (const [name, parts] of spec.auth) headers.push([name, parts.map((p) => world.resolve(p)).join('')]);
  headers.push(...spec.headers);
  if (spec.upgrade) headers.push(...spec.upgrade);
  const body = Buffer.from(spec.body);
  let payload = body;
  if (spec.framing === 'chunked') {
    headers.push(['Transfer-Encoding', 'chunked']);
    payload = Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]);
  } else if (spec.framing === 'hugeDeclared') {
    headers.push(['Content-Length', String(25 * 1024 * 1024)]);
    payload = Buffer.alloc(0);
  } else if (spec.framing === 'shortBody') {
    headers.push(['Content-Length', String(body.length + 1000)]);
  } else if (body.length > 0 || spec.method === 'POST') {
    headers.push(['Content-Length', String(body.length)]);
  }
  const head = `${spec.method} ${path} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;
  const bytes = Buffer.concat([Buffer.from(head, 'utf8'), payload]);
  return { bytes, head, path, expectAnswer: spec.framing !== 'shortBody' };
}

/** Send a raw request; resolves { status } (null when no answer came within deadlineMs) and never rejects. */
export function sendRaw(port, bytes, deadlineMs, halfClose) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let got = '';
    let settled = false;
    const finish = (status) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ status });
    };
    const timer = setTimeout(() => finish(null), deadlineMs);
    socket.on('connect', () => {
      socket.write(bytes);
      if (halfClose) socket.end();
    });
    socket.on('data', (chunk) => {
      got += chunk.toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(got);
      if (m) finish(Number(m[1]));
      else if (got.length > 64 || got.includes('\r\n')) finish(-1);
    });
    socket.on('error', () => finish(null));
    socket.on('close', () => finish(null));
  });
}

/** Open a socket on path, send one frame after which the server must hang up; resolves the close code (null: none in time). */
export function expectHangUp(url, data, deadlineMs, headers = {}) {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, headers });
    let settled = false;
    const finish = (code) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ws.terminate();
      resolve(code);
    };
    const timer = setTimeout(() => finish(null), deadlineMs);
    ws.on('open', () => ws.send(data, { binary: false }));
    ws.on('close', (code) => finish(code));
    ws.on('error', () => {});
  });
}

/** A line a person can paste to send the same request (bash $'...' quoting keeps the bytes). */
export function reproduceLine(bytes, port) {
  const quoted = [...bytes.subarray(0, 600)].map((b) => (b >= 0x20 && b < 0x7f && b !== 0x27 && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
  return `printf '%s' $'${quoted}'${bytes.length > 600 ? ' (first 600 bytes)' : ''} | nc 127.0.0.1 ${port}`;
}
