import { describe, expect, it } from 'vitest';
import { entityChangeOf } from '../../src/core/protocol/events.js';
import { STREAM_KINDS } from '../../src/core/protocol/entities.js';
import type { EntityKind } from '../../src/core/protocol/model.js';
import { State } from '../../src/core/state/state.js';
import { FakeClock } from '../fake-clock.js';
import { makeCore, resultOf, scratchDatabases } from '../helpers.js';

const dataFile = scratchDatabases('sb-restart-');

describe('restart', () => {
  it('comes back to the same state from the same database', () => {
    const file = dataFile();
    const clock = new FakeClock();
    const first = makeCore({ file, clock });
    const a = first.login('1001');
    const b = first.login('1005', { as: 'paused', pauseReason: 'Training' });
    first.send('agent.pause', { reason: 'Lunch' }, a);
    first.send('agent.pause', { reason: 'Meeting' }, b);
    // Nobody is available, so these callers wait in their queues.
    first.sim.placeInboundCall('7001');
    first.sim.placeInboundCall('7002');
    const before = first.engine.state.dump();
    first.store.close();

    const second = makeCore({ file, clock });
    const after = second.engine.state.dump();
    // Calls cannot survive a restart (their media is gone): they are ended at start.
    expect(Object.keys(after.call!)).toEqual([]);
    expect(after.agent).toEqual(before.agent);
    expect(after.token).toEqual(before.token);
    expect(second.engine.state.agent('1001')).toMatchObject({ status: 'paused', pauseReason: 'Lunch' });
    // The old token still proves the session.
    const me = { principal: second.engine.authenticate(a.principal!.token), address: 'x' };
    expect(resultOf<{ agent: { status: string } }>(second.send('agent.unpause', {}, me)).agent.status).toBe('available');
    second.store.close();
  });

  it('a call being talked on at the restart, its disposition and form already in, is ended and kept in the Closed list', () => {
    const file = dataFile();
    const clock = new FakeClock();
    const first = makeCore({ file, clock });
    const ava = first.login('1001');
    first.sim.placeInboundCall('7002', { number: '+442071234567', name: 'Dana Shaw' });
    const call = [...first.engine.state.all('call')][0]!;
    resultOf(first.send('call.answer', { callId: call.id }, ava));
    clock.advance(30_000);
    resultOf(first.send('disposition.submit', { callId: call.id, hotkey: '1', fields: { interest: 5 } }, ava));
    first.store.close();

    const second = makeCore({ file, clock });
    expect([...second.engine.state.all('call')]).toEqual([]);
    expect(second.engine.state.get('callRecord', call.id)).toMatchObject({
      queue: '7002',
      agent: '1001',
      caller: { number: '+442071234567', name: 'Dana Shaw' },
      endCause: 'service-restart',
      talkMs: 30_000,
      disposition: { code: 'SALE' },
    });
    second.store.close();
  });

  it('the event log alone rebuilds the same state as the projection, but for the figures, which only the projection keeps', () => {
    const file = dataFile();
    const clock = new FakeClock();
    const core = makeCore({ file, clock });
    const a = core.login('1002');
    core.send('agent.pause', { reason: 'Break' }, a);
    core.sim.placeInboundCall('7001');
    core.clock.advance(10 * 60_000); // the caller gives up: an abandon
    core.send('session.logout', {}, a);
    const rebuilt = new State();
    for (const event of core.store.allEvents()) {
      const change = entityChangeOf(event.ev, event.data);
      if (change) rebuilt.apply(change);
    }
    const withoutStreams = (dump: Record<string, unknown>) => Object.fromEntries(Object.entries(dump).filter(([kind]) => !STREAM_KINDS.has(kind as EntityKind)));
    expect(withoutStreams(rebuilt.dump())).toEqual(withoutStreams(core.engine.state.dump()));
    // Figures are conflated streams: not in the log, in the projection (the same commit), so a restart has them.
    expect(core.engine.state.stats('7001')!.abandoned).toBe(1);
    expect(rebuilt.stats('7001')).toBeUndefined();
    core.store.close();
    const again = makeCore({ file, clock });
    expect(again.engine.state.stats('7001')!.abandoned).toBe(1);
    again.store.close();
  });

  it('a retried command id returns the first answer even after a restart', () => {
    const file = dataFile();
    const clock = new FakeClock();
    const first = makeCore({ file, clock });
    const a = first.login('1003');
    const frame = { v: 1 as const, id: 'same-id-1', cmd: 'agent.pause', args: { reason: 'Break' } };
    const answer = first.engine.handle(frame, a);
    first.store.close();
    const second = makeCore({ file, clock });
    const me = { principal: second.engine.authenticate(a.principal!.token), address: 'x' };
    second.send('agent.unpause', {}, me);
    expect(second.engine.handle(frame, me)).toEqual(answer);
    expect(second.engine.state.agent('1003')!.status).toBe('available');
    second.store.close();
  });
});
