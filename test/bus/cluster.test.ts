import { randomUUID } from 'node:crypto';
import { createConnection } from 'node:net';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { natsInstalled } from '../../harness/lib/nats.mjs';
import { nats } from './support.js';
import { PostgresEventStore } from '../../src/store/postgres-store.js';
import { havePostgres, startPostgres, type TestPostgres } from '../store/postgres-server.js';
import { until } from '../server/email-support.js';
import { buildOnce, spawnServe, startGateway, type Serving } from '../server/serve-process.js';
import { err, loginAgent, ok, onCleanup, RawClient, runCleanups, startTestServer, tempDir, type LoggedIn } from '../server/support.js';

/**
 * A centre scaled out (issue 19): two cores on one PostgreSQL store (one
 * active, one standby), committed events on NATS JetStream, and two gateways
 * holding the agents' sockets, every one a real process of the built CLI
 * against real servers on 127.0.0.1.
 */
afterEach(runCleanups);
buildOnce();

let pg: TestPostgres;
beforeAll(async () => {
  if (havePostgres && natsInstalled) pg = await startPostgres();
});
afterAll(async () => {
  await pg?.stop();
});

/** A core of the centre: the first is active, a later one waits as the standby. */
function core(store: string, bus: string, extra: string[] = []): Promise<Serving> {
  return spawnServe(tempDir(), 'config/demo.yaml', ['--store', store, '--bus', bus, ...extra]);
}

/** The event numbers a panel received, in order. */
const seqs = (c: RawClient) => c.events.map((e) => e.seq);

/** Pause and unpause, acknowledged each time, `rounds` times. */
async function toggle(agent: LoggedIn, rounds: number): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    ok(await agent.client.request('agent.pause', { reason: 'Break' }));
    ok(await agent.client.request('agent.unpause'));
  }
}

describe.skipIf(!havePostgres || !natsInstalled)('a centre on two gateways and two cores (needs postgresql and nats-server)', () => {
  it('agents on both gateways see the same events in the same order, and each command is answered after its own events', async () => {
    const bus = await nats();
    const store = pg.database();
    const active = await core(store, bus.url);
    await active.ready;
    const [one, two] = [await startGateway(bus.url), await startGateway(bus.url)];
    // Ava on both gateways: one session, so both panels must receive exactly the same events.
    const onOne = await loginAgent(one.url, '1001');
    const onTwo = await loginAgent(two.url, '1001');
    const ben = await loginAgent(two.url, '1002');
    await Promise.all([toggle(onOne, 5).then(() => toggle(onTwo, 5)), toggle(ben, 5)]);
    await until(() => onOne.client.lastSeq() === onTwo.client.lastSeq() && onOne.client.lastSeq(), 'both panels to reach the same last event');
    const from = Math.max(onOne.snapshot.seq, onTwo.snapshot.seq);
    const a = seqs(onOne.client).filter((s) => s > from);
    const b = seqs(onTwo.client).filter((s) => s > from);
    expect(a.length).toBeGreaterThanOrEqual(20);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(a.length);
    // Ava's pause reached her panel before its answer, as on a single server.
    const from2 = onOne.client.frames.length;
    const answer = await onOne.client.request('agent.pause', { reason: 'Lunch' });
    const answerAt = onOne.client.frames.findIndex((f, i) => i >= from2 && 're' in f && f.re === (answer as { re: string }).re);
    const eventAt = onOne.client.frames.findIndex((f, i) => i >= from2 && 'ev' in f && f.ev === 'agent.updated');
    expect(eventAt).toBeGreaterThanOrEqual(from2);
    expect(eventAt).toBeLessThan(answerAt);
  });

  it('kill -9 a gateway: its panels resume on the other with no gap and no duplicate', async () => {
    const bus = await nats();
    const active = await core(pg.database(), bus.url);
    await active.ready;
    const [one, two] = [await startGateway(bus.url), await startGateway(bus.url)];
    // Ava on both: the panel on the first moves, the one on the second is the reference.
    const moving = await loginAgent(one.url, '1001');
    const staying = await loginAgent(two.url, '1001');
    await toggle(staying, 2);
    one.child.kill('SIGKILL');
    await moving.client.closed();
    // Work goes on while the panel is away.
    await toggle(staying, 3);
    const lastSeen = moving.client.lastSeq();
    const back = await RawClient.open(two.url);
    const resumed = ok<{ resumed: boolean; replayed: number }>(await back.request('session.resume', { token: moving.token, lastSeq: lastSeen }));
    expect(resumed.resumed).toBe(true);
    expect(resumed.replayed).toBeGreaterThanOrEqual(6);
    await toggle(staying, 2);
    await until(() => back.lastSeq() === staying.client.lastSeq(), 'both panels to reach the same last event');
    const from = Math.max(moving.snapshot.seq, staying.snapshot.seq);
    const movingSaw = [...seqs(moving.client), ...seqs(back)].filter((s) => s > from);
    expect(movingSaw).toEqual(seqs(staying.client).filter((s) => s > from));
    expect(new Set(movingSaw).size).toBe(movingSaw.length);
  });

  it('kill -9 the active core three times during a shift: the standby takes over, the gateways retry, and every acknowledged command is in the store exactly once', async () => {
    const bus = await nats();
    const store = pg.database();
    let active = await core(store, bus.url);
    await active.ready;
    let standby = await core(store, bus.url);
    await until(() => standby.output().includes('standby:'), 'the second core to wait as the standby', 15_000);
    const gateway = await startGateway(bus.url);
    const ava = await loginAgent(gateway.url, '1001');
    let acknowledged = 0;
    let working = true;
    // Ava pauses and unpauses without stop; each command is retried by the gateway with its id until a core answers.
    const shift = (async () => {
      while (working) {
        for (const [cmd, args] of [['agent.pause', { reason: 'Break' }], ['agent.unpause', {}]] as const) {
          const r = await ava.client.request(cmd, args, randomUUID());
          if (!r.ok) throw new Error(`${cmd} refused: ${err(r).code} ${err(r).message}`);
          acknowledged++;
        }
      }
    })();
    const takeovers: number[] = [];
    for (let kill = 0; kill < 3; kill++) {
      await until(() => acknowledged >= (kill + 1) * 10, 'the shift to go on', 20_000);
      const killedAt = Date.now();
      active.child.kill('SIGKILL');
      await standby.ready;
      takeovers.push(Date.now() - killedAt);
      active = standby;
      standby = await core(store, bus.url);
      await until(() => standby.output().includes('standby:'), 'a new standby', 15_000);
    }
    await until(() => acknowledged >= 40 * 2, 'the shift to go on after the last takeover', 20_000);
    working = false;
    await shift;
    expect(takeovers.every((ms) => ms < 5_000)).toBe(true);
    // In the store: one status change per acknowledged command, none lost, none twice.
    const log = new PostgresEventStore(store);
    try {
      const changes = [...log.allEvents()].filter((e) => e.ev === 'agent.updated' && (e.data.agent as { id: string }).id === '1001' && e.seq > ava.snapshot.seq);
      const statuses = changes.map((e) => (e.data.agent as { status: string }).status);
      const flips = statuses.filter((s, i) => i === 0 || s !== statuses[i - 1]);
      expect(flips.length).toBe(acknowledged);
    } finally {
      log.close();
    }
  }, 120_000);
});

