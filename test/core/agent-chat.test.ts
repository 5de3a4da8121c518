import { describe, expect, it } from 'vitest';
import { AGENT_CHAT_KEPT } from '../../src/core/agent-chat.js';
import { unreadIn } from '../../src/core/protocol/agent-chat.js';
import type { AgentChat } from '../../src/core/protocol/model.js';
import { errorOf, makeCore, resultOf } from '../helpers.js';

/** The Agents tab's Chat: two agents of the center writing to each other. */
describe('chat between agents', () => {
  it('a message reaches both agents and nobody else; it is unread for the other until they have seen it', () => {
    const core = makeCore();
    const ava = core.login('1001');
    const ben = core.login('1002');
    const carla = core.login('1003');
    const { chat } = resultOf<{ chat: AgentChat }>(core.send('agentchat.send', { to: '1002', text: '  Can you take the Acme caller?  ' }, ava));

    expect(chat).toMatchObject({ id: '1001|1002', members: ['1001', '1002'], messages: [{ from: '1001', text: 'Can you take the Acme caller?' }] });
    expect(unreadIn(chat, '1002')).toBe(1);
    expect(unreadIn(chat, '1001')).toBe(0);
    // Who is told: the two of them, in their snapshots too.
    expect(core.engine.snapshot(ben.principal!).entities.agentChat.map((c) => c.id)).toEqual(['1001|1002']);
    expect(core.engine.snapshot(carla.principal!).entities.agentChat).toEqual([]);
    const event = [...core.store.allEvents()].filter((e) => e.ev === 'agentChat.updated').at(-1)!;
    expect(event.audience).toEqual({ agents: ['1001', '1002'] });

    core.clock.advance(5_000);
    const reply = resultOf<{ chat: AgentChat }>(core.send('agentchat.send', { to: '1001', text: 'On it.' }, ben)).chat;
    // Replying means Ben read Ava's message; Ava has Ben's to read.
    expect(unreadIn(reply, '1002')).toBe(0);
    expect(unreadIn(reply, '1001')).toBe(1);
    const seen = resultOf<{ chat: AgentChat }>(core.send('agentchat.seen', { with: '1002' }, ava)).chat;
    expect(unreadIn(seen, '1001')).toBe(0);
  });

  it('typing to a colleague is a passing notice to them alone, naming the writer; nothing is stored', () => {
    const core = makeCore();
    const sam = core.login('9001');
    const passing: Array<{ ev: string; data: Record<string, unknown>; audience: unknown }> = [];
    core.engine.subscribeEphemeral((e) => passing.push(e));
    const before = core.store.lastSeq();
    expect(resultOf(core.send('agentchat.typing', { to: '1001', typing: true }, sam))).toEqual({ sent: true });
    expect(passing).toEqual([expect.objectContaining({ ev: 'agentChat.typing', data: { from: '9001', to: '1001', typing: true }, audience: { agents: ['1001'] } })]);
    expect(core.store.lastSeq()).toBe(before);
    expect(errorOf(core.send('agentchat.typing', { to: '9001', typing: true }, sam)).code).toBe('CHAT_SELF');
    expect(errorOf(core.send('agentchat.typing', { to: '4444', typing: true }, sam))).toEqual({ code: 'NO_SUCH_AGENT', message: 'There is no agent 4444 in this center.' });
    expect(errorOf(core.send('agentchat.typing', { to: '1001' }, sam)).code).toBe('BAD_ARGS');
  });

  it('keeps the most recent messages of a pair', () => {
    const core = makeCore();
    const ava = core.login('1001');
    for (let i = 1; i <= AGENT_CHAT_KEPT + 5; i++) core.send('agentchat.send', { to: '1004', text: `note ${i}` }, ava);
    const chat = core.engine.state.get('agentChat', '1001|1004')!;
    expect(chat.messages).toHaveLength(AGENT_CHAT_KEPT);
    expect(chat.messages[0]!.text).toBe('note 6');
  });

  it('refuses a message to oneself, to an agent who does not exist, an empty one and one too long', () => {
    const core = makeCore();
    const ava = core.login('1001');
    expect(errorOf(core.send('agentchat.send', { to: '1001', text: 'hi' }, ava))).toEqual({ code: 'CHAT_SELF', message: 'You cannot chat with yourself; choose another agent.' });
    expect(errorOf(core.send('agentchat.send', { to: '1099', text: 'hi' }, ava))).toEqual({ code: 'NO_SUCH_AGENT', message: 'There is no agent 1099 in this center.' });
    expect(errorOf(core.send('agentchat.send', { to: '1002', text: '   ' }, ava))).toEqual({ code: 'BAD_ARGS', message: 'agentchat.send: args.text: expected a message that is not empty.' });
    expect(errorOf(core.send('agentchat.send', { to: '1002', text: 'x'.repeat(2001) }, ava)).message).toBe('agentchat.send: args.text: expected a message of at most 2,000 characters.');
    expect(errorOf(core.send('agentchat.send', { to: '1002', text: 'hi' })).code).toBe('NOT_LOGGED_IN');
    expect(core.engine.state.count('agentChat')).toBe(0);
  });
});
