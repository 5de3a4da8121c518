import { afterEach, describe, expect, it } from 'vitest';
import { natsInstalled } from '../../harness/lib/nats.mjs';
import { nats } from './support.js';
import type { Config } from '../../src/core/config/schema.js';
import { demoConfig } from '../helpers.js';
import { until } from '../server/email-support.js';
import { KeptConnection } from '../server/kept-connection.js';
import { buildOnce, startGateway, type Gateway } from '../server/serve-process.js';
import { err, loginAgent, ok, RawClient, runCleanups, startTestServer } from '../server/support.js';

/**
 * A cluster's gateways hold agents and addresses to the bounds in the
 * centre's configuration (security.socketsPerAgent and
 * httpConnectionsPerAddress), which they learn from the active core over
 * NATS, and an agent's bound holds over all gateways together.
 */
afterEach(runCleanups);
buildOnce();

function centre(socketsPerAgent: number, httpConnectionsPerAddress: number): Config {
  const demo = demoConfig();
  return { ...demo, security: { ...demo.security, socketsPerAgent, httpConnectionsPerAddress } };
}

/**
 * A gateway, given a moment to hear the active core's limits (it asks each
 * core it hears of and logs what it learnt). Not learning them in time is
 * not the failure: what the panels and connections meet next is.
 */
async function gatewayTold(bus: string, http: number): Promise<Gateway> {
  const gateway = await startGateway(bus);
  await until(() => gateway.output().includes(`an address may hold ${http} HTTP connection`), "the gateway to learn the core's limits", 3_000).catch(() => {});
  return gateway;
}

const TWO_HELD = { code: 'TOO_MANY_SESSIONS', message: 'Agent 1001 already has 2 connections open to this centre, over all its gateways (panels, windows, scripts); close one and try again.' };

describe.skipIf(!natsInstalled)("a gateway's connection limits come from the centre's configuration (needs nats-server)", () => {
  it('refuses the agent past security.socketsPerAgent and the address past httpConnectionsPerAddress, not at the defaults', async () => {
    const bus = await nats();
    const core = await startTestServer({ bus: bus.url, config: centre(2, 3) });
    const gateway = await gatewayTold(bus.url, 3);
    const ava = await loginAgent(gateway.url, '1001');
    ok(await (await RawClient.open(gateway.url)).request('session.resume', { token: ava.token, lastSeq: 0 }));
    const tokens = () => [...core.engine.state.all('token')].length;
    const before = tokens();
    expect(err(await (await RawClient.open(gateway.url)).request('session.login', { agent: '1001', pin: '1001' }))).toEqual(TWO_HELD);
    // Refused by the core before it issued a token that no socket would hold.
    expect(tokens()).toBe(before);
    expect(err(await (await RawClient.open(gateway.url)).request('session.resume', { token: ava.token, lastSeq: 0 }))).toEqual(TWO_HELD);
    // Another agent is not held to Ava's count.
    await loginAgent(gateway.url, '1002');
    const port = Number(new URL(gateway.url).port);
    const held = await Promise.all(Array.from({ length: 3 }, () => KeptConnection.open(port)));
    for (const answer of await Promise.all(held.map((c) => c.ask()))) expect(answer).toMatch(/^HTTP\/1\.1 200/);
    const refused = await (await KeptConnection.open(port)).ask();
    expect(refused).toMatch(/^HTTP\/1\.1 429 Too Many Requests/);
    expect(refused).toContain('Your address already holds 3 connections to this server');
  });

  it("follows a new core's configuration: a core restarted with a higher bound lets one more socket in", async () => {
    const bus = await nats();
    const first = await startTestServer({ bus: bus.url, config: centre(1, 5) });
    const gateway = await gatewayTold(bus.url, 5);
    const ava = await loginAgent(gateway.url, '1001');
    const waiting = await RawClient.open(gateway.url);
    expect(err(await waiting.request('session.resume', { token: ava.token, lastSeq: 0 })).code).toBe('TOO_MANY_SESSIONS');
    // Read at a core's start only (SIGHUP refuses a change to security): a restart brings the new bound.
    await first.close();
    await startTestServer({ bus: bus.url, config: centre(2, 6), dataDir: first.dataDir });
    await until(() => gateway.output().includes('an address may hold 6 HTTP connections'), "the gateway to learn the new core's limits", 3_000).catch(() => {});
    ok(await waiting.request('session.resume', { token: ava.token, lastSeq: 0 }));
  });
});

describe.skipIf(!natsInstalled)("an agent's sockets over several gateways (needs nats-server)", () => {
  it('counts them for the centre: the bound is reached over two gateways, and a socket closing on one lets a login in on the other', async () => {
    const bus = await nats();
    const core = await startTestServer({ bus: bus.url, config: centre(2, 200) });
    const [one, two] = [await gatewayTold(bus.url, 200), await gatewayTold(bus.url, 200)];
    const onOne = await loginAgent(one.url, '1001');
    await loginAgent(two.url, '1001');
    const tokens = () => [...core.engine.state.all('token')].length;
    const before = tokens();
    // Each gateway holds one of her sockets: only the core, adding them up, knows she is at her bound.
    expect(err(await (await RawClient.open(one.url)).request('session.login', { agent: '1001', pin: '1001' }))).toEqual(TWO_HELD);
    expect(tokens()).toBe(before);
    const onTwo = await RawClient.open(two.url);
    const expiries = () => [...core.engine.state.all('token')].map((t) => t.expiresAt);
    const issued = expiries();
    await new Promise((r) => setTimeout(r, 5));
    expect(err(await onTwo.request('session.resume', { token: onOne.token, lastSeq: 0 }))).toEqual(TWO_HELD);
    // Refused before it was slid on: the token the resume named keeps its expiry.
    expect(expiries()).toEqual(issued);
    // A wrong PIN is still a wrong PIN, at the bound or not.
    expect(err(await onTwo.request('session.login', { agent: '1001', pin: '9999' })).code).toBe('LOGIN_FAILED');
    onOne.client.close();
    // The first gateway's word that it holds none of hers reaches the core a moment after the socket closes.
    let answer = await onTwo.request('session.login', { agent: '1001', pin: '1001' });
    for (let i = 0; !answer.ok && i < 50; i++) {
      expect(err(answer)).toEqual(TWO_HELD);
      await new Promise((r) => setTimeout(r, 100));
      answer = await onTwo.request('session.login', { agent: '1001', pin: '1001' });
    }
    ok(answer);
  });
});
