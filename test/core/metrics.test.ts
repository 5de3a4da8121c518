import { canSee } from '../../src/core/protocol/audience.js';
import { audienceOfScope } from '../../src/core/protocol/entities.js';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config/parse.js';
import type { Origin } from '../../src/core/context.js';
import { FakeClock } from '../fake-clock.js';
import type { DayMetrics } from '../../src/core/protocol/model.js';
import { average, p90 } from '../../src/core/metrics/samples.js';
import { visitorStart } from '../../src/core/messaging/visitor.js';
import { makeCore, resultOf, scratchDatabases, type TestCore } from '../helpers.js';

const CONFIG = `
center: { name: Test, timeZone: Europe/London }
messagingQueues:
  - { id: web, name: Web, channels: [livechat] }
  - { id: vip, name: VIP, channels: [livechat] }
voiceQueues:
  - { number: "7001", name: Support, serviceLevelSeconds: 20, wrapUpSeconds: 0 }
agents:
  - { number: "301", name: Ada, email: a@x.io, pin: "3010", password: pass, messagingQueues: [web], voiceQueues: ["7001"], capacity: { livechat: 3 } }
  - { number: "302", name: Bo, email: b@x.io, pin: "3020", password: pass, messagingQueues: [web], capacity: { livechat: 3 } }
  - { number: "309", name: Sue, email: s@x.io, pin: "3090", password: pass, role: supervisor, messagingQueues: [web, vip] }
`;

const dataFile = scratchDatabases('sb-metrics-');

function login(core: TestCore, agent: string, extra: Record<string, unknown> = {}): Origin {
  const r = core.send('session.login', { agent, pin: `${agent}0`, ...extra });
  if (!r.ok) throw new Error(r.error.message);
  return { principal: core.engine.authenticate((r.result as { token: string }).token), address: 'x' };
}

let n = 0;
function visit(core: TestCore): string {
  return core.engine.run((ctx) => visitorStart(ctx, { visitorId: `v${++n}`, name: `Visitor ${n}`, email: null, queue: 'web', ip: `192.0.2.${n}`, geo: null, text: 'hi' })).id;
}

const metrics = (core: TestCore, day: string, scope: string) => core.engine.state.get('metrics', `${day}|${scope}`) as DayMetrics;
const at = (iso: string, core: TestCore) => core.clock.advance(Date.parse(iso) - core.clock.now());
const S = 1000;

describe('daily metrics over a scripted day', () => {
  it('counts carried-over, new and closed conversations, speed of answer and handling time, across midnight and a restart', () => {
    const file = dataFile();
    const clock = new FakeClock('2026-01-05T21:00:00Z');
    const config = parseConfig(CONFIG, 'm.yaml');
    config.simulator.callsPerMinute = 0;
    let core = makeCore({ config, clock, file });
    let ada = login(core, '301');

    at('2026-01-05T22:00:00Z', core);
    const a = visit(core);
    at('2026-01-05T22:00:30Z', core);
    resultOf(core.send('message.send', { conversation: a, text: 'Hello' }, ada));
    at('2026-01-05T23:30:00Z', core);
    const b = visit(core);

    at('2026-01-06T00:10:00Z', core); // past midnight
    resultOf(core.send('message.send', { conversation: b, text: 'Sorry for the wait' }, ada));
    at('2026-01-06T01:00:00Z', core);
    resultOf(core.send('conversation.close', { id: a }, ada));

    // A restart in the middle of the day.
    at('2026-01-06T02:00:00Z', core);
    core.engine.stop();
    core.store.close();
    core = makeCore({ config, clock, file });
    ada = { principal: core.engine.authenticate(ada.principal!.token), address: 'x' };

    at('2026-01-06T03:00:00Z', core);
    const c = visit(core);
    at('2026-01-06T03:01:00Z', core);
    resultOf(core.send('message.send', { conversation: c, text: 'Hi' }, ada));
    at('2026-01-06T03:30:00Z', core);
    resultOf(core.send('conversation.close', { id: c }, ada));

    const day1 = metrics(core, '2026-01-05', 'center');
    expect(day1).toMatchObject({ created: 2, closed: 0, carriedOver: 0 });
    expect(day1.speedOfAnswer.values).toEqual([30 * S]);
    expect(day1.perHour[22]).toBe(1);
    expect(day1.perHour[23]).toBe(1);

    const day2 = metrics(core, '2026-01-06', 'center');
    expect(day2).toMatchObject({ carriedOver: 2, created: 1, closed: 2 });
    expect(average(day2.speedOfAnswer)).toBe(1230 * S); // (2400 + 60) / 2
    expect(p90(day2.speedOfAnswer)).toBe(2400 * S);
    expect(average(day2.handlingTime)).toBe(6300 * S); // (10800 + 1800) / 2
    expect(p90(day2.handlingTime)).toBe(10800 * S);
    expect(day2.byQueue.web).toEqual({ created: 1, closed: 2 });
    expect(day2.byChannel.livechat).toEqual({ created: 1, closed: 2 });

    const adaDay2 = metrics(core, '2026-01-06', 'agent:301');
    expect(adaDay2).toMatchObject({ carriedOver: 2, created: 1, closed: 2 });
    expect(core.engine.state.agent('301')!.load).toMatchObject({ livechat: 1, workload: 33 });
  });

  it('keeps voice figures: answered, abandoned, wait, talk and service level', () => {
    const config = parseConfig(CONFIG, 'm.yaml');
    config.simulator.patienceSeconds = { min: 1000, max: 1000 };
    config.simulator.talkSeconds = { min: 1000, max: 1000 };
    const core = makeCore({ config, clock: new FakeClock('2026-01-06T10:00:00Z') });
    core.sim.placeInboundCall('7001', { number: '+441', name: 'A' });
    core.clock.advance(5 * S);
    const ada = login(core, '301');
    resultOf(core.send('call.answer', {}, ada));
    core.clock.advance(60 * S);
    resultOf(core.send('call.hangup', {}, ada));
    const leg = core.sim.placeInboundCall('7001', { number: '+442', name: 'B' });
    resultOf(core.send('agent.pause', { reason: 'Break' }, ada));
    core.clock.advance(3 * S);
    core.sim.hangUp(leg, 'normal');
    const q = metrics(core, '2026-01-06', 'vqueue:7001');
    expect(q).toMatchObject({ callsAnswered: 1, callsAbandoned: 1, waitMs: 5 * S, talkMs: 60 * S, answeredWithinServiceLevel: 1, callsEnded: 1 });
  });
});

