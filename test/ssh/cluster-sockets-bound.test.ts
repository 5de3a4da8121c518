import { afterEach, describe, expect, it } from 'vitest';
import { natsInstalled, startNats } from '../../harness/lib/nats.mjs';
import type { Config } from '../../src/core/config/schema.js';
import { demoConfig } from '../helpers.js';
import { until } from '../server/email-support.js';
import { buildOnce, startGateway, type Gateway } from '../server/serve-process.js';
import { onCleanup, RawClient, runCleanups } from '../server/support.js';
import { logInAvailable, startCenter } from './support.js';

/**
 * serve --bus --ssh: the core's SSH panels come in through the core's own
 * listener, which counts as one more gateway of the centre, so they are held
 * to the agent's bound (security.socketsPerAgent) with the gateways' sockets.
 */
afterEach(runCleanups);
buildOnce();

function centre(socketsPerAgent: number): Config {
  const demo = demoConfig();
  return { ...demo, security: { ...demo.security, socketsPerAgent } };
}

async function clusterWithSsh(socketsPerAgent: number): Promise<{ center: Awaited<ReturnType<typeof startCenter>>; gateway: Gateway }> {
  const bus = await startNats();
  onCleanup(() => bus.stop());
  const center = await startCenter({ config: centre(socketsPerAgent), bus: bus.url });
  onCleanup(() => center.close());
  const gateway = await startGateway(bus.url);
  await until(() => gateway.output().includes(`an agent may hold ${socketsPerAgent} logged-in connection`), "the gateway to learn the core's limits", 3_000).catch(() => {});
  return { center, gateway };
}

const login = (url: string) => RawClient.open(url).then((c) => c.request('session.login', { agent: '1001', pin: '1001' }));

describe.skipIf(!natsInstalled)("an agent's SSH panels on a cluster's core count with the gateways' sockets (needs nats-server)", () => {
  it('with one connection allowed, an SSH panel logged in leaves none for a login through a gateway', async () => {
    const { center, gateway } = await clusterWithSsh(1);
    await logInAvailable(await center.terminal({ username: '1001', pin: '1001' }), 'Ava Turner');
    expect((await login(gateway.url)) as unknown).toMatchObject({ ok: false, error: { code: 'TOO_MANY_SESSIONS' } });
  }, 30_000);

  it('with one connection allowed, a login through a gateway leaves none for an SSH panel, which says so, naming the centre, instead of the panel', async () => {
    const { center, gateway } = await clusterWithSsh(1);
    expect((await login(gateway.url)).ok).toBe(true);
    const t = await center.terminal({ username: '1001', pin: '1001', env: { NO_COLOR: '1' } });
    const screen = (await t.waitForText('close one and try again')).replace(/\s+/g, ' ');
    expect(screen).toContain('Agent 1001 already has 1 connection open to this centre, over all its gateways (panels, windows, scripts); close one and try again.');
  }, 30_000);
});
