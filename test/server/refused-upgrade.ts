import { connect } from 'node:net';

/** A WebSocket upgrade the server refused, as it came back: status, headers by lower-case name, body. */
export interface RefusedUpgrade {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Ask for a WebSocket at `path` over a raw socket (no client library reads
 * the answer first) and read what comes back until the server hangs up.
 */
export function askUpgrade(port: number, path: string, extraHeaders: Record<string, string> = {}): Promise<RefusedUpgrade> {
  const headers = {
    Host: 'x',
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    ...extraHeaders,
  };
  const request = `GET ${path} HTTP/1.1\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let got = '';
    socket.on('data', (d) => (got += d.toString()));
    socket.on('close', () => {
      const [head = '', body = ''] = got.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const fields = lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]);
      resolve({ status: Number(statusLine.split(' ')[1]), headers: Object.fromEntries(fields), body });
    });
    socket.on('error', reject);
  });
}

/** The refusal's JSON, after checking it is declared JSON. */
export function refusalOf(answer: RefusedUpgrade): { code: string; message: string } {
  if (!answer.headers['content-type']?.startsWith('application/json')) throw new Error(`not JSON: ${answer.headers['content-type']} ${answer.body}`);
  return JSON.parse(answer.body) as { code: string; message: string };
}
