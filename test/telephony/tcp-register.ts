import { randomBytes } from 'node:crypto';
import { createConnection, type Socket } from 'node:net';
import { expectedResponse } from '../../src/telephony/sip/digest.js';

/**
 * A deskphone's REGISTER over TCP, written by hand (the suite's sipp phones
 * speak UDP on fixed ports): 401, then the digest answer, on one connection.
 * The drachtio server remembers the connection a phone registered over and
 * sends later requests for that user@host on it, which is what a test of a
 * phone that lost its connection needs.
 */
export interface TcpRegistration {
  /** The final response's status to the authenticated REGISTER. */
  status: number;
  /** Drop the connection, as a phone that rebooted or lost its network does. */
  drop(): void;
}

export async function registerOverTcp(server: string, user: string, password: string, opts: { contact: (localPort: number) => string; expires: number }): Promise<TcpRegistration> {
  const [host, port] = server.split(':') as [string, string];
  const socket: Socket = createConnection({ host, port: Number(port) });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const local = `${socket.localAddress}:${socket.localPort}`;
  const uri = `sip:${host}:${port}`;
  const callId = randomBytes(8).toString('hex');
  let buffered = '';
  const responses: string[] = [];
  socket.on('data', (data) => {
    buffered += data.toString();
    for (let end = buffered.indexOf('\r\n\r\n'); end >= 0; end = buffered.indexOf('\r\n\r\n')) {
      responses.push(buffered.slice(0, end));
      buffered = buffered.slice(end + 4); // REGISTER responses carry no body
    }
  });
  const next = async (): Promise<string> => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const final = responses.findIndex((r) => !/^SIP\/2\.0 1\d\d/.test(r));
      if (final >= 0) return responses.splice(0, final + 1).at(-1)!;
      if (Date.now() > deadline) throw new Error('no final response to a REGISTER over TCP within 5 s');
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const send = (cseq: number, authorization: string | null) =>
    socket.write(
      [
        `REGISTER ${uri} SIP/2.0`,
        `Via: SIP/2.0/TCP ${local};branch=z9hG4bK${randomBytes(6).toString('hex')}`,
        'Max-Forwards: 70',
        `From: <sip:${user}@${host}>;tag=${callId.slice(0, 8)}`,
        `To: <sip:${user}@${host}>`,
        `Call-ID: ${callId}`,
        `CSeq: ${cseq} REGISTER`,
        `Contact: ${opts.contact(socket.localPort!)}`,
        `Expires: ${opts.expires}`,
        ...(authorization ? [`Authorization: ${authorization}`] : []),
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
  send(1, null);
  const challenge = /^WWW-Authenticate:\s*(.+)$/im.exec(await next())?.[1];
  if (!challenge) throw new Error('the REGISTER over TCP was not challenged');
  const realm = /realm="([^"]+)"/.exec(challenge)![1]!;
  const nonce = /nonce="([^"]+)"/.exec(challenge)![1]!;
  const creds = { username: user, realm, nonce, uri, qop: 'auth', nc: '00000001', cnonce: randomBytes(4).toString('hex') };
  const response = expectedResponse('REGISTER', creds, password);
  send(
    2,
    `Digest username="${user}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}", algorithm=MD5, qop=auth, nc=${creds.nc}, cnonce="${creds.cnonce}"`,
  );
  const status = Number(/^SIP\/2\.0 (\d{3})/.exec(await next())?.[1]);
  return { status, drop: () => socket.destroy() };
}
