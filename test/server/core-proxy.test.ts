import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CoreProxy } from '../../src/server/core-proxy.js';
import { onCleanup, runCleanups } from './support.js';
import { askUpgrade, refusalOf } from './refused-upgrade.js';

afterEach(runCleanups);

/**
 * A gateway relays what it does not serve to the active core's listener
 * (src/server/core-proxy.ts): to that core only, whatever the request's
 * target names, over real HTTP on 127.0.0.1.
 */
async function listening(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onCleanup(() => new Promise((resolve) => server.close(resolve)));
  return (server.address() as AddressInfo).port;
}

/** A server that answers with the path it was asked for, and keeps it. */
async function recorder() {
  const asked: string[] = [];
  const port = await listening(
    createServer((req, res) => {
      asked.push(req.url ?? '');
      res.end(`got ${req.url}`);
    }),
  );
  return { asked, port };
}

function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let got = '';
    socket.on('data', (d) => (got += d.toString()));
    socket.on('close', () => resolve(got));
    socket.on('error', reject);
  });
}

describe('the gateway relaying to the core', () => {
  it('sends every request to the core, whichever host its target names, and survives targets a URL parser throws on', async () => {
    const core = await recorder();
    const elsewhere = await recorder();
    const proxy = new CoreProxy(async () => `http://127.0.0.1:${core.port}`, () => {});
    const gateway = await listening(createServer((req, res) => proxy.request(req, res, '127.0.0.1')));
    const send = (target: string) => rawRequest(gateway, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expect(await send(`http://127.0.0.1:${elsewhere.port}/secret?a=1`)).toMatch(/^HTTP\/1\.1 200 [^]*got \/secret\?a=1$/);
    expect(await send(`//127.0.0.1:${elsewhere.port}/secret`)).toMatch(/^HTTP\/1\.1 200 [^]*got \/\/127\.0\.0\.1:\d+\/secret$/);
    expect(await send('//[')).toMatch(/^HTTP\/1\.1 200 [^]*got \/\/\[$/);
    expect(elsewhere.asked).toEqual([]);
    expect(core.asked).toEqual(['/secret?a=1', `//127.0.0.1:${elsewhere.port}/secret`, '//[']);
  });

  it("tells a visitor's socket that finds no core why, in JSON with a code and a sentence, as a request is told", async () => {
    const proxy = new CoreProxy(async () => null, () => {});
    const gateway = createServer((_req, res) => res.end());
    gateway.on('upgrade', (req, socket, head) => proxy.upgrade(req, socket, head, '127.0.0.1'));
    const port = await listening(gateway);
    const answer = await askUpgrade(port, '/visitor');
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('1');
    expect(refusalOf(answer)).toEqual({ code: 'CORE_UNAVAILABLE', message: 'The centre is not answering (its core is down and no standby has taken over); try again in a moment.' });
  });
});
