import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { AgentClient } from '../../src/client/session.js';
import { wsTransport } from '../../src/client/ws-transport.js';
import type { EventFrame } from '../../src/core/protocol/events.js';
import { agentOf, agentUrlOf, isAgentUpdate, loginAgent, ok, onCleanup, runCleanups, startTestServer } from '../server/support.js';
import { startMuteServer, startRelay } from '../tcp-relay.js';

/**
 * A server that stops answering without closing anything (kill -STOP, a cut
 * without a reset), over real sockets on 127.0.0.1: the client notices the
 * silence, says it is offline, and resumes when the server answers again.
 */
afterEach(runCleanups);

const LIVENESS = { pingEveryMs: 100, deadAfterMs: 500 };
const BACKOFF = { initialMs: 50, maxMs: 200 };

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (check()) return resolve();
      if (Date.now() > deadline) return reject(new Error(`gave up waiting until ${what}`));
      setTimeout(poll, 10);
    };
    poll();
  });
}

describe('a server that stops answering', () => {
  it('is noticed within deadAfterMs; a command sent meanwhile is applied once after the server answers again', async () => {
    const server = await startTestServer();
    const relay = await startRelay(server.http!.port);
    const client = new AgentClient({ transport: wsTransport(relay.url, { liveness: LIVENESS }), reconnect: BACKOFF });
    onCleanup(() => client.close());
    const events: EventFrame[] = [];
    client.onEvent((e) => events.push(e));
    const states: string[] = [];
    client.onChange(() => states.at(-1) !== client.connection && states.push(client.connection));
    await client.connect();
    await client.login({ agent: '1001', pin: '1001' });

    // A quiet but answering server: many pings go by, the link stays up.
    await wait(LIVENESS.deadAfterMs * 3);
    expect(client.connection).toBe('online');
    expect(states).not.toContain('offline');

    relay.set('frozen');
    const frozenAt = performance.now();
    const sent = client.send('agent.pause', { reason: 'Break' });
    expect(client.queued()).toBe(1);
    await until('the client says it is offline', () => client.connection === 'offline');
    // Silence is counted from the last thing heard, which came before the freeze.
    expect(performance.now() - frozenAt).toBeLessThan(LIVENESS.deadAfterMs + 250);
    expect(client.queued()).toBe(1);
    expect(server.engine.state.agent('1001')?.status).toBe('available');

    // While the server still does not answer, the client keeps trying (the upgrade times out) and stays offline.
    await wait(LIVENESS.deadAfterMs * 2);
    expect(client.connection).toBe('offline');

    relay.set('up');
    const answer = (await sent) as { agent: { status: string; pauseReason: string } };
    expect(answer.agent).toMatchObject({ status: 'paused', pauseReason: 'Break' });
    await until('back online', () => client.connection === 'online' && client.session === 'logged-in');
    expect(client.queued()).toBe(0);
    expect(server.engine.state.agent('1001')).toMatchObject({ status: 'paused', pauseReason: 'Break' });

    // Applied once, though its frame reached the server twice (the old link's, held, and the journal's again).
    const script = await loginAgent(agentUrlOf(server), '1001', { joinOnly: true });
    ok(await script.client.request('agent.pause', { reason: 'Meeting' }));
    const pausedFor = (reason: string) => (e: EventFrame) => isAgentUpdate('1001')(e) && agentOf(e).status === 'paused' && agentOf(e).pauseReason === reason;
    await until('the later pause arrives', () => events.some(pausedFor('Meeting')));
    expect(events.filter(pausedFor('Break'))).toHaveLength(1);
  });

  it('a busy server whose pongs do not come is alive while its frames do; silent, it is reported gone', async () => {
    // No pong at all: only the frames it sends show it alive.
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, autoPong: false });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    onCleanup(() => new Promise<void>((resolve) => wss.close(() => resolve())));
    let talking = true;
    wss.on('connection', (ws) => {
      const talk = setInterval(() => talking && ws.send('{}'), LIVENESS.pingEveryMs);
      ws.on('close', () => clearInterval(talk));
      onCleanup(() => ws.terminate());
    });

    const transport = wsTransport(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, { liveness: LIVENESS })();
    const closed: Array<{ code: number; reason: string; at: number }> = [];
    transport.onClose((code, reason) => closed.push({ code, reason, at: performance.now() }));
    await new Promise<void>((resolve) => transport.onOpen(resolve));
    onCleanup(() => transport.close());

    await wait(LIVENESS.deadAfterMs * 4);
    expect(closed).toEqual([]);

    talking = false;
    const quietAt = performance.now();
    await until('the transport reports the link gone', () => closed.length > 0);
    expect(closed).toHaveLength(1);
    expect(closed[0]!.code).toBe(1006);
    expect(closed[0]!.reason).toMatch(/stopped answering/);
    expect(closed[0]!.at - quietAt).toBeLessThan(LIVENESS.deadAfterMs + 250);
  });

  it('a server that accepts the connection but never answers the upgrade fails the connect in deadAfterMs', async () => {
    const mutePort = await startMuteServer();
    const client = new AgentClient({ transport: wsTransport(`ws://127.0.0.1:${mutePort}`, { liveness: LIVENESS }), reconnect: BACKOFF });
    onCleanup(() => client.close());
    const started = performance.now();
    await expect(client.connect()).rejects.toMatchObject({ code: 'CONNECT_FAILED' });
    expect(performance.now() - started).toBeLessThan(LIVENESS.deadAfterMs + 250);
  });
});
