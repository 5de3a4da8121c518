import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { expectedResponse } from '../../src/telephony/sip/digest.js';

/**
 * A deskphone's REGISTERs written by hand on a UDP socket, for what sipp
 * cannot do: send an Authorization header again exactly as it was (sipp
 * counts nc up each time), as someone who captured it would.
 */
export interface RawPhone {
  /** REGISTER with this Authorization (or none); resolves with the final response's status and headers. */
  register(authorization: string | null): Promise<{ status: number; headers: Record<string, string> }>;
  /** The Authorization for a 401's challenge, nc=00000001, for `digestUri` (the REGISTER's Request-URI unless given). */
  authorize(challenge: string, username: string, password: string, digestUri?: string): string;
  close(): void;
}

export async function rawPhone(ip: string, server: string, user: string): Promise<RawPhone> {
  const socket: Socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, ip, resolve));
  const port = socket.address().port;
  const [host, serverPort] = server.split(':') as [string, string];
  const callId = randomBytes(8).toString('hex');
  let cseq = 0;
  const uri = `sip:${host}:${serverPort}`;
  return {
    register(authorization) {
      const lines = [
        `REGISTER ${uri} SIP/2.0`,
        `Via: SIP/2.0/UDP ${ip}:${port};rport;branch=z9hG4bK${randomBytes(6).toString('hex')}`,
        'Max-Forwards: 70',
        `From: <sip:${user}@${host}>;tag=${callId.slice(0, 8)}`,
        `To: <sip:${user}@${host}>`,
        `Call-ID: ${callId}`,
        `CSeq: ${++cseq} REGISTER`,
        `Contact: <sip:${user}@${ip}:${port}>`,
        'Expires: 300',
        ...(authorization ? [`Authorization: ${authorization}`] : []),
        'Content-Length: 0',
        '',
        '',
      ];
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          socket.off('message', onMessage);
          reject(new Error(`no final response to REGISTER (CSeq ${cseq}) within 5 s`));
        }, 5000);
        const onMessage = (data: Buffer) => {
          const [statusLine, ...rest] = data.toString().split('\r\n');
          const status = Number(/^SIP\/2\.0 (\d{3})/.exec(statusLine ?? '')?.[1]);
          if (!status || status < 200) return;
          clearTimeout(timer);
          socket.off('message', onMessage);
          const headers: Record<string, string> = {};
          for (const line of rest) {
            const colon = line.indexOf(':');
            if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
          }
          resolve({ status, headers });
        };
        socket.on('message', onMessage);
        socket.send(lines.join('\r\n'), Number(serverPort), host);
      });
    },
    authorize(challenge, username, password, digestUri = uri) {
      const realm = /realm="([^"]+)"/.exec(challenge)![1]!;
      const nonce = /nonce="([^"]+)"/.exec(challenge)![1]!;
      const creds = { username, realm, nonce, uri: digestUri, qop: 'auth', nc: '00000001', cnonce: randomBytes(4).toString('hex') };
      const response = expectedResponse('REGISTER', creds, password);
      return `Digest username="${username}", realm="${realm}", nonce="${nonce}", uri="${digestUri}", response="${response}", algorithm=MD5, qop=auth, nc=${creds.nc}, cnonce="${creds.cnonce}"`;
    },
    close: () => socket.close(),
  };
}
