import { afterEach, describe, expect, it } from 'vitest';
import { visitorStart } from '../../src/core/messaging/visitor.js';
import { FakeClock } from '../fake-clock.js';
import { agentUrlOf, loginAgent, ok, RawClient, runCleanups, startTestServer, tempDir } from './support.js';

afterEach(runCleanups);

/**
 * The broken-session path of the status-change trigger over real sockets: the
 * gateway tells the engine when an agent's last connection closes; a resume
 * within the queue's grace keeps the agent's chats, past it they move.
 */
async function setup() {
  const clock = new FakeClock('2026-01-05T10:00:00Z');
  const server = await startTestServer({ clock });
  const url = agentUrlOf(server);
  const ava = await loginAgent(url, '1001');
  const chat = server.engine.run((ctx) =>
    visitorStart(ctx, { visitorId: 'v1', name: 'Vic', email: null, queue: 'support-chat', ip: '198.51.100.7', geo: null, text: 'Hello' }),
  );
  // 1002 is in the same queue and takes what Ava gives back.
  const leo = await loginAgent(url, '1002');
  const agentOf = () => server.engine.state.get('conversation', chat.id)!.agent;
  expect(agentOf()).toBe('1001');
  return { clock, server, url, ava, leo, agentOf };
}

/**
 * Until the engine has heard the socket close (the gateway tells it after the
 * close is read) and committed it. The grace's timer is armed when the group
 * commits, at the end of the turn (setImmediate): a close read in the loop's
 * close phase commits after the next timers phase, so the fake clock could be
 * advanced in between, before the timer existed (1 run in 3 on a busy machine).
 */
async function untilAway(server: Awaited<ReturnType<typeof setup>>['server'], agent: string): Promise<void> {
  for (let i = 0; i < 500 && server.engine.presence.lostSince(agent) === null; i++) await new Promise((r) => setTimeout(r, 10));
  expect(server.engine.presence.lostSince(agent)).not.toBeNull();
  await new Promise((r) => setImmediate(r));
}

describe('a broken session over WebSocket', () => {
  it("the last socket closing starts the grace; past it the agent's chat goes to a colleague", async () => {
    const { clock, server, ava, agentOf } = await setup();
    ava.client.terminate();
    await untilAway(server, '1001');
    clock.advance(119_000);
    expect(agentOf()).toBe('1001');
    clock.advance(1_000);
    expect(agentOf()).toBe('1002');
  });

  it('a panel that resumes within the grace keeps its chats', async () => {
    const { clock, server, url, ava, agentOf } = await setup();
    ava.client.terminate();
    await untilAway(server, '1001');
    clock.advance(60_000);
    const back = await RawClient.open(url);
    ok(await back.request('session.resume', { token: ava.token, lastSeq: 0 }));
    expect(server.engine.presence.lostSince('1001')).toBeNull();
    clock.advance(600_000);
    expect(agentOf()).toBe('1001');
  });

  it('a second panel of the same session keeps the agent connected when the first closes', async () => {
    const { clock, server, url, ava, agentOf } = await setup();
    const second = await RawClient.open(url);
    ok(await second.request('session.resume', { token: ava.token, lastSeq: 0 }));
    ava.client.terminate();
    await new Promise((r) => setTimeout(r, 50));
    expect(server.engine.presence.lostSince('1001')).toBeNull();
    clock.advance(600_000);
    expect(agentOf()).toBe('1001');
  });

  it('after a restart every session waits for its panel: one that resumes keeps its chats, one that does not loses them', async () => {
    const clock = new FakeClock('2026-01-05T10:00:00Z');
    const dataDir = tempDir();
    let server = await startTestServer({ clock, dataDir });
    const ava = await loginAgent(agentUrlOf(server), '1001');
    const chat = (visitorId: string) =>
      server.engine.run((ctx) => visitorStart(ctx, { visitorId, name: visitorId, email: null, queue: 'support-chat', ip: '198.51.100.9', geo: null, text: 'Hi' }));
    const avas = chat('v1');
    const leo = await loginAgent(agentUrlOf(server), '1002');
    // Ava has one, so the next goes to Leo.
    const leos = chat('v2');
    expect(server.engine.state.get('conversation', leos.id)!.agent).toBe('1002');
    await server.close();

    server = await startTestServer({ clock, dataDir });
    const back = await RawClient.open(agentUrlOf(server));
    ok(await back.request('session.resume', { token: ava.token, lastSeq: 0 }));
    void leo; // Leo's panel never comes back.
    clock.advance(120_000);
    const holder = (id: string) => server.engine.state.get('conversation', id)!.agent;
    expect(holder(avas.id)).toBe('1001');
    expect(holder(leos.id)).toBe('1001');
  });
});
