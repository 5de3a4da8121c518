import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { buildOnce, spawnServe } from '../server/serve-process.js';
import { freePort, onCleanup, runCleanups, tempDir } from '../server/support.js';

/**
 * README's `serve --sip 127.0.0.1:9022 --sip-trunk 192.0.2.5:5060`, where no
 * drachtio server listens: serve starts (calls in progress would survive a
 * drachtio restart the same way) and says in its log, with a code, that it
 * cannot reach it, that no calls come meanwhile, and that it tries again.
 * The line had no code.
 */
afterEach(runCleanups);
buildOnce();

describe('serve --sip without a drachtio server', () => {
  it('listens, and says DRACHTIO_UNREACHABLE with the address and that no calls come until it is reached', async () => {
    const drachtio = await freePort(); // nobody listens there
    const before = process.env.SWITCHBOARD_DRACHTIO_SECRET;
    process.env.SWITCHBOARD_DRACHTIO_SECRET = 'cymru';
    onCleanup(() => (before === undefined ? delete process.env.SWITCHBOARD_DRACHTIO_SECRET : (process.env.SWITCHBOARD_DRACHTIO_SECRET = before)));
    const serving = await spawnServe(tempDir(), 'config/demo.yaml', ['--sip', `127.0.0.1:${drachtio}`, '--sip-trunk', '192.0.2.5:5060']);
    // Not `ready`: /healthz answers 503 while telephony is down, as it should.
    await expect.poll(() => serving.output(), { timeout: 15_000 }).toContain('switchboard listening on');
    expect((await fetch(`http://127.0.0.1:${serving.port}/healthz`)).status).toBe(503);
    expect(serving.output()).toContain(`telephony: SIP through the drachtio server at 127.0.0.1:${drachtio}, outbound calls and transfers to 192.0.2.5:5060`);
    await expect.poll(() => serving.output(), { timeout: 10_000 }).toMatch(
      new RegExp(`sip: DRACHTIO_UNREACHABLE: cannot reach the drachtio server at 127\\.0\\.0\\.1:${drachtio} \\(connect ECONNREFUSED [^)]*\\): no calls until it is; trying again in [\\d.]+ s`),
    );
    expect(await serving.stop()).toBe(0);
  });

  it('says DRACHTIO_REFUSED, not DRACHTIO_UNREACHABLE, when the drachtio server is there and turns the secret down', async () => {
    const drachtio = await refusingDrachtio();
    const before = process.env.SWITCHBOARD_DRACHTIO_SECRET;
    process.env.SWITCHBOARD_DRACHTIO_SECRET = 'not-its-secret';
    onCleanup(() => (before === undefined ? delete process.env.SWITCHBOARD_DRACHTIO_SECRET : (process.env.SWITCHBOARD_DRACHTIO_SECRET = before)));
    const serving = await spawnServe(tempDir(), 'config/demo.yaml', ['--sip', `127.0.0.1:${drachtio.port}`]);
    await expect.poll(() => serving.output(), { timeout: 15_000 }).toContain('switchboard listening on');
    await expect.poll(() => serving.output(), { timeout: 10_000 }).toMatch(
      new RegExp(
        `sip: DRACHTIO_REFUSED: the drachtio server at 127\\.0\\.0\\.1:${drachtio.port} turned down our secret \\([^)]*\\): set SWITCHBOARD_DRACHTIO_SECRET to its admin secret and restart serve; no calls until then; trying again in [\\d.]+ s`,
      ),
    );
    expect(drachtio.secretsOffered()).toContain('not-its-secret');
    expect(serving.output()).not.toContain('DRACHTIO_UNREACHABLE');
    expect((await fetch(`http://127.0.0.1:${serving.port}/healthz`)).status).toBe(503);
    expect(await serving.stop()).toBe(0);
  });
});

/**
 * As much of drachtio's admin protocol as a refusal takes: messages are `LENGTH#ID|verb|...`; the
 * client's first is `ID|authenticate|SECRET|tags`, answered `ID|response|ITS_ID|FAIL`, then the socket closes
 * (as drachtio-server does with a wrong secret).
 */
async function refusingDrachtio(): Promise<{ port: number; secretsOffered: () => string[] }> {
  const offered: string[] = [];
  const server = net.createServer((socket) => {
    let pending = '';
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const hash = pending.indexOf('#');
      if (hash < 0) return;
      const length = Number(pending.slice(0, hash));
      if (pending.length < hash + 1 + length) return;
      const [id, verb, secret] = pending.slice(hash + 1, hash + 1 + length).split('|');
      if (verb !== 'authenticate') return socket.destroy();
      offered.push(secret ?? '');
      const answer = `refusal-${offered.length}|response|${id}|FAIL`;
      socket.end(`${Buffer.byteLength(answer)}#${answer}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onCleanup(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.address() as net.AddressInfo).port, secretsOffered: () => [...offered] };
}
