import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { natsInstalled, startNats } from '../../harness/lib/nats.mjs';
import { buildOnce, startGateway } from '../server/serve-process.js';
import { onCleanup, runCleanups } from '../server/support.js';

/**
 * A gateway is a front of the centre (the chat page, webhooks and files go
 * through it): what its HTTP parser refuses, and a CONNECT, are answered with
 * a code and a sentence as the core's own listener answers them.
 */
afterEach(runCleanups);
buildOnce();

/** Send bytes as they are and read all that comes back until the gateway hangs up. */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let got = '';
    socket.on('data', (d) => (got += d.toString()));
    socket.on('close', () => resolve(got));
    socket.on('error', reject);
  });
}

const bodyOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { code: string; message: string };

describe.skipIf(!natsInstalled)('hostile requests to a gateway (needs nats-server)', () => {
  it('answers a request its parser refuses, and CONNECT, with a code and a sentence, and goes on', async () => {
    const bus = await startNats();
    onCleanup(() => bus.stop());
    const gateway = await startGateway(bus.url);
    const port = Number(new URL(gateway.url).port);
    // Before, the gateway answered these with a bare "400 Bad Request" line, and CONNECT with nothing at all.
    const smuggled = await rawRequest(port, 'POST /hooks/sms HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n');
    expect(smuggled).toMatch(/^HTTP\/1\.1 400 /);
    expect(bodyOf(smuggled)).toMatchObject({ code: 'BAD_REQUEST' });
    const garbage = await rawRequest(port, 'hello\r\n\r\n');
    expect(bodyOf(garbage).message).toMatch(/not valid HTTP\/1\.1/);
    const tunnel = await rawRequest(port, 'CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n');
    expect(tunnel).toMatch(/^HTTP\/1\.1 405 /);
    expect(bodyOf(tunnel)).toEqual({ code: 'METHOD_NOT_ALLOWED', message: 'This server is not a proxy: it opens no tunnel (CONNECT) to anywhere.' });
    expect(await rawRequest(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 \d{3} /);
  });
});
