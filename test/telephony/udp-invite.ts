import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';

/**
 * INVITEs written by hand on one UDP socket, as fast as it sends them: a
 * flood from one address, which sipp's pacing and call model do not make
 * easy to count. Resolves with the first response other than 100 Trying to
 * each INVITE (its status and Retry-After), in the order they were sent.
 */
export async function floodInvites(ip: string, server: string, dialed: string, count: number): Promise<Array<{ status: number; retryAfter: string | null }>> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, ip, resolve));
  const port = socket.address().port;
  const [host, serverPort] = server.split(':') as [string, string];
  const answers = new Map<string, { status: number; retryAfter: string | null }>();
  const callIds = Array.from({ length: count }, () => randomBytes(8).toString('hex'));
  const body = ['v=0', `o=flood 1 1 IN IP4 ${ip}`, 's=-', `c=IN IP4 ${ip}`, 't=0 0', 'm=audio 40000 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', 'a=sendrecv', ''].join('\r\n');
  socket.on('message', (data) => {
    const text = data.toString();
    const status = Number(/^SIP\/2\.0 (\d{3})/.exec(text)?.[1]);
    const callId = /^Call-ID:\s*(\S+)/im.exec(text)?.[1];
    if (!status || status === 100 || !callId || answers.has(callId)) return;
    answers.set(callId, { status, retryAfter: /^Retry-After:\s*(\S+)/im.exec(text)?.[1] ?? null });
  });
  for (const callId of callIds) {
    const lines = [
      `INVITE sip:${dialed}@${host}:${serverPort} SIP/2.0`,
      `Via: SIP/2.0/UDP ${ip}:${port};rport;branch=z9hG4bK${randomBytes(6).toString('hex')}`,
      'Max-Forwards: 70',
      `From: <sip:+15550100@${ip}>;tag=${callId.slice(0, 8)}`,
      `To: <sip:${dialed}@${host}>`,
      `Call-ID: ${callId}`,
      'CSeq: 1 INVITE',
      `Contact: <sip:+15550100@${ip}:${port}>`,
      'Content-Type: application/sdp',
      `Content-Length: ${Buffer.byteLength(body)}`,
      '',
      body,
    ];
    socket.send(lines.join('\r\n'), Number(serverPort), host);
  }
  const deadline = Date.now() + 5000;
  while (answers.size < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  socket.close();
  return callIds.map((id) => answers.get(id) ?? { status: 0, retryAfter: null });
}
