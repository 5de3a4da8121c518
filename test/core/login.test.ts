import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config/parse.js';
import { demoConfig, errorOf, makeCore, resultOf } from '../helpers.js';

describe('login (Agent Login Window)', () => {
  it('logs in with agent number and PIN, as available, with the voice queues of an inbound agent', () => {
    const core = makeCore();
    const r = resultOf<{ agent: { status: string; session: { strategy: string; voiceQueues: string[]; campaign: null } } }>(
      core.send('session.login', { agent: '1001', pin: '1001', strategy: 'inbound', device: 'softphone', as: 'available' }),
    );
    expect(r.agent.status).toBe('available');
    expect(r.agent.session.strategy).toBe('inbound');
    expect(r.agent.session.voiceQueues).toEqual(['7001', '7002']);
    expect(r.agent.session.campaign).toBeNull();
  });

  it('checks email and password when they are given', () => {
    const core = makeCore();
    expect(core.send('session.login', { agent: '1001', pin: '1001', email: '1001@demo.switchboard', password: 'demo' }).ok).toBe(true);
    const wrong = errorOf(core.send('session.login', { agent: '1002', pin: '1002', email: '1002@demo.switchboard', password: 'nope' }));
    expect(wrong.code).toBe('LOGIN_FAILED');
    expect(wrong.message).toBe('The email or password is not correct. Try again.');
  });

  it('refuses a wrong PIN with a sentence that does not say which part was wrong', () => {
    const core = makeCore();
    const e = errorOf(core.send('session.login', { agent: '1001', pin: '9999' }));
    expect(e).toEqual({ code: 'LOGIN_FAILED', message: 'The agent number or PIN is not correct. Try again.' });
    expect(errorOf(core.send('session.login', { agent: '5555', pin: '5555' })).code).toBe('LOGIN_FAILED');
    expect(core.engine.state.agent('1001')!.status).toBe('logged-out');
  });

  it('refuses an agent with no queue and no campaign', () => {
    const config = demoConfig();
    config.agents.push({ ...config.agents[0]!, number: '1099', pin: '1099', email: 'x@y.z', voiceQueues: [], messagingQueues: [], campaigns: [] });
    const core = makeCore({ config });
    const e = errorOf(core.send('session.login', { agent: '1099', pin: '1099' }));
    expect(e.code).toBe('NO_QUEUE_OR_CAMPAIGN');
    expect(e.message).toContain('is not a member of any voice or messaging queue and has no campaign');
  });

  it('works one campaign per session: outbound needs a choice when the agent has several', () => {
    const core = makeCore();
    expect(errorOf(core.send('session.login', { agent: '1001', pin: '1001', strategy: 'outbound' })).code).toBe('CAMPAIGN_REQUIRED');
    expect(errorOf(core.send('session.login', { agent: '1001', pin: '1001', strategy: 'outbound', campaign: 'voice-reminders' })).code).toBe(
      'CAMPAIGN_NOT_ASSIGNED',
    );
    const r = resultOf<{ agent: { session: { campaign: string; voiceQueues: string[]; mode: string } } }>(
      core.send('session.login', { agent: '1001', pin: '1001', strategy: 'outbound', campaign: 'power-sales' }),
    );
    expect(r.agent.session).toMatchObject({ campaign: 'power-sales', voiceQueues: [], mode: 'outbound' });
  });

  it('logs in as paused, and the pause carries its start time', () => {
    const core = makeCore();
    const at = core.clock.now();
    const r = resultOf<{ agent: { status: string; statusSince: number; pauseReason: string } }>(
      core.send('session.login', { agent: '1003', pin: '1003', as: 'paused', pauseReason: 'Meeting' }),
    );
    expect(r.agent).toMatchObject({ status: 'paused', statusSince: at, pauseReason: 'Meeting' });
  });

  it('rate-limits failed logins per agent number', () => {
    const core = makeCore();
    for (let i = 0; i < 5; i++) core.send('session.login', { agent: '1001', pin: '0000' }, { address: `10.1.0.${i}` });
    const locked = errorOf(core.send('session.login', { agent: '1001', pin: '1001' }, { address: '10.9.9.9' }));
    expect(locked.code).toBe('LOGIN_RATE_LIMITED');
    expect(locked.message).toBe('Too many failed logins for agent 1001. Try again in 5 minutes.');
    core.clock.advance(5 * 60_000 + 1);
    expect(core.send('session.login', { agent: '1001', pin: '1001' }, { address: '10.9.9.9' }).ok).toBe(true);
  });

  it('rate-limits failed logins per address, across agent numbers', () => {
    const core = makeCore();
    for (let i = 0; i < 5; i++) core.send('session.login', { agent: `10${10 + i}`, pin: '0000' }, { address: '192.0.2.7' });
    const locked = errorOf(core.send('session.login', { agent: '1005', pin: '1005' }, { address: '192.0.2.7' }));
    expect(locked.code).toBe('LOGIN_RATE_LIMITED');
    expect(locked.message).toContain('your address');
    expect(core.send('session.login', { agent: '1005', pin: '1005' }, { address: '192.0.2.8' }).ok).toBe(true);
  });

  it("lets the agent in from a known place while someone elsewhere guesses their PIN", () => {
    const core = makeCore();
    expect(core.send('session.check', { agent: '1001', pin: '1001' }, { address: '10.0.0.5' }).ok).toBe(true);
    for (let i = 0; i < 5; i++) core.send('session.check', { agent: '1001', pin: '0000' }, { address: `198.51.100.${i}` });
    expect(errorOf(core.send('session.check', { agent: '1001', pin: '1001' }, { address: '203.0.113.1' })).code).toBe('LOGIN_RATE_LIMITED');
    expect(core.send('session.login', { agent: '1001', pin: '1001' }, { address: '10.0.0.5' }).ok).toBe(true);
  });

  it('does not lock out agents behind the same NAT as a guesser who already worked there', () => {
    const core = makeCore();
    expect(core.send('session.check', { agent: '1003', pin: '1003' }, { address: '192.0.2.50' }).ok).toBe(true);
    for (let i = 0; i < 5; i++) core.send('session.check', { agent: `10${10 + i}`, pin: '0000' }, { address: '192.0.2.50' });
    expect(errorOf(core.send('session.check', { agent: '1004', pin: '1004' }, { address: '192.0.2.50' })).message).toContain('your address');
    expect(core.send('session.check', { agent: '1003', pin: '1003' }, { address: '192.0.2.50' }).ok).toBe(true);
  });

  it('backs off: each lockout of the same agent and address lasts twice the one before', () => {
    const core = makeCore();
    const guess = () => core.send('session.check', { agent: '1001', pin: '0000' }, { address: '198.51.100.7' });
    for (let i = 0; i < 5; i++) guess();
    expect(errorOf(guess()).message).toContain('5 minutes');
    core.clock.advance(5 * 60_000 + 1);
    for (let i = 0; i < 5; i++) guess();
    expect(errorOf(guess()).message).toContain('10 minutes');
  });

  it('refuses an agent number too long to be one, before it is counted anywhere', () => {
    const core = makeCore();
    const refused = errorOf(core.send('session.login', { agent: '9'.repeat(1_000_000), pin: '1' }));
    expect(refused.code).toBe('BAD_ARGS');
    expect(refused.message.length).toBeLessThan(200);
  });

  it('joins the running session on a second login instead of ending it', () => {
    const core = makeCore();
    const first = core.login('1002');
    core.send('agent.pause', { reason: 'Lunch' }, first);
    const again = resultOf<{ joined: boolean; agent: { status: string; session: { id: string } } }>(
      core.send('session.login', { agent: '1002', pin: '1002' }),
    );
    expect(again.joined).toBe(true);
    expect(again.agent.status).toBe('paused');
    expect(again.agent.session.id).toBe(first.principal!.sessionId);
  });
});

