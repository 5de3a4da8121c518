import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { EVENT_STREAM } from '../../src/bus/nats-event-stream.js';
import type { StoredEvent } from '../../src/core/ports/store.js';
import type { RunningServer } from '../../src/server/runtime.js';
import { natsInstalled, streamedMessages } from '../../harness/lib/nats.mjs';
import { nats } from './support.js';
import { BIN, buildOnce, ROOT } from '../server/serve-process.js';
import { until } from '../server/email-support.js';
import { loginAgent, ok, runCleanups, startTestServer, tempDir } from '../server/support.js';

/**
 * `serve --bus nats://...`: every committed event, with its audience, on a
 * JetStream stream, against a real NATS server (Debian's nats-server with
 * JetStream, 127.0.0.1, a throwaway store directory) started for each test.
 */
afterEach(runCleanups);
buildOnce();

/** Every message of the stream, in the stream's order, as the events they carry. */
async function streamed(url: string): Promise<StoredEvent[]> {
  return (await streamedMessages(url, EVENT_STREAM)) as StoredEvent[];
}

/** The store's log of a running core, in order. */
function logged(server: RunningServer): StoredEvent[] {
  return [...server.engine.deps.store.allEvents()];
}

async function caughtUp(server: RunningServer): Promise<void> {
  await until(() => server.events!.acknowledged >= server.engine.lastSeq(), 'the stream to acknowledge every committed event', 10_000);
}

const shape = (events: StoredEvent[]) => events.map((e) => ({ seq: e.seq, ev: e.ev, audience: e.audience, data: e.data }));

describe.skipIf(!natsInstalled)('committed events on a JetStream stream (needs Debian nats-server)', () => {
  it('publishes every committed event once, in order, with its audience, exactly as the store keeps it', async () => {
    const bus = await nats();
    const server = await startTestServer({ bus: bus.url });
    const ava = await loginAgent(`${server.http!.url}/agent`, '1001');
    ok(await ava.client.request('agent.pause', { reason: 'Lunch' }));
    ok(await ava.client.request('agent.unpause'));
    await caughtUp(server);
    const inStream = await streamed(bus.url);
    expect(inStream.length).toBeGreaterThan(3);
    expect(shape(inStream)).toEqual(shape(logged(server)));
    expect(inStream.some((e) => e.ev === 'agent.updated' && (e.data.agent as { pauseReason: string | null }).pauseReason === 'Lunch')).toBe(true);
  });

  it('a NATS server killed with SIGKILL and started again mid-shift: the stream ends up whole, each event once and in order', async () => {
    const bus = await nats();
    const server = await startTestServer({ bus: bus.url });
    const ava = await loginAgent(`${server.http!.url}/agent`, '1001');
    // Commits go on while NATS is down and while it comes back: what it lost, or never had, is sent again.
    const shift = (async () => {
      for (let i = 0; i < 40; i++) {
        ok(await ava.client.request('agent.pause', { reason: 'Lunch' }));
        ok(await ava.client.request('agent.unpause'));
      }
    })();
    await new Promise((r) => setTimeout(r, 100));
    await bus.crash();
    await shift;
    await caughtUp(server);
    expect(shape(await streamed(bus.url))).toEqual(shape(logged(server)));
  });

  it('a core whose log the stream lacks (started without the bus, or killed before publishing) sends what is missing first; a restart sends nothing twice', async () => {
    const bus = await nats();
    const dataDir = tempDir();
    const plain = await startTestServer({ dataDir });
    const ava = await loginAgent(`${plain.http!.url}/agent`, '1001');
    ok(await ava.client.request('agent.pause', { reason: 'Lunch' }));
    const before = plain.engine.lastSeq();
    await plain.close();

    const first = await startTestServer({ dataDir, bus: bus.url });
    await caughtUp(first);
    expect((await streamed(bus.url)).map((e) => e.seq)).toEqual(Array.from({ length: before }, (_, i) => i + 1));
    const bob = await loginAgent(`${first.http!.url}/agent`, '1002');
    ok(await bob.client.request('agent.pause', { reason: 'Training' }));
    await caughtUp(first);
    const all = logged(first);
    await first.close();

    const second = await startTestServer({ dataDir, bus: bus.url });
    await caughtUp(second);
    const inStream = await streamed(bus.url);
    expect(shape(inStream)).toEqual(shape([...all, ...logged(second).slice(all.length)]));
    expect(new Set(inStream.map((e) => e.seq)).size).toBe(inStream.length);
  });

  it('refuses a --bus that is not a nats:// URL, and an --advertise that is not http:// or has no bus, saying what each takes', () => {
    const run = spawnSync(process.execPath, [BIN, 'serve', '--config', 'config/demo.yaml', '--port', '0', '--data', tempDir(), '--bus', 'http://127.0.0.1:4222'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect({ code: run.status, stderr: run.stderr }).toEqual({
      code: 2,
      stderr: 'switchboard: BAD_OPTION: --bus http://127.0.0.1:4222: expected a nats:// URL (host and port of a NATS server with JetStream)\n',
    });
    // Where gateways reach this core: an http:// address, and only with a bus for them to ask on.
    for (const args of [['--advertise', 'http://10.0.0.5:7300'], ['--bus', 'nats://127.0.0.1:4222', '--advertise', 'ws://10.0.0.5:7300/agent']]) {
      const refused = spawnSync(process.execPath, [BIN, 'serve', '--config', 'config/demo.yaml', '--port', '0', '--data', tempDir(), ...args], { cwd: ROOT, encoding: 'utf8' });
      expect({ code: refused.status, stderr: refused.stderr }).toEqual({
        code: 2,
        stderr: `switchboard: BAD_OPTION: --advertise ${args.at(-1)}: expected http://host:port, with --bus (where gateways reach this core)\n`,
      });
    }
  });

  it('says so when the NATS server cannot be reached, and does not start', async () => {
    await expect(startTestServer({ bus: 'nats://127.0.0.1:1' })).rejects.toMatchObject({ code: 'BUS_UNREACHABLE', message: expect.stringMatching(/^Cannot reach the NATS server at nats:\/\/127\.0\.0\.1:1 \(/) });
  });
});
