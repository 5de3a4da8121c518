import { afterEach, describe, expect, it } from 'vitest';
import { ChatSimulator } from '../../src/channels/livechat/sim-visitors.js';
import { SCRIPTS } from '../../src/channels/livechat/sim-scripts.js';
import { FakeClock, SeededRandom } from '../fake-clock.js';
import type { Conversation, Message } from '../../src/core/protocol/model.js';
import type { EventFrame } from '../../src/core/protocol/events.js';
import { agentUrlOf, loginAgent, ok, onCleanup, runCleanups, startTestServer } from './support.js';
import { chatConfig } from './visitor-support.js';
import { Waiters } from './waiters.js';

/**
 * The demo's simulated website visitors are real clients of /visitor: an agent
 * sees their chats arrive, their drafts typed word by word, their answers, and
 * their survey, all paced by the fake clock.
 */

afterEach(runCleanups);

const conversationOf = (e: EventFrame) => e.data.conversation as Conversation;
const messageOf = (e: EventFrame) => e.data.message as Message;
const DOC_ADDRESS = /^(198\.51\.100|203\.0\.113)\.\d+$/;

/** Steps the simulated visitors report, to wait on instead of sleeping. */
class Steps {
  readonly seen: string[] = [];
  private readonly waiters = new Waiters();

  record = (_visitor: string, what: string) => {
    this.seen.push(what);
    this.waiters.wake();
  };

  /** Resolves once a step matching `what` has happened at or after index `from`. */
  async reached(what: string | RegExp, from = 0): Promise<void> {
    const hit = () => this.seen.slice(from).some((s) => (typeof what === 'string' ? s === what : what.test(s)));
    await this.waiters.until(() => (hit() ? true : undefined), () => `no "${String(what)}" step; steps so far: ${this.seen.join(' | ')}`);
  }
}

describe('simulated visitors', () => {
  it('open a chat through /visitor, type, answer the agent, and rate the chat', async () => {
    const clock = new FakeClock('2026-01-05T10:00:00Z');
    const server = await startTestServer({ config: chatConfig(), clock, trustedProxies: ['127.0.0.1'] });
    const ana = await loginAgent(agentUrlOf(server), '2001');
    const steps = new Steps();
    const sim = new ChatSimulator({
      url: `${server.http!.url}/visitor`,
      clock,
      random: new SeededRandom(11),
      settings: { chatsPerHour: 60, queues: ['help'] },
      // Loopback is a trusted proxy here, so the invented addresses are believed whatever the key.
      forwardKey: 'not-this-servers-key',
      trace: steps.record,
    });
    onCleanup(() => sim.stop());
    // One visitor, now (the arrival timer is the next test's).
    sim.arrive();
    await steps.reached('started');
    const assigned = await ana.client.nextEvent((e) => e.ev === 'conversation.updated' && conversationOf(e).agent === '2001');
    const chat = conversationOf(assigned);
    expect(chat.channel).toBe('livechat');
    expect(chat.customer.ip).toMatch(DOC_ADDRESS);

    // The opening line is typed word by word (the agent's sneak peek), then sent.
    clock.advance(60_000);
    const opening = await ana.client.nextEvent((e) => e.ev === 'message.created' && messageOf(e).author === 'customer');
    const text = messageOf(opening).text;
    const script = SCRIPTS.find((s) => s.opening === text)!;
    expect(script).toBeDefined();
    const drafts = ana.client.frames
      .map((f) => f as { ev?: string; data?: { conversation: string; text: string } })
      .filter((f) => f.ev === 'conversation.typing' && f.data!.conversation === chat.id)
      .map((f) => f.data!.text);
    expect(drafts.length).toBeGreaterThan(2);
    expect(drafts.at(-1)).toBe(text);
    expect(drafts[0]!.length).toBeLessThan(text.length);

    // The agent answers; the visitor reads it and answers after thinking.
    const before = steps.seen.length;
    ok(await ana.client.request('message.send', { conversation: chat.id, text: 'Let me look into that.' }));
    await steps.reached('reply planned', before);
    clock.advance(60_000);
    const answer = await ana.client.nextEvent((e) => e.ev === 'message.created' && messageOf(e).author === 'customer' && messageOf(e).text === script.answers[0]);
    expect(messageOf(answer).conversation).toBe(chat.id);
    const read = await ana.client.nextEvent((e) => e.ev === 'message.updated' && messageOf(e).author === 'agent');
    expect(messageOf(read).seenAt).not.toBeNull();

    // Solved: the visitor is asked for the survey and answers it.
    const beforeSurvey = steps.seen.length;
    ok(await ana.client.request('conversation.status', { id: chat.id, status: 'solved' }));
    await steps.reached('asked to rate', beforeSurvey);
    clock.advance(60_000);
    const closed = await ana.client.nextEvent((e) => e.ev === 'conversation.updated' && conversationOf(e).id === chat.id && conversationOf(e).status === 'closed');
    expect(conversationOf(closed).closedBy?.kind).toBe('survey');
    expect(conversationOf(closed).survey?.score).toBeGreaterThanOrEqual(6);
    await steps.reached('left', beforeSurvey);
  });

  it('come with `simulate`, through the same endpoint, each from an address of their own', async () => {
    const clock = new FakeClock('2026-01-05T10:00:00Z');
    const config = chatConfig();
    config.simulator.chatsPerHour = 120;
    const server = await startTestServer({ config, clock, simulate: true });
    const ana = await loginAgent(agentUrlOf(server), '2001');
    expect(server.chatSim).not.toBeNull();
    expect(server.chatUrl).toBe(`http://127.0.0.1:${server.http!.port}/chat`);

    clock.advance(10 * 60_000);
    const first = await ana.client.nextEvent((e) => e.ev === 'conversation.updated' && conversationOf(e).channel === 'livechat');
    expect(conversationOf(first).customer.ip).toMatch(DOC_ADDRESS);
  });
});
