import { afterEach, describe, expect, it } from 'vitest';
import { agentUrlOf, err, isAgentUpdate, loginAgent, ok, RawClient, runCleanups, startTestServer } from './support.js';
import { http } from './visitor-support.js';
import { DEFAULT_LIMITS } from '../../src/server/limits.js';
import { demoConfig } from '../helpers.js';
import { FakeClock } from '../fake-clock.js';

/**
 * One agent's logged-in sockets are bounded: each receives every event of the
 * agent, so one token resumed in thousands of sockets made the server send
 * everything thousands of times. Past the bound the login is refused and the
 * agent's other sockets go on as before.
 */
afterEach(runCleanups);

describe('sockets per agent', () => {
  it(`takes ${DEFAULT_LIMITS.socketsPerAgent} sockets of one agent, refuses the next with TOO_MANY_SESSIONS, and leaves the others alone`, async () => {
    const server = await startTestServer();
    const url = agentUrlOf(server);
    const ana = await loginAgent(url, '1001', { as: 'paused' });
    const panels = [ana.client];
    // Her panel reconnecting, other windows, SSH panels and scripts: all on the one session.
    for (let i = 1; i < DEFAULT_LIMITS.socketsPerAgent; i++) {
      const panel = await RawClient.open(url);
      ok(await panel.request('session.resume', { token: ana.token, lastSeq: 0 }));
      panels.push(panel);
    }
    const extra = await RawClient.open(url);
    const resumed = err(await extra.request('session.resume', { token: ana.token, lastSeq: 0 }));
    expect(resumed.code).toBe('TOO_MANY_SESSIONS');
    expect(resumed.message).toBe('Agent 1001 already has 20 connections open to this server (panels, windows, scripts); close one and try again.');
    // Her PIN does not get round it either.
    expect(err(await extra.request('session.login', { agent: '1001', pin: '1001' })).code).toBe('TOO_MANY_SESSIONS');
    expect((await http(server, 'GET', '/healthz')).json<{ agents: number }>().agents).toBe(DEFAULT_LIMITS.socketsPerAgent);

    // Every socket she had still follows her: she is available on all of them.
    const from = panels.map((p) => p.frames.length);
    ok(await ana.client.request('agent.unpause'));
    await Promise.all(panels.map((p, i) => p.nextEvent((e) => isAgentUpdate('1001')(e) && (e.data.agent as { status: string }).status === 'available', from[i])));
    // The refused socket is still open, not logged in, and was sent nothing of hers.
    expect(extra.events.filter(isAgentUpdate('1001'))).toEqual([]);
    expect(err(await extra.request('agent.pause', { reason: 'Break' })).code).toBe('NOT_LOGGED_IN');

    // Once one of hers closes, the refused one gets in.
    panels.pop()!.close();
    let again = await extra.request('session.resume', { token: ana.token, lastSeq: 0 });
    for (let tries = 0; !again.ok && tries < 50; tries++) {
      await new Promise((r) => setTimeout(r, 20));
      again = await extra.request('session.resume', { token: ana.token, lastSeq: 0 });
    }
    expect(ok<{ resumed: boolean }>(again).resumed).toBe(true);
  });

  it('counts each agent apart: a colleague logs in while one agent is at the bound', async () => {
    const server = await startTestServer({ limits: { socketsPerAgent: 2 } });
    const url = agentUrlOf(server);
    const ana = await loginAgent(url, '1001');
    const second = await RawClient.open(url);
    ok(await second.request('session.resume', { token: ana.token, lastSeq: 0 }));
    const third = await RawClient.open(url);
    expect(err(await third.request('session.resume', { token: ana.token, lastSeq: 0 })).code).toBe('TOO_MANY_SESSIONS');
    const ben = await loginAgent(url, '1002');
    expect(ok<{ pong: boolean }>(await ben.client.request('sys.ping')).pong).toBe(true);
    // A socket already hers may log in again (a panel re-entering its PIN) without counting twice.
    ok(await second.request('session.login', { agent: '1001', pin: '1001' }));
  });

  it("takes the bound from the configuration's security.socketsPerAgent", async () => {
    const demo = demoConfig();
    const server = await startTestServer({ config: { ...demo, security: { ...demo.security, socketsPerAgent: 3 } } });
    const url = agentUrlOf(server);
    const ana = await loginAgent(url, '1001');
    for (let i = 1; i < 3; i++) ok(await (await RawClient.open(url)).request('session.resume', { token: ana.token, lastSeq: 0 }));
    const refused = err(await (await RawClient.open(url)).request('session.resume', { token: ana.token, lastSeq: 0 }));
    expect(refused).toEqual({ code: 'TOO_MANY_SESSIONS', message: 'Agent 1001 already has 3 connections open to this server (panels, windows, scripts); close one and try again.' });
  });

  it('says one connection in words when the bound is one', async () => {
    const demo = demoConfig();
    const server = await startTestServer({ config: { ...demo, security: { ...demo.security, socketsPerAgent: 1 } } });
    const ana = await loginAgent(agentUrlOf(server), '1001');
    const refused = err(await (await RawClient.open(agentUrlOf(server))).request('session.resume', { token: ana.token, lastSeq: 0 }));
    expect(refused.message).toBe('Agent 1001 already has 1 connection open to this server (panels, windows, scripts); close one and try again.');
  });

  it('stores no token for a login refused at the bound, and still checks the PIN first', async () => {
    const server = await startTestServer({ limits: { socketsPerAgent: 2 } });
    const url = agentUrlOf(server);
    const ana = await loginAgent(url, '1001');
    ok(await (await RawClient.open(url)).request('session.resume', { token: ana.token, lastSeq: 0 }));
    const tokens = () => [...server.engine.state.all('token')].length;
    const before = tokens();
    // A script at the bound, retrying with her PIN: each refused login stored a token valid for hours that nobody held.
    const script = await RawClient.open(url);
    for (let i = 0; i < 30; i++) expect(err(await script.request('session.login', { agent: '1001', pin: '1001' })).code).toBe('TOO_MANY_SESSIONS');
    expect(tokens()).toBe(before);
    // Without her PIN nothing is said of her connections.
    expect(err(await script.request('session.login', { agent: '1001', pin: '9999' })).code).toBe('LOGIN_FAILED');
    // The refused socket gets in once one of hers closes: its one token is stored, and it acts for her.
    ana.client.close();
    let again = await script.request('session.login', { agent: '1001', pin: '1001' });
    for (let tries = 0; !again.ok && tries < 50; tries++) {
      await new Promise((r) => setTimeout(r, 20));
      again = await script.request('session.login', { agent: '1001', pin: '1001' });
    }
    ok(again);
    expect(tokens()).toBe(before + 1);
    ok(await script.request('agent.pause', { reason: 'Break' }));
  });

  it('leaves the token as it was when a resume is refused at the bound: its expiry is not slid on', async () => {
    const clock = new FakeClock('2026-01-05T09:00:00Z');
    const server = await startTestServer({ clock, limits: { socketsPerAgent: 1 } });
    const url = agentUrlOf(server);
    const ana = await loginAgent(url, '1001');
    const expiryOfHerToken = () => [...server.engine.state.all('token')].filter((t) => t.agent === '1001').map((t) => t.expiresAt);
    const issued = expiryOfHerToken();
    expect(issued).toHaveLength(1);
    clock.advance(3600_000);
    // A second window resuming with her token, past the bound of one socket: refused, and the token untouched.
    const extra = await RawClient.open(url);
    expect(err(await extra.request('session.resume', { token: ana.token, lastSeq: 0 })).code).toBe('TOO_MANY_SESSIONS');
    expect(expiryOfHerToken()).toEqual(issued);
    // Once her panel is gone, the resume is taken and slides the expiry on by the hour that passed.
    ana.client.close();
    let again = await extra.request('session.resume', { token: ana.token, lastSeq: 0 });
    for (let tries = 0; !again.ok && tries < 50; tries++) {
      await new Promise((r) => setTimeout(r, 20));
      again = await extra.request('session.resume', { token: ana.token, lastSeq: 0 });
    }
    ok(again);
    expect(expiryOfHerToken()).toEqual([issued[0]! + 3600_000]);
  });
});
