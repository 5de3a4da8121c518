import { afterEach, describe, expect, it } from 'vitest';
import { agentUrlOf, ok, RawClient, runCleanups, startTestServer } from './support.js';
import { KeptConnection } from './kept-connection.js';
import { demoConfig } from '../helpers.js';

/**
 * HTTP connections one address holds at once are bounded: time alone bounded
 * them, and a request now and then kept thousands from one address open.
 */
afterEach(runCleanups);

describe('HTTP connections per address', () => {
  it('keeps as many connections of one address as the limit, answers the next 429 and closes it, and takes one again once one closes', async () => {
    const server = await startTestServer({ limits: { httpConnectionsPerAddress: 3 } });
    const port = server.http!.port;
    const held = await Promise.all([0, 1, 2].map(() => KeptConnection.open(port)));
    for (const answer of await Promise.all(held.map((c) => c.ask()))) expect(answer).toMatch(/^HTTP\/1\.1 200/);

    const refused = await KeptConnection.open(port);
    const answer = await refused.ask();
    expect(answer).toMatch(/^HTTP\/1\.1 429 Too Many Requests/);
    expect(answer).toContain('"code":"TOO_MANY_CONNECTIONS"');
    expect(answer).toContain('Your address already holds 3 connections to this server; close some and try again.');
    await new Promise((r) => setTimeout(r, 50));
    expect(refused.closed).toBe(true);

    // The ones it held go on answering.
    expect(await held[0]!.ask()).toMatch(/^HTTP\/1\.1 200/);
    held.pop()!.close();
    let again = '';
    for (let tries = 0; !again.startsWith('HTTP/1.1 200') && tries < 50; tries++) {
      if (tries > 0) await new Promise((r) => setTimeout(r, 20));
      again = await (await KeptConnection.open(port)).ask();
    }
    expect(again).toMatch(/^HTTP\/1\.1 200/);
  });

  it('refuses a WebSocket upgrade on a refused connection, and does not count WebSockets once open', async () => {
    const server = await startTestServer({ limits: { httpConnectionsPerAddress: 2 } });
    const port = server.http!.port;
    // Five panels at once from the one address: their sockets are bounded by the WebSocket limits, not this one.
    const panels = await Promise.all([0, 1, 2, 3, 4].map(() => RawClient.open(agentUrlOf(server))));
    for (const panel of panels) expect(ok<{ pong: boolean }>(await panel.request('sys.ping')).pong).toBe(true);
    const held = [await KeptConnection.open(port), await KeptConnection.open(port)];
    for (const c of held) expect(await c.ask()).toMatch(/^HTTP\/1\.1 200/);
    const upgrade = await (await KeptConnection.open(port)).ask(
      'GET /agent HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    expect(upgrade).toMatch(/^HTTP\/1\.1 429/);
    expect(upgrade).not.toContain('101 Switching Protocols');
  });

  it('does not count a trusted proxy, which carries many clients on its one address', async () => {
    const server = await startTestServer({ trustedProxies: ['127.0.0.1'], limits: { httpConnectionsPerAddress: 2 } });
    const port = server.http!.port;
    const connections = await Promise.all([0, 1, 2, 3, 4].map(() => KeptConnection.open(port)));
    for (const answer of await Promise.all(connections.map((c) => c.ask()))) expect(answer).toMatch(/^HTTP\/1\.1 200/);
  });

  it("takes the bound from the configuration's security.httpConnectionsPerAddress", async () => {
    const demo = demoConfig();
    const server = await startTestServer({ config: { ...demo, security: { ...demo.security, httpConnectionsPerAddress: 1 } } });
    const port = server.http!.port;
    expect(await (await KeptConnection.open(port)).ask()).toMatch(/^HTTP\/1\.1 200/);
    const answer = await (await KeptConnection.open(port)).ask();
    expect(answer).toMatch(/^HTTP\/1\.1 429/);
    expect(answer).toContain('Your address already holds 1 connection to this server; close some and try again.');
  });
});
