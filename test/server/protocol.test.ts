import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { BROKEN_NO_SESSION, BROKEN_SESSION } from '../../src/core/commands/session.js';
import { FakeClock } from '../fake-clock.js';
import type { EventFrame } from '../../src/core/protocol/events.js';
import { demoConfig } from '../helpers.js';
import {
  agentOf,
  agentUrlOf,
  err,
  isAgentUpdate,
  isQueueStats,
  loginAgent,
  ok,
  RawClient,
  runCleanups,
  startTestServer,
  TEST_LIVE_INTERVAL_MS,
} from './support.js';

afterEach(runCleanups);

const seqs = (events: EventFrame[]) => events.map((e) => e.seq);

describe('protocol v1 over a real WebSocket server', () => {
  it('login answers with a token and a small snapshot: who I am, my queues\' figures, the catalog with my own row only', async () => {
    const server = await startTestServer();
    const { token, snapshot } = await loginAgent(agentUrlOf(server), '1001');

    expect(typeof token).toBe('string');
    expect(token.length).toBeGreaterThanOrEqual(16);
    expect(snapshot.me).toBe('1001');
    // Colleagues are not in it: a screen that shows them follows them (roster.subscribe).
    expect(snapshot.entities.agent).toEqual([expect.objectContaining({ id: '1001', name: 'Ava Turner', status: 'available' })]);
    // Ava works Support and Sales: the figures of her own queues are followed by default.
    const mine = server.engine.config.agents.find((a) => a.number === '1001')!.voiceQueues.map((q) => (typeof q === 'string' ? q : q.queue));
    expect(snapshot.entities.queueStats.map((q) => q.id).sort()).toEqual([...mine].sort());
    expect(snapshot.catalog).toMatchObject({
      pauseReasons: ['Break', 'Lunch', 'Meeting', 'Training', 'Coaching', 'No answer'],
      center: { name: 'Demo Contact Center' },
    });
    expect((snapshot.catalog.voiceQueues as Array<{ number: string }>).map((q) => q.number)).toEqual(['7001', '7002', '7003']);
    expect((snapshot.catalog.agents as Array<{ number: string }>).map((a) => a.number)).toEqual(['1001']);
    // Nobody's secrets travel to the panel.
    const text = JSON.stringify(snapshot);
    expect(text).not.toMatch(/"pin"|"password"/);
    expect(text).not.toContain(token);
  });

  it('an agent who follows a colleague sees their pause in the next live batch; one who does not receives nothing of it', async () => {
    const server = await startTestServer();
    const url = agentUrlOf(server);
    const ava = await loginAgent(url, '1001');
    const ben = await loginAgent(url, '1002');
    const carla = await loginAgent(url, '1003');

    const roster = ok<{ agents: Array<{ id: string; status: string }>; directory: Array<{ number: string; name: string }> }>(
      await ben.client.request('roster.subscribe', { view: 'agents-tab', agents: ['1001'] }),
    );
    expect(roster.agents).toEqual([expect.objectContaining({ id: '1001', status: 'available' })]);
    expect(roster.directory).toEqual([expect.objectContaining({ number: '1001', name: 'Ava Turner' })]);
    expect(JSON.stringify(roster)).not.toMatch(/"pin"|"password"/);

    const from = ben.client.frames.length;
    const r = await ava.client.request('agent.pause', { reason: 'Lunch' });
    expect(ok<{ agent: { status: string } }>(r).agent.status).toBe('paused');
    // Ava's own record comes to her at once, as an event.
    await ava.client.nextEvent((e) => isAgentUpdate('1001')(e) && agentOf(e).status === 'paused');

    const seen = await ben.client.nextLive(isAgentUpdate('1001'), from);
    expect(agentOf(seen as never)).toMatchObject({ id: '1001', status: 'paused', pauseReason: 'Lunch' });
    // Time in state is drawn from statusSince, so the batch's delay does not show on the timer.
    expect(typeof agentOf(seen as never).statusSince).toBe('number');
    // Ben got it in a batch, not as an event of his stream.
    expect(ben.client.events.some(isAgentUpdate('1001'))).toBe(false);

    // Carla follows nobody: after a full interval and a change of her own, nothing of Ava has reached her.
    await new Promise((resolve) => setTimeout(resolve, 3 * TEST_LIVE_INTERVAL_MS));
    ok(await carla.client.request('agent.pause', { reason: 'Break' }));
    await carla.client.nextEvent(isAgentUpdate('1003'));
    expect(carla.client.events.some(isAgentUpdate('1001'))).toBe(false);
    expect(carla.client.live.some(isAgentUpdate('1001'))).toBe(false);

    // Unsubscribed, Ben hears no more of her.
    ok(await ben.client.request('roster.unsubscribe', { view: 'agents-tab' }));
    const after = ben.client.frames.length;
    ok(await ava.client.request('agent.unpause'));
    await new Promise((resolve) => setTimeout(resolve, 3 * TEST_LIVE_INTERVAL_MS));
    ok(await ben.client.request('sys.ping'));
    expect(ben.client.frames.slice(after).some((f) => JSON.stringify(f).includes('"1001"'))).toBe(false);
  });

  it('a panel follows at most 32 views at once; asking again under a view replaces it', async () => {
    const server = await startTestServer();
    const ben = await loginAgent(agentUrlOf(server), '1002');
    for (let i = 0; i < 32; i++) ok(await ben.client.request('roster.subscribe', { view: `v${i}`, agents: ['1001'] }));
    ok(await ben.client.request('roster.subscribe', { view: 'v0', agents: ['1003'] }));
    const refused = err(await ben.client.request('roster.subscribe', { view: 'one-more', agents: ['1001'] }));
    expect(refused.code).toBe('TOO_MANY_VIEWS');
    expect(refused.message).toMatch(/at most 32 views/);
    ok(await ben.client.request('stats.unsubscribe', { view: 'not-there' }));
    ok(await ben.client.request('roster.unsubscribe', { view: 'v1' }));
    ok(await ben.client.request('roster.subscribe', { view: 'one-more', agents: ['1001'] }));
  });

  it('a command sent twice with the same id is applied once and answered the same both times', async () => {
    const server = await startTestServer();
    const url = agentUrlOf(server);
    const ava = await loginAgent(url, '1001');

    const id = randomUUID();
    const from = ava.client.frames.length;
    // A retry on the same socket, before the first answer arrived (the two share one group commit).
    ava.client.send('agent.pause', { reason: 'Break' }, id);
    ava.client.send('agent.pause', { reason: 'Break' }, id);
    await ava.client.waitFor('two answers', () => {
      const answers = ava.client.responses.slice(0).filter((f) => f.re === id && ava.client.frames.indexOf(f) >= from);
      return answers.length >= 2 ? answers : undefined;
    });
    const answers = ava.client.responses.filter((r) => r.re === id);
    expect(answers).toHaveLength(2);
    expect(answers[0]!.ok).toBe(true);
    expect(answers[1]).toEqual(answers[0]);

    // A retry from a new socket (the panel reconnected) gets the first answer too.
    const again = await RawClient.open(url);
    ok(await again.request('session.resume', { token: ava.token, lastSeq: ava.client.lastSeq() }));
    expect(await again.request('agent.pause', { reason: 'Break' }, id)).toEqual(answers[0]);

    // Applied once: Ava's stream has one pause, and a later change of hers comes after it.
    ok(await ava.client.request('agent.pause', { reason: 'Meeting' }));
    await ava.client.nextEvent((e) => isAgentUpdate('1001')(e) && agentOf(e).pauseReason === 'Meeting');
    expect(ava.client.events.filter((e) => isAgentUpdate('1001')(e) && agentOf(e).pauseReason === 'Break')).toHaveLength(1);
  });

  it('session.resume after a dropped socket replays exactly the missed events; the queue figures come back as they are now', async () => {
    const server = await startTestServer();
    const url = agentUrlOf(server);
    // Ava is paused, so the caller below waits in Support instead of ringing her.
    const ava = await loginAgent(url, '1001', { as: 'paused' });
    // A script working for Ava on her session (another connection of hers) sees what her panel should.
    const script = await RawClient.open(url);
    ok(await script.request('session.resume', { token: ava.token, lastSeq: 0 }));

    ok(await script.request('agent.pause', { reason: 'Break' }));
    await ava.client.nextEvent((e) => isAgentUpdate('1001')(e) && agentOf(e).pauseReason === 'Break');
    const lastSeq = ava.client.lastSeq();
    expect(lastSeq).toBeGreaterThan(ava.snapshot.seq);

    ava.client.terminate();
    await ava.client.closed();

    // While the panel is away: the script changes her pause reason twice, and two callers reach Support.
    const scriptFrom = script.frames.length;
    ok(await script.request('agent.pause', { reason: 'Meeting' }));
    server.sim.placeInboundCall('7001');
    server.sim.placeInboundCall('7001');
    ok(await script.request('agent.pause', { reason: 'Training' }));
    await script.nextEvent((e) => isAgentUpdate('1001')(e) && agentOf(e).pauseReason === 'Training');
    await script.nextLive(isQueueStats('7001', (s) => s.waiting === 2), scriptFrom);
    const missed = script.events.filter((e) => e.seq > lastSeq);
    expect(missed.filter(isAgentUpdate('1001'))).toHaveLength(2);

    const back = await RawClient.open(url);
    const r = await back.request('session.resume', { token: ava.token, lastSeq });
    const result = ok<{ resumed: boolean; replayed: number; snapshot?: unknown; principal?: unknown }>(r);
    expect(result.resumed).toBe(true);
    expect(result.snapshot).toBeUndefined();
    // It says whose session this is, and never echoes the token.
    expect(result).toMatchObject({ principal: { agent: '1001', supervisor: false } });
    expect(JSON.stringify(r)).not.toContain(ava.token);
    expect(result.replayed).toBe(missed.length);
    await back.waitFor('the replay', () => (back.events.length >= missed.length ? true : undefined));

    // Exactly the missed events: same seqs, same content, no gap, no duplicate.
    expect(back.events).toEqual(missed);
    const replayed = seqs(back.events);
    expect(new Set(replayed).size).toBe(replayed.length);
    expect([...replayed].sort((a, b) => a - b)).toEqual(replayed);
    expect(replayed[0]).toBeGreaterThan(lastSeq);
    // The callers are not Ava's: plain agents do not see waiting calls, and figures are not events.
    expect(back.events.some((e) => e.ev === 'call.updated' || e.ev === 'queue.stats')).toBe(false);
    // The conflated figures resume as their current value (two waiting), not as a replay of each change.
    const batches = await back.waitFor('the current figures', () => (back.batches.length > 0 ? back.batches : undefined));
    const support = batches[0]!.updates.filter(isQueueStats('7001'));
    expect(support).toHaveLength(1);
    expect(support[0]!.data.stats).toMatchObject({ id: '7001', waiting: 2 });

    // The live stream continues right after the replay, each event once.
    ok(await script.request('agent.pause', { reason: 'Lunch' }));
    const live = await back.nextEvent((e) => isAgentUpdate('1001')(e) && agentOf(e).pauseReason === 'Lunch');
    expect(live.seq).toBeGreaterThan(replayed[replayed.length - 1]!);
    const all = seqs(back.events);
    expect(new Set(all).size).toBe(all.length);
    expect(back.events.filter((e) => isAgentUpdate('1001')(e) && agentOf(e).pauseReason === 'Lunch')).toHaveLength(1);
  });

  it('a panel too far behind in bytes resumes with a fresh snapshot instead of a replay that would cut it as a slow client', async () => {
    const server = await startTestServer();
    const url = agentUrlOf(server);
    const ava = await loginAgent(url, '1001');
    const ben = await loginAgent(url, '1002');
    const lastSeq = Math.max(ava.snapshot.seq, ava.client.lastSeq());
    expect(lastSeq).toBeGreaterThan(0);
    ava.client.terminate();
    await ava.client.closed();

    // While Ava's panel is away Ben writes her 140 long messages: each event carries their chat's last
    // 200 messages, so the replay would be about 20 MB, more than a socket may have queued.
    const text = 'x'.repeat(2000);
    for (let i = 0; i < 140; i++) ok(await ben.client.request('agentchat.send', { to: '1001', text }));

    const back = await RawClient.open(url);
    const result = ok<{ resumed: boolean; replayed: number; snapshot?: { seq: number } }>(await back.request('session.resume', { token: ava.token, lastSeq }));
    expect(result.resumed).toBe(true);
    expect(result.replayed).toBe(0);
    expect(result.snapshot?.seq).toBe(server.engine.lastSeq());
    // The panel stays connected and goes on: the chat is in the snapshot, and the next message arrives live.
    expect(JSON.stringify(result.snapshot)).toContain(text);
    ok(await ben.client.request('agentchat.send', { to: '1001', text: 'Still there?' }));
    await back.nextEvent((e) => e.ev === 'agentChat.updated' && JSON.stringify(e.data).includes('Still there?'));
    expect(ok<{ pong: boolean }>(await back.request('sys.ping')).pong).toBe(true);
  });

  describe('every bad input gets an error frame with a code and a sentence, and the connection stays', () => {
    const cases: Array<{
      name: string;
      send: (c: RawClient) => void;
      re: string | null;
      code: string;
      mentions?: string;
    }> = [
      { name: 'invalid JSON', send: (c) => c.sendRaw('{"v":1,"id":"x1","cmd":'), re: null, code: 'BAD_JSON' },
      { name: 'a JSON array', send: (c) => c.sendRaw('[1,2,3]'), re: null, code: 'BAD_FRAME' },
      {
        name: 'a frame without an id',
        send: (c) => c.sendRaw(JSON.stringify({ v: 1, cmd: 'sys.ping', args: {} })),
        re: null,
        code: 'BAD_FRAME',
        mentions: 'id: expected',
      },
      {
        name: 'a frame of protocol version 2',
        send: (c) => c.sendRaw(JSON.stringify({ v: 2, id: 'v2-frame', cmd: 'sys.ping', args: {} })),
        re: 'v2-frame',
        code: 'UNSUPPORTED_VERSION',
        mentions: 'version 1',
      },
      {
        name: 'a frame whose cmd is not noun.verb',
        send: (c) => c.sendRaw(JSON.stringify({ v: 1, id: 'bad-cmd', cmd: 'pause' })),
        re: 'bad-cmd',
        code: 'BAD_FRAME',
        mentions: 'cmd: expected',
      },
      {
        name: 'an unknown command',
        send: (c) => c.send('call.teleport', {}, 'unknown-1'),
        re: 'unknown-1',
        code: 'UNKNOWN_COMMAND',
        mentions: 'call.teleport',
      },
      {
        name: 'wrong argument types',
        send: (c) => c.send('session.login', { agent: 1001, pin: '1001' }, 'bad-args-1'),
        re: 'bad-args-1',
        code: 'BAD_ARGS',
        mentions: 'args.agent',
      },
      {
        name: 'a binary frame',
        send: (c) => c.sendRaw(Buffer.from(JSON.stringify({ v: 1, id: 'bin', cmd: 'sys.ping' })), true),
        re: null,
        code: 'BAD_FRAME',
        mentions: 'binary',
      },
      {
        name: 'a command before login',
        send: (c) => c.send('agent.pause', { reason: 'Break' }, 'early-1'),
        re: 'early-1',
        code: 'NOT_LOGGED_IN',
      },
      {
        name: 'a wrong PIN',
        send: (c) => c.send('session.login', { agent: '1001', pin: '9999' }, 'wrong-pin-1'),
        re: 'wrong-pin-1',
        code: 'LOGIN_FAILED',
        mentions: 'PIN',
      },
    ];

    it.each(cases)('$name → $code', async ({ send, re, code, mentions }) => {
      const server = await startTestServer();
      const client = await RawClient.open(agentUrlOf(server));
      const from = client.frames.length;
      send(client);
      const answer = await client.nextResponse(() => true, from);
      expect(answer.v).toBe(1);
      expect(answer.re).toBe(re);
      const error = err(answer);
      expect(error.code).toBe(code);
      expect(error.message).toMatch(/^\S.{8,}\.$/s);
      if (mentions) expect(error.message).toContain(mentions);
      expect(client.garbage).toEqual([]);

      // Still open, still answering, and a login works on the very same socket.
      expect(ok<{ pong: boolean }>(await client.request('sys.ping')).pong).toBe(true);
      const login = ok<{ token: string }>(await client.request('session.login', { agent: '1001', pin: '1001' }));
      expect(login.token).toBeTruthy();
      expect(client.closeInfo).toBeNull();
    });

    it('a frame refused as it is read is answered after the commands sent before it, which wait for their commit', async () => {
      const server = await startTestServer();
      const { client } = await loginAgent(agentUrlOf(server), '1001');
      const from = client.responses.length;
      // One burst: read in one turn, the pause waits for the group commit while the junk needs none.
      client.send('agent.pause', { reason: 'Break' }, 'burst-1');
      client.sendRaw('[1,2,3]');
      client.send('sys.ping', {}, 'burst-3');
      await client.nextResponse((r) => r.re === 'burst-3');
      expect(client.responses.slice(from).map((r) => [r.re, r.ok])).toEqual([
        ['burst-1', true],
        [null, false],
        ['burst-3', true],
      ]);
    });

    it('wrong argument types of a logged-in command name the path', async () => {
      const server = await startTestServer();
      const { client } = await loginAgent(agentUrlOf(server), '1001');
      const error = err(await client.request('agent.pause', { reason: 42 }));
      expect(error.code).toBe('BAD_ARGS');
      expect(error.message).toContain('args.reason');
      // Nothing changed and the agent can still pause properly.
      expect(client.events.filter(isAgentUpdate('1001'))).toHaveLength(0);
      expect(ok<{ agent: { status: string } }>(await client.request('agent.pause', { reason: 'Break' })).agent.status).toBe('paused');
    });

    it('a lastSeq that is a number but not a whole one from 0 is told what is wrong with it, not that it is not a number', async () => {
      const server = await startTestServer();
      const client = await RawClient.open(agentUrlOf(server));
      for (const lastSeq of [-1, 1e300, 2.5]) {
        const error = err(await client.request('session.resume', { token: 'x', lastSeq }));
        expect(error.code).toBe('BAD_ARGS');
        expect(error.message).toBe('session.resume: args.lastSeq: lastSeq must be a whole number, 0 or more.');
      }
      // A string is still told it is not a number.
      expect(err(await client.request('session.resume', { token: 'x', lastSeq: '3' })).message).toBe('session.resume: args.lastSeq: expected lastSeq as a number.');
    });

    it('a page offset below 0 is told the rule it broke', async () => {
      const server = await startTestServer();
      const { client } = await loginAgent(agentUrlOf(server), '9001');
      const error = err(await client.request('conversations.list', { state: 'closed', offset: -1 }));
      expect(error.code).toBe('BAD_ARGS');
      expect(error.message).toContain('args.offset: offset must be a whole number, 0 or more.');
    });

    it('resuming with a token the server does not know says the session is broken, in the manual\'s words', async () => {
      const server = await startTestServer();
      const client = await RawClient.open(agentUrlOf(server));
      const error = err(await client.request('session.resume', { token: 'no-such-token', lastSeq: 3 }));
      expect(error.code).toBe('SESSION_BROKEN');
      expect(error.message).toBe(BROKEN_NO_SESSION);
      expect(error.message).toMatch(/^Your agent needs to log back in because their session is broken/);
      expect(ok<{ pong: boolean }>(await client.request('sys.ping')).pong).toBe(true);
    });

    it('an expired token is refused for commands and for resume, and a fresh login works', async () => {
      const clock = new FakeClock(Date.now());
      const server = await startTestServer({ clock });
      const url = agentUrlOf(server);
      const ava = await loginAgent(url, '1001');
      ok(await ava.client.request('agent.pause', { reason: 'Break' }));

      clock.advance((demoConfig().security.tokenTtlHours + 1) * 3600_000);

      const refused = err(await ava.client.request('agent.unpause'));
      expect(refused.code).toBe('TOKEN_EXPIRED');
      expect(refused.message).toContain(BROKEN_SESSION);
      const other = await RawClient.open(url);
      const resumed = err(await other.request('session.resume', { token: ava.token, lastSeq: ava.client.lastSeq() }));
      expect(resumed.code).toBe('TOKEN_EXPIRED');
      expect(resumed.message).toContain('Your agent needs to log back in because their session is broken');
      // The agent was not unpaused by the refused command.
      expect(server.engine.state.agent('1001')?.status).toBe('paused');
      // Logging in again joins the running session with a new token that works.
      const again = ok<{ token: string; joined: boolean }>(await other.request('session.login', { agent: '1001', pin: '1001' }));
      expect(again.joined).toBe(true);
      expect(ok<{ agent: { status: string } }>(await other.request('agent.unpause')).agent.status).toBe('available');
    });
  });

  it('an oversized frame closes only that socket, with 1009; other agents carry on', async () => {
    const server = await startTestServer();
    const url = agentUrlOf(server);
    const ava = await loginAgent(url, '1001');
    const ben = await loginAgent(url, '1002');

    const huge = JSON.stringify({ v: 1, id: 'huge', cmd: 'agent.pause', args: { reason: 'x'.repeat(1024 * 1024) } });
    expect(Buffer.byteLength(huge)).toBeGreaterThan(1024 * 1024);
    ava.client.sendRaw(huge);
    const closed = await ava.client.closed();
    expect(closed.code).toBe(1009);

    const r = await ben.client.request('agent.pause', { reason: 'Break' });
    expect(ok<{ agent: { status: string } }>(r).agent.status).toBe('paused');
    await ben.client.nextEvent((e) => isAgentUpdate('1002')(e) && agentOf(e).status === 'paused');
    // The oversized command was never applied.
    expect(server.engine.state.agent('1001')?.status).toBe('available');
  });

  it("a supervisor's frame of exactly 1 MiB is still accepted (an agent's limit is lower: hostile.test.ts)", async () => {
    const server = await startTestServer();
    const { client } = await loginAgent(agentUrlOf(server), '9001');
    const base = JSON.stringify({ v: 1, id: 'big', cmd: 'sys.ping', args: { pad: '' } });
    const frame = JSON.stringify({ v: 1, id: 'big', cmd: 'sys.ping', args: { pad: 'x'.repeat(1024 * 1024 - Buffer.byteLength(base)) } });
    expect(Buffer.byteLength(frame)).toBe(1024 * 1024);
    const from = client.frames.length;
    client.sendRaw(frame);
    expect(ok<{ pong: boolean }>(await client.nextResponse((r) => r.re === 'big', from)).pong).toBe(true);
    expect(client.closeInfo).toBeNull();
  });

  it('/healthz answers 200 with JSON', async () => {
    const server = await startTestServer();
    await loginAgent(agentUrlOf(server), '1001');
    const res = await fetch(`http://127.0.0.1:${server.http!.port}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await res.json()) as { ok: boolean; telephony: string; agents: number; seq: number };
    expect(body).toMatchObject({ ok: true, telephony: 'ready', agents: 1 });
    expect(body.seq).toBeGreaterThan(0);
  });
});
