import { afterEach, describe, expect, it } from 'vitest';
import { natsInstalled } from '../../harness/lib/nats.mjs';
import { nats } from './support.js';
import type { Config } from '../../src/core/config/schema.js';
import { demoConfig } from '../helpers.js';
import { until } from '../server/email-support.js';
import { buildOnce, startGateway } from '../server/serve-process.js';
import { RawClient, runCleanups, startTestServer } from '../server/support.js';
import { startRelay } from '../tcp-relay.js';

/**
 * A login the gateway gave up on (no core answered within its --core-wait)
 * takes no place in the agent's bound when the core answers it late: the
 * agent, told the centre is not answering, may log in again at once.
 */
afterEach(runCleanups);
buildOnce();

function centre(socketsPerAgent: number): Config {
  const demo = demoConfig();
  return { ...demo, security: { ...demo.security, socketsPerAgent } };
}

describe.skipIf(!natsInstalled)('a login its gateway gave up on (needs nats-server)', () => {
  it('with a bound of one, a login whose answer came after the gateway gave up does not refuse the retry that follows at once', async () => {
    const bus = await nats();
    // The core reaches NATS through a relay the test can stop: a core that hangs (kill -STOP) for longer than --core-wait.
    const link = await startRelay(bus.port);
    await startTestServer({ bus: `nats://127.0.0.1:${link.port}`, config: centre(1) });
    const gateway = await startGateway(bus.url, ['--core-wait', '1']);
    await until(() => gateway.output().includes('an agent may hold 1 logged-in connection'), "the gateway to learn the core's limits", 3_000);
    const panel = await RawClient.open(gateway.url);
    link.set('frozen');
    const first = await panel.request('session.login', { agent: '1001', pin: '1001' });
    expect((first as { error?: { code: string } }).error?.code).toBe('CORE_UNAVAILABLE');
    // The core comes back and runs the login nobody waits for any more; the agent tries again straight away.
    link.set('up');
    const retry = await panel.request('session.login', { agent: '1001', pin: '1001' });
    expect(retry).toMatchObject({ ok: true });
  }, 20_000);
});
