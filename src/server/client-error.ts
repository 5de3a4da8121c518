import { maxHeaderSize } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ServerLimits } from './limits.js';

interface Refusal {
  status: string;
  code: string;
  message: string;
}

/**
 * What a request refused by Node's HTTP parser is told (a malformed request
 * line or header, Content-Length with Transfer-Encoding, headers over the
 * size limit, a request that did not arrive in time): the same code and
 * sentence as every other answer, where Node's own answer is a bare status
 * line nobody can act on.
 */
export function refusalOf(code: string | undefined, limits: Pick<ServerLimits, 'headersTimeoutMs' | 'requestTimeoutMs'>): Refusal {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: '431 Request Header Fields Too Large', code: 'HEADERS_TOO_LARGE', message: `The request's address and headers together may be at most ${Math.floor(maxHeaderSize / 1024)} KB.` };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: '413 Payload Too Large', code: 'BAD_REQUEST', message: 'The chunk extensions of the body are too long.' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: '408 Request Timeout',
        code: 'REQUEST_TIMEOUT',
        message: `The request did not arrive in time: its headers must come within ${limits.headersTimeoutMs / 1000} s and all of it within ${limits.requestTimeoutMs / 1000} s.`,
      };
    default:
      return { status: '400 Bad Request', code: 'BAD_REQUEST', message: 'The request is not valid HTTP/1.1: a malformed request line or header, or a body framed twice (Content-Length and Transfer-Encoding).' };
  }
}

/**
 * Node's 'clientError': answer with the refusal, then hang up. Nothing is
 * written when the connection already has an answer on its way (a request
 * before this one, pipelined): bytes of ours in the middle of it would
 * corrupt it for the client, so it is only closed, as Node itself does.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex, limits: Pick<ServerLimits, 'headersTimeoutMs' | 'requestTimeoutMs'>): void {
  const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  if (error.code !== 'ECONNRESET' && socket.writable && !inFlight?.headersSent) {
    const refusal = refusalOf(error.code, limits);
    const body = JSON.stringify({ code: refusal.code, message: refusal.message });
    socket.write(
      `HTTP/1.1 ${refusal.status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/**
 * Node's 'connect': a CONNECT request asks a proxy for a tunnel, and Node,
 * with nobody listening for it, hangs up without a word (a client cannot
 * tell a refusal from a server that fell over). This server is no proxy: it
 * says so, with a code and a sentence as every other answer, then hangs up.
 */
export function refuseTunnel(socket: Duplex): void {
  const body = JSON.stringify({ code: 'METHOD_NOT_ALLOWED', message: 'This server is not a proxy: it opens no tunnel (CONNECT) to anywhere.' });
  socket.on('error', () => socket.destroy());
  // Closed outright once the answer is out: nobody reads this socket any more (as refuseUpgrade).
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD, POST\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
