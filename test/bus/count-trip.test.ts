import { afterEach, describe, expect, it } from 'vitest';
import { connectNats } from '../../src/bus/nats-connect.js';
import { COUNT_TRIP_MS } from '../../src/bus/core-subjects.js';
import { natsInstalled } from '../../harness/lib/nats.mjs';
import { nats } from './support.js';
import type { Config } from '../../src/core/config/schema.js';
import { demoConfig } from '../helpers.js';
import { until } from '../server/email-support.js';
import { buildOnce, startGateway, type Gateway } from '../server/serve-process.js';
import { onCleanup, RawClient, runCleanups, startTestServer } from '../server/support.js';

/**
 * A reserved place is kept COUNT_TRIP_MS past the time its gateway may take
 * to send its count, for the count's way to the core: NATS, then the core's
 * queue of work. Measured here under a login storm: a word sent as a
 * gateway's count is (another connection, to a subscriber in the core's
 * process, which this test is) while the core lets hundreds of logins in.
 */
afterEach(runCleanups);
buildOnce();

const STORM = 300;
const TRIP_SUBJECT = 'switchboard.test.trip';

function centre(): Config {
  const demo = demoConfig();
  return { ...demo, security: { ...demo.security, socketsPerAgent: STORM } };
}

async function gatewayTold(bus: string): Promise<Gateway> {
  const gateway = await startGateway(bus);
  await until(() => gateway.output().includes(`an agent may hold ${STORM} logged-in connections`), "the gateway to learn the core's limits", 5_000);
  return gateway;
}

describe.skipIf(!natsInstalled)("a count's way to a busy core (needs nats-server)", () => {
  it(`is timed, and every login answered, while ${STORM} logins go through two gateways at once`, async () => {
    const bus = await nats();
    await startTestServer({ bus: bus.url, config: centre() });
    const gateways = [await gatewayTold(bus.url), await gatewayTold(bus.url)];
    const [sender, core] = [await connectNats(bus.url, 'trip-sender'), await connectNats(bus.url, 'trip-core')];
    onCleanup(() => sender.close());
    onCleanup(() => core.close());
    const trips: number[] = [];
    core.subscribe(TRIP_SUBJECT, { callback: (_, m) => trips.push(Date.now() - Number(m.string())) });
    await core.flush();
    const ticking = setInterval(() => sender.publish(TRIP_SUBJECT, String(Date.now())), 20);
    const clients = await Promise.all(Array.from({ length: STORM }, (_, i) => RawClient.open(gateways[i % 2]!.url)));
    const started = Date.now();
    const answers = await Promise.all(clients.map((c) => c.request('session.login', { agent: '1001', pin: '1001' })));
    const stormMs = Date.now() - started;
    clearInterval(ticking);
    await sender.flush();
    await new Promise((r) => setTimeout(r, 100));
    expect(answers.every((a) => a.ok)).toBe(true);
    const sorted = [...trips].sort((a, b) => a - b);
    const slowest = sorted.at(-1)!;
    const p99 = sorted[Math.floor(sorted.length * 0.99)]!;
    // The figures docs/architecture.md quotes.
    console.log(`count trip over ${STORM} logins in ${stormMs} ms: ${trips.length} sent, median ${sorted[sorted.length >> 1]} ms, p99 ${p99} ms, slowest ${slowest} ms`);
    // A figure, not a pass mark (speed is a bench's to show, and a loaded machine's would be its own):
    // docs/architecture.md compares the slowest with COUNT_TRIP_MS.
    expect(trips.length).toBeGreaterThan(0);
    console.log(`COUNT_TRIP_MS is ${COUNT_TRIP_MS} ms: the slowest trip is ${(COUNT_TRIP_MS / Math.max(slowest, 1)).toFixed(1)}x inside it`);
  }, 60_000);
});