describe.skipIf(!natsInstalled)('a gateway that dies (needs nats-server)', () => {
  it('its agents count as disconnected once it is silent (their grace starts), unless a panel of theirs is on another gateway', async () => {
    const bus = await nats();
    const server = await startTestServer({ bus: bus.url });
    const [one, two] = [await startGateway(bus.url), await startGateway(bus.url)];
    await loginAgent(one.url, '1001');
    const ben = await loginAgent(one.url, '1002');
    // Ben also has a panel on the second gateway.
    const benToo = await RawClient.open(two.url);
    ok(await benToo.request('session.resume', { token: ben.token, lastSeq: 0 }));
    one.child.kill('SIGKILL');
    await until(() => server.engine.presence.lostSince('1001') !== null, 'the core to count Ava disconnected', 10_000);
    expect(server.engine.presence.lostSince('1002')).toBeNull();
  });
});

describe.skipIf(!natsInstalled)('a gateway without a core (needs nats-server)', () => {
  it('tells a panel in words that the centre is not answering once --core-wait has passed, and refuses a --bus that is not nats://', async () => {
    const bus = await nats();
    const gateway = await startGateway(bus.url, ['--core-wait', '1']);
    const panel = await RawClient.open(gateway.url);
    const refused = err(await panel.request('session.login', { agent: '1001', pin: '1001' }));
    expect(refused.code).toBe('CORE_UNAVAILABLE');
    expect(refused.message).toBe('The centre is not answering (its core is down and no standby has taken over); try again in a moment.');
    // What it would relay to the core (the chat page, webhooks, files) gets the same, as HTTP 503.
    const page = await fetch(gateway.url.replace(/^ws/, 'http').replace(/\/agent$/, '/chat'));
    expect(page.status).toBe(503);
    expect(((await page.json()) as { code: string }).code).toBe('CORE_UNAVAILABLE');
    await expect(startGateway('http://127.0.0.1:4222')).rejects.toThrow(/--bus http:\/\/127\.0\.0\.1:4222: expected a nats:\/\/ URL/);
  });
});

