import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config/parse.js';
import type { Origin } from '../../src/core/context.js';
import { visitorStart } from '../../src/core/messaging/visitor.js';
import type { Conversation } from '../../src/core/protocol/model.js';
import { FakeClock } from '../fake-clock.js';
import { allMessages, errorOf, makeCore, resultOf, type TestCore } from '../helpers.js';

/**
 * The manual's eighth assignment trigger, "Change of Agent's Status": an agent
 * going inactive (logged out; disconnected or paused for too long where the
 * queue says so) has their open conversations assigned again by the
 * workload rules, each with a notice saying why.
 */
const CONFIG = `
center: { name: Test, timeZone: Europe/London }
messagingQueues:
  - { id: web, name: Web, channels: [livechat] }
  - { id: keep, name: Keep, channels: [livechat], reassign: { onLogout: false, disconnectedSeconds: null } }
  - { id: breaks, name: Breaks, channels: [livechat], reassign: { pausedMinutes: 10, disconnectedSeconds: 600 } }
agents:
  - { number: "301", name: Ada, email: a@x.io, pin: "3010", password: pass, messagingQueues: [web, keep, breaks], capacity: { livechat: 3 } }
  - { number: "302", name: Bo, email: b@x.io, pin: "3020", password: pass, messagingQueues: [web, keep, breaks], capacity: { livechat: 3 } }
`;

function core(): TestCore {
  return makeCore({ config: parseConfig(CONFIG, 'status.yaml'), clock: new FakeClock('2026-01-05T10:00:00Z') });
}

function login(c: TestCore, agent: string, extra: Record<string, unknown> = {}): Origin & { token: string } {
  const r = resultOf<{ token: string }>(c.send('session.login', { agent, pin: `${agent}0`, ...extra }));
  return { principal: c.engine.authenticate(r.token), address: 'x', token: r.token };
}

let visitors = 0;
function visit(c: TestCore, queue = 'web'): Conversation {
  return c.engine.run((ctx) =>
    visitorStart(ctx, { visitorId: `v${++visitors}`, name: `Visitor ${visitors}`, email: null, queue, ip: `198.51.100.${visitors}`, geo: null, text: 'Hello' }),
  );
}

const conv = (c: TestCore, id: string) => c.engine.state.get('conversation', id)!;
const notices = (c: TestCore, id: string) =>
  allMessages(c.engine).filter((m) => m.conversation === id && m.author === 'system').map((m) => m.text);

describe('change of agent status: logging out', () => {
  it("gives the agent's open conversations to the free member with the lowest workload, saying why", () => {
    const c = core();
    const ada = login(c, '301');
    const first = visit(c);
    const second = visit(c);
    expect([conv(c, first.id).agent, conv(c, second.id).agent]).toEqual(['301', '301']);
    login(c, '302');
    resultOf(c.send('session.logout', {}, ada));
    for (const id of [first.id, second.id]) {
      expect(conv(c, id)).toMatchObject({ agent: '302', status: 'open' });
      expect(notices(c, id).slice(-2)).toEqual([
        'Ada logged out: the conversation goes back to queue Web to be assigned again.',
        'Conversation assigned to Bo automatically.',
      ]);
      // Ada took part: the transfer record keeps the conversation in her closed history.
      expect(conv(c, id).transfers.at(-1)).toMatchObject({ by: '301', fromAgent: '301', toAgent: null, inactive: 'logged-out' });
    }
  });

  it('with nobody free, the conversation waits unassigned in its queue for the next agent', () => {
    const c = core();
    const ada = login(c, '301');
    const chat = visit(c);
    resultOf(c.send('session.logout', {}, ada));
    expect(conv(c, chat.id)).toMatchObject({ agent: null, status: 'open', queue: 'web' });
    login(c, '302');
    expect(conv(c, chat.id).agent).toBe('302');
  });

  it('leaves solved conversations (survey mode) and queues that keep them (onLogout: false) alone', () => {
    const c = core();
    const ada = login(c, '301');
    const kept = visit(c, 'keep');
    const solved = visit(c);
    resultOf(c.send('conversation.status', { id: solved.id, status: 'waiting' }, ada));
    c.engine.run((ctx) => ctx.tx.put('conversation', { ...conv(c, solved.id), status: 'solved' }, 'test'));
    login(c, '302');
    resultOf(c.send('session.logout', {}, ada));
    expect(conv(c, kept.id).agent).toBe('301');
    expect(conv(c, solved.id).agent).toBe('301');
  });
});

