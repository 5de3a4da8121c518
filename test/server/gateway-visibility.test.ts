import { afterEach, describe, expect, it } from 'vitest';
import type { EventFrame } from '../../src/core/protocol/events.js';
import { agentOf, agentUrlOf, isAgentUpdate, isQueueStats, loginAgent, ok, runCleanups, startTestServer } from './support.js';

/**
 * Who is sent what: a call goes to the agent it is offered to or carried by,
 * and to supervisors; a queue's statistics to its members and supervisors by
 * default (live batches), and an agent's state to those who follow them.
 */
afterEach(runCleanups);

type CallData = { id: string; queue: string; state: string; offers: Array<{ agent: string }>; agent: string | null };
const callOf = (e: EventFrame) => e.data.call as CallData;
const isCallEvent = (e: EventFrame) => e.ev.startsWith('call.');
const statsFor = (queue: string, waiting: number) => isQueueStats(queue, (s) => s.waiting === waiting);

describe('gateway fan-out visibility', () => {
  it('a waiting call reaches supervisors but not plain agents; queue statistics reach the queue\'s members and supervisors', async () => {
    const server = await startTestServer();
    const url = agentUrlOf(server);
    // Nobody free in Support (7001): the call waits. Elena is free but not in Support; Ben is in Support but paused.
    const elena = await loginAgent(url, '1005');
    const ben = await loginAgent(url, '1002', { as: 'paused' });
    const sam = await loginAgent(url, '9001', { as: 'paused' });

    server.sim.placeInboundCall('7001');

    const seen = await sam.client.nextEvent((e) => e.ev === 'call.updated' && callOf(e).queue === '7001');
    expect(callOf(seen)).toMatchObject({ queue: '7001', state: 'waiting', agent: null });
    // Ben is a member of Support, Sam supervises everything: the figures come to them by themselves.
    for (const who of [ben, sam]) await who.client.nextLive(statsFor('7001', 1));

    // Each agent's own stream: once a later change of their own has arrived, so has anything about the call.
    for (const who of [elena, ben]) {
      ok(await who.client.request('agent.pause', { reason: 'Coaching' }));
      await who.client.nextEvent((e) => e.ev === 'agent.updated' && agentOf(e).pauseReason === 'Coaching');
    }
    expect(elena.client.events.filter(isCallEvent)).toEqual([]);
    expect(ben.client.events.filter(isCallEvent)).toEqual([]);
    // Elena works Sales and Tech, not Support: Support's figures never reached her.
    expect(elena.client.live.some(isQueueStats('7001'))).toBe(false);

    // The same rule holds for what a fresh login is given.
    expect((await loginAgent(url, '1003', { as: 'paused' })).snapshot.entities.call).toEqual([]);
    const supervisorView = (await loginAgent(url, '9001', { as: 'paused' })).snapshot.entities.call as CallData[];
    expect(supervisorView.map((c) => c.id)).toEqual([callOf(seen).id]);
  });

  it('the agent a call is offered to sees it ring; other agents do not', async () => {
    const server = await startTestServer();
    const url = agentUrlOf(server);
    const elena = await loginAgent(url, '1005');
    // Ava is the only free member of Support, so the call rings her.
    const ava = await loginAgent(url, '1001');

    // Elena has the Agents tab open on Ava.
    ok(await elena.client.request('roster.subscribe', { view: 'agents-tab', agents: ['1001'] }));
    server.sim.placeInboundCall('7001');
    const ringing = await ava.client.nextEvent((e) => e.ev === 'call.updated' && callOf(e).state === 'ringing');
    expect(callOf(ringing).offers.map((o) => o.agent)).toEqual(['1001']);

    // Whoever follows Ava sees that her phone is ringing (the Agents tab), not whose call it is.
    await elena.client.nextLive((u) => isAgentUpdate('1001')(u) && (u.data.agent as { activity: string }).activity === 'ringing');
    ok(await elena.client.request('agent.pause', { reason: 'Break' }));
    await elena.client.nextEvent((e) => isAgentUpdate('1005')(e) && agentOf(e).status === 'paused');
    expect(elena.client.events.filter(isCallEvent)).toEqual([]);
  });
});
