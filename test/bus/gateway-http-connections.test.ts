import { afterEach, describe, expect, it } from 'vitest';
import { natsInstalled, startNats } from '../../harness/lib/nats.mjs';
import { DEFAULT_LIMITS } from '../../src/server/limits.js';
import { KeptConnection } from '../server/kept-connection.js';
import { buildOnce, startGateway } from '../server/serve-process.js';
import { onCleanup, runCleanups } from '../server/support.js';

/**
 * A gateway is a front of the centre too (the chat page, webhooks and files
 * go through it): one address holds only so many HTTP connections to it.
 */
afterEach(runCleanups);
buildOnce();

describe.skipIf(!natsInstalled)('HTTP connections per address on a gateway (needs nats-server)', () => {
  it(`keeps ${DEFAULT_LIMITS.httpConnectionsPerAddress} connections of one address and answers the next 429`, async () => {
    const bus = await startNats();
    onCleanup(() => bus.stop());
    const gateway = await startGateway(bus.url);
    const port = Number(new URL(gateway.url).port);
    const held = await Promise.all(Array.from({ length: DEFAULT_LIMITS.httpConnectionsPerAddress }, () => KeptConnection.open(port)));
    // Its own /healthz, answered without a core.
    for (const answer of await Promise.all(held.map((c) => c.ask()))) expect(answer).toMatch(/^HTTP\/1\.1 \d{3}/);
    const refused = await (await KeptConnection.open(port)).ask();
    expect(refused).toMatch(/^HTTP\/1\.1 429 Too Many Requests/);
    expect(refused).toContain('"code":"TOO_MANY_CONNECTIONS"');
  });
});