describe('change of agent status: a broken session', () => {
  it('after the grace with no panel connected, the conversations move, and the agent is given no new one', () => {
    const c = core();
    login(c, '301');
    const chat = visit(c);
    login(c, '302');
    c.engine.agentDisconnected('301');
    expect(c.engine.presence.lostSince('301')).toBe(c.clock.now());
    c.clock.advance(119_000);
    expect(conv(c, chat.id).agent).toBe('301');
    c.clock.advance(1_000);
    expect(conv(c, chat.id).agent).toBe('302');
    expect(notices(c, chat.id)).toContain('Ada has been disconnected for 2 minutes: the conversation goes back to queue Web to be assigned again.');
    // Still logged in and available, but gone: a new chat goes to Bo although Ada has less work.
    const next = visit(c);
    expect(conv(c, next.id).agent).toBe('302');
  });

  it('an agent who comes back within the grace keeps every conversation', () => {
    const c = core();
    const ada = login(c, '301');
    const chat = visit(c);
    login(c, '302');
    c.engine.agentDisconnected('301');
    c.clock.advance(90_000);
    // The panel resumes its session.
    resultOf(c.send('session.resume', { token: ada.token, lastSeq: 0 }));
    expect(c.engine.presence.lostSince('301')).toBeNull();
    c.clock.advance(600_000);
    expect(conv(c, chat.id).agent).toBe('301');
    expect(notices(c, chat.id).some((n) => n.includes('disconnected'))).toBe(false);
  });

  it('each queue has its own grace: Breaks waits ten minutes, Keep never moves', () => {
    const c = core();
    login(c, '301');
    const web = visit(c, 'web');
    const breaks = visit(c, 'breaks');
    const keep = visit(c, 'keep');
    login(c, '302');
    c.engine.agentDisconnected('301');
    c.clock.advance(120_000);
    expect([conv(c, web.id).agent, conv(c, breaks.id).agent, conv(c, keep.id).agent]).toEqual(['302', '301', '301']);
    c.clock.advance(480_000);
    expect([conv(c, breaks.id).agent, conv(c, keep.id).agent]).toEqual(['302', '301']);
    expect(notices(c, breaks.id)).toContain('Ada has been disconnected for 10 minutes: the conversation goes back to queue Breaks to be assigned again.');
    c.clock.advance(3_600_000);
    expect(conv(c, keep.id).agent).toBe('301');
  });

  it('a logout while away ends the wait: nothing is checked for a session that is over', () => {
    const c = core();
    const ada = login(c, '301');
    const chat = visit(c);
    c.engine.agentDisconnected('301');
    resultOf(c.send('session.logout', {}, ada));
    expect(c.engine.presence.lostSince('301')).toBeNull();
    expect(conv(c, chat.id).agent).toBeNull();
    login(c, '301');
    // Logged in again: the earlier disconnection does not count against the new session.
    c.clock.advance(600_000);
    expect(conv(c, chat.id).agent).toBe('301');
  });
});

describe('change of agent status: a long pause where the queue asks', () => {
  it('moves conversations of a queue with pausedMinutes once the pause has lasted that long, not the others', () => {
    const c = core();
    const ada = login(c, '301');
    const breaks = visit(c, 'breaks');
    const web = visit(c, 'web');
    login(c, '302');
    resultOf(c.send('agent.pause', { reason: 'Lunch' }, ada));
    c.clock.advance(9 * 60_000);
    expect(conv(c, breaks.id).agent).toBe('301');
    c.clock.advance(60_000);
    expect(conv(c, breaks.id).agent).toBe('302');
    expect(notices(c, breaks.id)).toContain('Ada has been paused (Lunch) for 10 minutes: the conversation goes back to queue Breaks to be assigned again.');
    c.clock.advance(3_600_000);
    expect(conv(c, web.id).agent).toBe('301');
  });

  it('an unpause within the time keeps them, and a new pause counts from its own start', () => {
    const c = core();
    const ada = login(c, '301');
    const breaks = visit(c, 'breaks');
    login(c, '302');
    resultOf(c.send('agent.pause', { reason: 'Break' }, ada));
    c.clock.advance(8 * 60_000);
    resultOf(c.send('agent.unpause', {}, ada));
    resultOf(c.send('agent.pause', { reason: 'Break' }, ada));
    c.clock.advance(8 * 60_000);
    expect(conv(c, breaks.id).agent).toBe('301');
    c.clock.advance(2 * 60_000);
    expect(conv(c, breaks.id).agent).toBe('302');
  });
});

describe('reassign configuration', () => {
  it('refuses a grace under a second, with the field named', () => {
    const bad = CONFIG.replace('disconnectedSeconds: 600', 'disconnectedSeconds: 0');
    expect(() => parseConfig(bad, 'status.yaml')).toThrow(/disconnectedSeconds.*at least 1 second/);
  });

  it('defaults to the manual: logout and a two-minute broken session reassign, a pause does not', () => {
    const config = parseConfig(CONFIG, 'status.yaml');
    expect(config.messagingQueues.find((q) => q.id === 'web')!.reassign).toEqual({ onLogout: true, disconnectedSeconds: 120, pausedMinutes: null });
  });

  it('a logout that is refused (on a call) moves nothing', () => {
    const c = makeCore({ clock: new FakeClock('2026-01-05T10:00:00Z') });
    const ava = c.login('1001');
    const chat = c.engine.run((ctx) =>
      visitorStart(ctx, { visitorId: 'vx', name: 'X', email: null, queue: 'support-chat', ip: '198.51.100.200', geo: null, text: 'Hi' }),
    );
    expect(conv(c, chat.id).agent).toBe('1001');
    c.sim.placeInboundCall('7001', { number: '+441', name: 'Caller' });
    resultOf(c.send('call.answer', {}, ava));
    expect(errorOf(c.send('session.logout', {}, ava)).code).toBe('AGENT_BUSY');
    expect(conv(c, chat.id).agent).toBe('1001');
  });
});