describe.skipIf(!havePostgres || !natsInstalled)('what a gateway relays to the active core (needs postgresql and nats-server)', () => {
  it('relays the chat page and a visitor\'s socket, with the visitor\'s own address, and finds the new core after a takeover', async () => {
    const bus = await nats();
    const store = pg.database();
    // The cores believe their gateways' X-Forwarded-For, as any proxy's.
    const trust = ['--trust-proxy', '127.0.0.1'];
    const active = await core(store, bus.url, trust);
    await active.ready;
    const standby = await core(store, bus.url, trust);
    await until(() => standby.output().includes('standby:'), 'the second core to wait as the standby', 15_000);
    const gateway = await startGateway(bus.url);
    const base = gateway.url.replace(/^ws/, 'http').replace(/\/agent$/, '');
    const page = await fetch(`${base}/chat`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);
    // A visitor at an address of its own: the core must see that address, not the gateway's.
    const visitor = new WebSocket(base.replace(/^http/, 'ws') + '/visitor', { localAddress: '127.0.0.7', perMessageDeflate: false });
    onCleanup(() => visitor.terminate());
    const frames: Array<{ type: string }> = [];
    visitor.on('message', (d) => frames.push(JSON.parse(d.toString())));
    await new Promise((resolve, reject) => visitor.once('open', resolve).once('error', reject));
    visitor.send(JSON.stringify({ type: 'start', name: 'Vera Visitor', email: 'vera@example.com', queue: 'web-sales', visitorId: 'v-gw' }));
    await until(() => frames.find((f) => f.type === 'started'), 'the visitor\'s chat to start through the gateway');
    const log = new PostgresEventStore(store);
    try {
      const chats = [...log.allEvents()].filter((e) => e.ev === 'conversation.updated').map((e) => e.data.conversation as { customer: { name: string; ip: string } });
      expect(chats.find((c) => c.customer.name === 'Vera Visitor')?.customer.ip).toBe('127.0.0.7');
    } finally {
      log.close();
    }
    active.child.kill('SIGKILL');
    await standby.ready;
    // The gateway finds the core that took over (it asks again when the old one cannot be reached).
    expect((await fetch(`${base}/chat`)).status).toBe(200);
    const health = (await (await fetch(`${base}/healthz`)).json()) as { agents: number; seq: number };
    expect(health.agents).toBe(0);
  });
});

describe.skipIf(!natsInstalled)('hostile input at a gateway (needs nats-server)', () => {
  it('answers bad frames as a core does, cuts an oversized one, and goes on serving', async () => {
    const bus = await nats();
    await startTestServer({ bus: bus.url });
    const gateway = await startGateway(bus.url);
    const panel = await RawClient.open(gateway.url);
    panel.sendRaw('{"v":1,"id":"x","cmd":');
    panel.sendRaw(Buffer.from([1, 2, 3]), true);
    const notLoggedIn = await panel.request('agent.pause', { reason: 'Break' });
    expect(panel.responses.slice(0, 2).map((r) => !r.ok && r.error.code)).toEqual(['BAD_JSON', 'BAD_FRAME']);
    expect(err(notLoggedIn).code).toBe('NOT_LOGGED_IN');
    const big = await RawClient.open(gateway.url);
    big.sendRaw('x'.repeat(2 * 1024 * 1024));
    expect((await big.closed()).code).toBe(1009);
    // A request line no server should take, on the relayed side: refused, and the gateway still serves.
    const raw = await new Promise<string>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port: Number(new URL(gateway.url).port) }, () => socket.write('GET /chat\u0000 HTTP/1.1\r\nHost: x\r\n\r\n'));
      let got = '';
      socket.on('data', (d) => (got += d));
      socket.on('close', () => resolve(got));
      socket.on('error', () => resolve(got));
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
    const ava = await loginAgent(gateway.url, '1001');
    expect(ava.snapshot.me).toBe('1001');
  });
});

describe.skipIf(!natsInstalled)('NATS restarting under a gateway (needs nats-server)', () => {
  it('the panels stay connected, and commands and events go on once it is back', async () => {
    const bus = await nats();
    await startTestServer({ bus: bus.url });
    const gateway = await startGateway(bus.url);
    const onGateway = await loginAgent(gateway.url, '1001');
    const alsoAva = await loginAgent(gateway.url, '1001');
    await bus.crash();
    // Sent while the gateway's link reconnects: answered once it has.
    const paused = ok<{ agent: { status: string } }>(await onGateway.client.request('agent.pause', { reason: 'Break' }));
    expect(paused.agent.status).toBe('paused');
    // The other panel of the session hears of it through the stream, which the gateway reads again.
    await alsoAva.client.nextEvent((e) => e.ev === 'agent.updated' && (e.data.agent as { status: string }).status === 'paused');
    expect(onGateway.client.closeInfo).toBeNull();
  });
});