describe('visibility of figures', () => {
  it('a panel is given its own figures and its voice queues\' (My Performance); agents may see their own and their queues\', supervisors all', () => {
    const core = makeCore({ config: parseConfig(CONFIG, 'm.yaml'), clock: new FakeClock('2026-01-06T10:00:00Z') });
    const ada = login(core, '301');
    const bo = login(core, '302');
    const sue = login(core, '309');
    visit(core);
    visit(core);
    core.sim.placeInboundCall('7001');
    core.clock.advance(10 * 60_000); // the caller gives up: Support's figures count an abandon
    const scopes = (o: Origin) => core.engine.snapshot(o.principal!).entities.metrics.map((m) => m.scope).sort();
    expect(scopes(ada)).toEqual(['agent:301', 'vqueue:7001']);
    expect(scopes(bo)).toEqual(['agent:302']);
    // Sue has taken no chat today: no figures of hers yet; nobody else's are drawn on her first screen.
    expect(scopes(sue)).toEqual([]);
    const may = (o: Origin, scope: string) => canSee(audienceOfScope(scope), o.principal!);
    expect(['agent:301', 'queue:web', 'vqueue:7001', 'center', 'agent:302'].map((s) => may(ada, s))).toEqual([true, true, true, false, false]);
    expect(['agent:301', 'agent:302', 'center', 'channel:livechat', 'queue:web'].every((s) => may(sue, s))).toBe(true);
  });

  it('closed conversations an agent was not part of are visible to supervisors of the queue only', () => {
    const core = makeCore({ config: parseConfig(CONFIG, 'm.yaml'), clock: new FakeClock('2026-01-06T10:00:00Z') });
    const ada = login(core, '301');
    const bo = login(core, '302', { as: 'paused', pauseReason: 'Break' });
    const sue = login(core, '309', { as: 'paused', pauseReason: 'Break' });
    const c = visit(core);
    resultOf(core.send('conversation.close', { id: c }, ada));
    const closed = (o: Origin) => resultOf<{ total: number }>(core.send('conversations.list', { state: 'closed' }, o)).total;
    expect(closed(ada)).toBe(1);
    expect(closed(bo)).toBe(0);
    expect(closed(sue)).toBe(1);
    const active = (o: Origin) => resultOf<{ total: number }>(core.send('conversations.list', { state: 'active' }, o)).total;
    visit(core);
    expect(active(bo)).toBe(1); // a member of the queue sees its active conversations
  });

  it('filters the lists on each column, with a date range and totals', () => {
    const core = makeCore({ config: parseConfig(CONFIG, 'm.yaml'), clock: new FakeClock('2026-01-06T10:00:00Z') });
    const sue = login(core, '309', { as: 'paused', pauseReason: 'Break' });
    login(core, '301');
    const ids = [visit(core), visit(core)];
    core.clock.advance(3600 * S);
    ids.push(visit(core));
    const list = (f: Record<string, unknown>) => resultOf<{ total: number; rows: Array<{ id: string }> }>(core.send('conversations.list', { state: 'active', ...f }, sue));
    expect(list({}).total).toBe(3);
    expect(list({}).rows[0]!.id).toBe(ids[2]); // newest first
    expect(list({ from: Date.parse('2026-01-06T10:30:00Z') }).total).toBe(1);
    expect(list({ customer: 'visitor' }).total).toBe(3);
    expect(list({ agent: 'Ada' }).total).toBe(3);
    expect(list({ channel: 'email' }).total).toBe(0);
    expect(list({ limit: 2, offset: 2 }).rows).toHaveLength(1);
    expect(core.send('conversations.list', { state: 'active', from: 10, to: 5 }, sue).ok).toBe(false);
  });
});
