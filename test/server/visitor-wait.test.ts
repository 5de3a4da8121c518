import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../fake-clock.js';
import type { Conversation } from '../../src/core/protocol/model.js';
import type { EventFrame } from '../../src/core/protocol/events.js';
import type { ServerFrame } from '../../src/channels/livechat/visitor-protocol.js';
import { RecentWaits, visitorWait } from '../../src/channels/livechat/visitor-wait.js';
import { agentUrlOf, loginAgent, ok, runCleanups, startTestServer } from './support.js';
import { chatConfig, VisitorSocket } from './visitor-support.js';

/**
 * A visitor waiting for an agent, over real sockets: the first message asked
 * before the chat, the place in line and the wait estimate as the line moves,
 * "no one is online" when nobody can answer, the agent's name when one joins,
 * and an email address left for a later answer.
 */

afterEach(runCleanups);

const conversationOf = (e: EventFrame) => e.data.conversation as Conversation;
type Wait = Extract<ServerFrame, { type: 'wait' }>;
const waits = (v: VisitorSocket) => v.frames.filter((f): f is Wait => f.type === 'wait');

async function visitor(server: Parameters<typeof VisitorSocket.open>[0], name: string, extra: Record<string, unknown> = {}) {
  const v = await VisitorSocket.open(server);
  const started = await v.start({ name, visitorId: `v-${name}`, email: `${name.toLowerCase()}@example.com`, ...extra });
  return { v, started, id: started.conversation.id };
}

describe('the wait estimate', () => {
  it('is the median recent wait per place in line, in whole minutes, at least one', () => {
    const min = 60_000;
    expect(visitorWait({ position: 1, agentsOnline: 2, recentWaitsMs: [2 * min, 3 * min, 40 * min] })).toEqual({ position: 1, estimateMinutes: 3, agentsOnline: 2 });
    expect(visitorWait({ position: 3, agentsOnline: 2, recentWaitsMs: [2 * min, 3 * min] })).toEqual({ position: 3, estimateMinutes: 8, agentsOnline: 2 });
    expect(visitorWait({ position: 2, agentsOnline: 1, recentWaitsMs: [0, 0] }).estimateMinutes).toBe(1);
  });

  it('is not given with nothing to base it on, or with no one to answer', () => {
    expect(visitorWait({ position: 1, agentsOnline: 1, recentWaitsMs: [] }).estimateMinutes).toBeNull();
    expect(visitorWait({ position: 1, agentsOnline: 0, recentWaitsMs: [60_000] }).estimateMinutes).toBeNull();
  });

  it('forgets waits older than an hour and keeps the last 20 per queue', () => {
    const waits = new RecentWaits();
    waits.record('help', 5_000, 0);
    waits.record('sales', 9_000, 0);
    for (let i = 1; i <= 25; i++) waits.record('help', i * 1000, 30 * 60_000);
    expect(waits.of('help', 30 * 60_000)).toEqual(Array.from({ length: 20 }, (_, i) => (i + 6) * 1000));
    expect(waits.of('sales', 30 * 60_000)).toEqual([9_000]);
    expect(waits.of('sales', 61 * 60_000)).toEqual([]);
  });
});

describe('the first message', () => {
  it('is asked before the chat and arrives as its first customer message, before the agent joins', async () => {
    const server = await startTestServer({ config: chatConfig() });
    const ana = await loginAgent(agentUrlOf(server), '2001');
    const { started } = await visitor(server, 'Vera', { text: 'My parcel is late.' });
    expect(started.messages.map((m) => [m.author, m.text])).toEqual([
      ['system', 'Chat started.'],
      ['customer', 'My parcel is late.'],
      ['system', 'Ana Lima joined the conversation.'],
    ]);
    const seen = await ana.client.nextEvent((e) => e.ev === 'conversation.updated' && conversationOf(e).id === started.conversation.id && conversationOf(e).agent === '2001');
    expect(conversationOf(seen)).toMatchObject({ preview: 'My parcel is late.', unread: 1 });
  });

  it('is refused over 20,000 characters, like any message', async () => {
    const server = await startTestServer({ config: chatConfig() });
    const v = await VisitorSocket.open(server);
    v.send({ type: 'start', name: 'Vera', visitorId: 'v-1', text: 'x'.repeat(20_001) });
    expect(await v.next('error')).toEqual({ type: 'error', code: 'BAD_FRAME', message: 'text: expected the message of at most 20000 characters.' });
  });
});

