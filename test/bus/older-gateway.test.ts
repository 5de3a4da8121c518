import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { NatsConnection } from 'nats';
import { beatEvery } from '../../src/bus/heartbeat.js';
import { connectNats } from '../../src/bus/nats-connect.js';
import { COMMAND_SUBJECT, GATEWAY_ALIVE_SUBJECT, GATEWAY_BEAT_MS, GONE_SUBJECT, SOCKETS_SUBJECT } from '../../src/bus/core-subjects.js';
import { natsInstalled } from '../../harness/lib/nats.mjs';
import { nats } from './support.js';
import type { Config } from '../../src/core/config/schema.js';
import { demoConfig } from '../helpers.js';
import { onCleanup, runCleanups, startTestServer } from '../server/support.js';

/**
 * A rolling upgrade puts gateways of an older version beside a new core: they
 * send no ticket with a login and settle no place, only their counts. The
 * core still holds the agent's bound over them, and refuses nobody for good.
 */
afterEach(runCleanups);

function centre(socketsPerAgent: number): Config {
  const demo = demoConfig();
  return { ...demo, security: { ...demo.security, socketsPerAgent } };
}

/** A gateway as the versions before reservations spoke: its heartbeat, logins without a ticket, its counts. */
async function olderGateway(bus: string) {
  const nc: NatsConnection = await connectNats(bus, 'switchboard-gateway');
  onCleanup(() => nc.close());
  const id = randomUUID();
  onCleanup(beatEvery(nc, GATEWAY_ALIVE_SUBJECT, id, GATEWAY_BEAT_MS));
  return {
    login: async (): Promise<string> => {
      const request = { frame: { v: 1, id: randomUUID(), cmd: 'session.login', args: { agent: '1001', pin: '1001' } }, origin: { principal: null, address: '127.0.0.1' }, maxReplayBytes: 65_536, gateway: id };
      const answer = (await nc.request(COMMAND_SUBJECT, JSON.stringify(request), { timeout: 5_000 })).json<{ response: { ok: boolean; error?: { code: string } } }>();
      return answer.response.ok ? 'in' : answer.response.error!.code;
    },
    counts: async (sockets: number) => {
      nc.publish(SOCKETS_SUBJECT, JSON.stringify({ agent: '1001', gateway: id, sockets }));
      if (sockets === 0) nc.publish(GONE_SUBJECT, JSON.stringify({ agent: '1001', gateway: id }));
      await nc.flush();
    },
  };
}

describe.skipIf(!natsInstalled)('gateways older than the reservations, beside a new core (needs nats-server)', () => {
  it('logins at the same moment through two of them let one in at a bound of one, and the next gets in once its socket is gone', async () => {
    const bus = await nats();
    await startTestServer({ bus: bus.url, config: centre(1) });
    const [one, two] = [await olderGateway(bus.url), await olderGateway(bus.url)];
    expect((await Promise.all([one.login(), two.login()])).sort()).toEqual(['TOO_MANY_SESSIONS', 'in']);
    // Whichever got in: both gateways say they hold none now.
    await one.counts(0);
    await two.counts(0);
    expect(await two.login()).toBe('in');
  });

  it("a login let in counts on top of the gateway's last word until its count comes: a second gateway's login is refused meanwhile", async () => {
    const bus = await nats();
    await startTestServer({ bus: bus.url, config: centre(2) });
    const [one, two] = [await olderGateway(bus.url), await olderGateway(bus.url)];
    expect(await one.login()).toBe('in');
    await one.counts(1);
    // The second socket on the first gateway: its count is on its way.
    expect(await one.login()).toBe('in');
    expect(await two.login()).toBe('TOO_MANY_SESSIONS');
    // Its count includes it: still two; one of them closing frees a place.
    await one.counts(2);
    expect(await two.login()).toBe('TOO_MANY_SESSIONS');
    await one.counts(1);
    expect(await two.login()).toBe('in');
  });
});