describe('pause, unpause, logout', () => {
  it('pauses with a configured reason, keeps the pause start when the reason changes, and unpauses', () => {
    const core = makeCore();
    const me = core.login('1001');
    core.clock.advance(1000);
    const paused = resultOf<{ agent: { status: string; statusSince: number } }>(core.send('agent.pause', { reason: 'Break' }, me));
    expect(paused.agent.status).toBe('paused');
    const since = paused.agent.statusSince;
    core.clock.advance(60_000);
    const changed = resultOf<{ agent: { pauseReason: string; statusSince: number } }>(core.send('agent.pause', { reason: 'Lunch' }, me));
    expect(changed.agent).toMatchObject({ pauseReason: 'Lunch', statusSince: since });
    const back = resultOf<{ agent: { status: string; statusSince: number } }>(core.send('agent.unpause', {}, me));
    expect(back.agent.status).toBe('available');
    expect(back.agent.statusSince).toBe(core.clock.now());
  });

  it('refuses an unknown pause reason and an unpause when not paused', () => {
    const core = makeCore();
    const me = core.login('1001');
    const e = errorOf(core.send('agent.pause', { reason: 'Nap' }, me));
    expect(e.code).toBe('UNKNOWN_PAUSE_REASON');
    expect(e.message).toContain('"Nap" is not one of the pause reasons');
    const u = errorOf(core.send('agent.unpause', {}, me));
    expect(u).toEqual({ code: 'ILLEGAL_TRANSITION', message: 'You are already available.', details: { machine: 'agent status', from: 'available', to: 'available' } });
  });

  it('logs out, and the token stops working', () => {
    const core = makeCore();
    const me = core.login('1004');
    expect(core.send('session.logout', {}, me).ok).toBe(true);
    expect(core.engine.state.agent('1004')!.status).toBe('logged-out');
    const after = errorOf(core.send('agent.pause', { reason: 'Break' }, me));
    expect(after.code).toBe('LOGGED_OUT_ELSEWHERE');
  });

  it('refuses commands that need a login from a connection that has none', () => {
    const core = makeCore();
    expect(errorOf(core.send('agent.pause', { reason: 'Break' })).code).toBe('NOT_LOGGED_IN');
  });

  it('expires tokens after the configured time', () => {
    const config = parseConfig(
      'security: { tokenTtlHours: 1 }\nvoiceQueues: [{number: "7001", name: Q}]\nagents: [{number: "1001", name: A, email: a@b.io, pin: "1001", password: pass, voiceQueues: ["7001"]}]',
      't.yaml',
    );
    const core = makeCore({ config });
    const me = core.login('1001');
    core.clock.advance(3600_000 + 1);
    const e = errorOf(core.send('agent.pause', { reason: 'Break' }, me));
    expect(e.code).toBe('TOKEN_EXPIRED');
    expect(e.message).toContain('session is broken');
  });
});