describe('waiting in line', () => {
  it('tells each waiting visitor their place and a wait estimated from recent chats, and moves them up', async () => {
    const clock = new FakeClock(Date.now());
    const server = await startTestServer({ config: chatConfig({ livechatCapacity: 1 }), clock });

    // Nobody is online: the first visitor is told so, with no estimate.
    const first = await visitor(server, 'First');
    expect(await first.v.next('wait')).toEqual({ type: 'wait', position: 1, estimateMinutes: null, agentsOnline: 0 });

    // Ana logs in three minutes later and takes that chat: it waited 3 minutes.
    clock.advance(3 * 60_000);
    const ana = await loginAgent(agentUrlOf(server), '2001');
    expect(await first.v.next('agent')).toEqual({ type: 'agent', name: 'Ana Lima' });

    // Ana is full (one chat at a time): the next two wait behind her, about 3 minutes per place.
    const second = await visitor(server, 'Second');
    expect(await second.v.next('wait')).toEqual({ type: 'wait', position: 1, estimateMinutes: 3, agentsOnline: 1 });
    const third = await visitor(server, 'Third');
    expect(await third.v.next('wait')).toEqual({ type: 'wait', position: 2, estimateMinutes: 6, agentsOnline: 1 });
    expect(second.started.conversation.agentName).toBeNull();

    // The second visitor gives up: the third moves up.
    const from = third.v.frames.length;
    second.v.send({ type: 'close' });
    expect(await third.v.next('wait', from)).toEqual({ type: 'wait', position: 1, estimateMinutes: 3, agentsOnline: 1 });

    // Ana finishes her chat and the third visitor is hers: the line is behind them, no more waits.
    ok(await ana.client.request('conversation.close', { id: first.id }));
    expect(await third.v.next('agent')).toEqual({ type: 'agent', name: 'Ana Lima' });
    const afterJoin = waits(third.v).length;
    const mark = third.v.frames.length;
    ok(await ana.client.request('agent.pause', { reason: 'Break' }));
    // A marker after the pause: once its echo is back, every frame the pause caused has arrived.
    third.v.send({ type: 'message', text: 'marker' });
    await third.v.next('message', mark, (f) => f.message.text === 'marker');
    expect(waits(third.v)).toHaveLength(afterJoin);

    // Nothing in these frames says who the agents are or what the queue is called inside.
    const told = JSON.stringify([...first.v.frames, ...third.v.frames].filter((f) => f.type === 'wait' || f.type === 'agent'));
    expect(told).not.toContain('2001');
    expect(told).not.toContain('help');
  });

  it('says no one is online when the only agent pauses, and someone is again when they come back', async () => {
    const server = await startTestServer({ config: chatConfig({ livechatCapacity: 1 }) });
    const ana = await loginAgent(agentUrlOf(server), '2001');
    await visitor(server, 'Busy'); // takes Ana's one place
    const waiting = await visitor(server, 'Waiting');
    expect(await waiting.v.next('wait')).toMatchObject({ position: 1, agentsOnline: 1 });

    let from = waiting.v.frames.length;
    ok(await ana.client.request('agent.pause', { reason: 'Lunch' }));
    expect(await waiting.v.next('wait', from)).toEqual({ type: 'wait', position: 1, estimateMinutes: null, agentsOnline: 0 });

    from = waiting.v.frames.length;
    ok(await ana.client.request('agent.unpause'));
    expect(await waiting.v.next('wait', from)).toMatchObject({ position: 1, agentsOnline: 1 });
  });

  it('tells a visitor who comes back to a waiting chat where they are', async () => {
    const server = await startTestServer({ config: chatConfig() });
    const { v, started } = await visitor(server, 'Returning');
    await v.next('wait');
    v.ws.close();
    const again = await VisitorSocket.open(server);
    again.send({ type: 'resume', conversationId: started.conversation.id, visitorToken: started.visitorToken });
    await again.next('started');
    expect(await again.next('wait')).toEqual({ type: 'wait', position: 1, estimateMinutes: null, agentsOnline: 0 });
  });
});

describe('an email address left during the chat', () => {
  it('is kept on the conversation for the agent, and a bad one is refused with a sentence', async () => {
    const server = await startTestServer({ config: chatConfig() });
    const v = await VisitorSocket.open(server);
    const started = await v.start({ name: 'Nina', visitorId: 'v-nina', email: undefined });
    expect(started.conversation.email).toBeNull();

    v.send({ type: 'email', email: 'nina at example' });
    expect(await v.next('error')).toEqual({ type: 'error', code: 'BAD_EMAIL', message: 'That email address does not look right.' });
    v.send({ type: 'email', email: ' nina@example.com ' });
    expect(await v.next('email')).toEqual({ type: 'email', email: 'nina@example.com' });

    // Ana logs in later and finds the address on the chat.
    const ana = await loginAgent(agentUrlOf(server), '2001');
    const snapshot = ana.snapshot.entities as unknown as { conversation: Conversation[] };
    const mine = snapshot.conversation.find((c) => c.id === started.conversation.id);
    expect(mine).toMatchObject({ agent: '2001', customer: { name: 'Nina', email: 'nina@example.com' } });
  });

  it('is refused once the chat has ended', async () => {
    const server = await startTestServer({ config: chatConfig() });
    const v = await VisitorSocket.open(server);
    await v.start({ queue: 'sales', visitorId: 'v-late' });
    v.send({ type: 'close' });
    await v.next('closed');
    v.send({ type: 'email', email: 'late@example.com' });
    expect(await v.next('error')).toEqual({ type: 'error', code: 'CONVERSATION_CLOSED', message: 'This chat has ended; start a new one.' });
  });
});
