import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { beatEvery } from '../../src/bus/heartbeat.js';
import { connectNats } from '../../src/bus/nats-connect.js';
import { COMMAND_SUBJECT, GATEWAY_ALIVE_SUBJECT, GATEWAY_BEAT_MS, GATEWAY_SILENT_MS, settleWithinMs, DEFAULT_CORE_WAIT_MS } from '../../src/bus/core-subjects.js';
import type { CommandRequest } from '../../src/bus/nats-core-service.js';
import { natsInstalled } from '../../harness/lib/nats.mjs';
import { nats } from './support.js';
import type { Config } from '../../src/core/config/schema.js';
import { demoConfig } from '../helpers.js';
import { until } from '../server/email-support.js';
import { buildOnce, startGateway, type Gateway } from '../server/serve-process.js';
import { agentUrlOf, onCleanup, RawClient, runCleanups, startTestServer } from '../server/support.js';

/**
 * An agent's bound on logged-in sockets (security.socketsPerAgent) holds for
 * the centre as a whole: over every gateway, logins arriving at the same
 * moment included, and over the core's own listener too.
 */
afterEach(runCleanups);
buildOnce();

function centre(socketsPerAgent: number): Config {
  const demo = demoConfig();
  return { ...demo, security: { ...demo.security, socketsPerAgent } };
}

async function gatewayTold(bus: string, max: number): Promise<Gateway> {
  const gateway = await startGateway(bus);
  await until(() => gateway.output().includes(`an agent may hold ${max} logged-in connection`), "the gateway to learn the core's limits", 3_000).catch(() => {});
  return gateway;
}

/** Open sockets on each URL, then send every login at once; how many were let in, and why the others were not. */
async function loginsAtOnce(urls: string[]): Promise<{ in: number; refused: string[]; admitted: RawClient[] }> {
  const clients = await Promise.all(urls.map((url) => RawClient.open(url)));
  const answers = await Promise.all(clients.map((c) => c.request('session.login', { agent: '1001', pin: '1001' })));
  const refused = answers.filter((a) => !a.ok).map((a) => (a as { error: { code: string } }).error.code);
  return { in: answers.length - refused.length, refused, admitted: clients.filter((_, i) => answers[i]!.ok) };
}

/** A login that succeeds within a few seconds (a gateway's count reaches the core a moment after a socket closes). */
async function loginSoon(url: string): Promise<boolean> {
  const client = await RawClient.open(url);
  for (let i = 0; i < 50; i++) {
    if ((await client.request('session.login', { agent: '1001', pin: '1001' })).ok) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe.skipIf(!natsInstalled)("an agent's sockets over the whole centre (needs nats-server)", () => {
  it('logins sent at the same moment through two gateways let in no more than the bound: 2 of 8', async () => {
    const bus = await nats();
    await startTestServer({ bus: bus.url, config: centre(2) });
    const [one, two] = [await gatewayTold(bus.url, 2), await gatewayTold(bus.url, 2)];
    const result = await loginsAtOnce([one.url, two.url, one.url, two.url, one.url, two.url, one.url, two.url]);
    expect(result.in).toBe(2);
    expect(result.refused).toEqual(Array(6).fill('TOO_MANY_SESSIONS'));
    // The places of the six refused are not kept: one socket closing lets exactly one more in.
    result.admitted[0]!.close();
    expect(await loginSoon(two.url)).toBe(true);
    expect((await loginsAtOnce([one.url, two.url])).in).toBe(0);
  });

  it("the core's own listener counts with the gateways: 2 there and 2 through a gateway are 2 too many", async () => {
    const bus = await nats();
    const core = await startTestServer({ bus: bus.url, config: centre(2) });
    const gateway = await gatewayTold(bus.url, 2);
    const own = agentUrlOf(core);
    const first = await loginsAtOnce([own, own]);
    expect(first.in).toBe(2);
    const second = await loginsAtOnce([gateway.url, gateway.url]);
    expect(second).toMatchObject({ in: 0, refused: ['TOO_MANY_SESSIONS', 'TOO_MANY_SESSIONS'] });
    // And the other way round: with one there and one through the gateway, the core's listener refuses a third, naming the centre.
    first.admitted[0]!.close();
    expect(await loginSoon(gateway.url)).toBe(true);
    const third = await (await RawClient.open(own)).request('session.login', { agent: '1001', pin: '1001' });
    expect((third as { error?: { message: string } }).error?.message).toBe(
      'Agent 1001 already has 2 connections open to this centre, over all its gateways (panels, windows, scripts); close one and try again.',
    );
  });

  it("a login whose gateway settles it after the gateway silence limit keeps its place until then: a second one through another gateway is refused", async () => {
    const bus = await nats();
    await startTestServer({ bus: bus.url, config: centre(1) });
    const other = await gatewayTold(bus.url, 1);
    // A gateway spoken by the test, beating as any does, whose socket's login answer waits behind a frame the socket
    // sent first (its core wait, up to --core-wait): its count comes long after the core answered.
    const nc = await connectNats(bus.url, 'switchboard-gateway');
    onCleanup(() => nc.close());
    const id = randomUUID();
    onCleanup(beatEvery(nc, GATEWAY_ALIVE_SUBJECT, id, GATEWAY_BEAT_MS));
    const login: CommandRequest = {
      frame: { v: 1, id: randomUUID(), cmd: 'session.login', args: { agent: '1001', pin: '1001' } },
      origin: { principal: null, address: '127.0.0.1' },
      maxReplayBytes: 65_536,
      gateway: id,
      ticket: randomUUID(),
      settleWithinMs: settleWithinMs(DEFAULT_CORE_WAIT_MS),
    };
    const answer = (await nc.request(COMMAND_SUBJECT, JSON.stringify(login), { timeout: 5_000 })).json<{ response: { ok: boolean } }>();
    expect(answer.response.ok).toBe(true);
    await new Promise((r) => setTimeout(r, GATEWAY_SILENT_MS + 2 * GATEWAY_BEAT_MS));
    const second = await (await RawClient.open(other.url)).request('session.login', { agent: '1001', pin: '1001' });
    expect((second as { error?: { code: string } }).error?.code).toBe('TOO_MANY_SESSIONS');
  }, 20_000);
});

