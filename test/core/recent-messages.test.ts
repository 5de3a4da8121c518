import { describe, expect, it } from 'vitest';
import type { Origin } from '../../src/core/context.js';
import { sweepUnattached } from '../../src/core/messaging/uploads.js';
import { visitorMessage, visitorSeen, visitorStart } from '../../src/core/messaging/visitor.js';
import type { ConversationLog } from '../../src/core/protocol/results.js';
import { FakeClock } from '../fake-clock.js';
import { makeCore, resultOf, scratchDatabases, type TestCore } from '../helpers.js';

// The engine keeps only the latest changed messages in memory and reads the
// others from the store (State, `held: 'recent'`). These tests keep two, so
// almost every message an agent or visitor touches comes back from the store.

const dataFile = scratchDatabases('sb-recent-');

const IP = '198.51.100.7';

function chat(core: TestCore): string {
  return core.engine.run((ctx) => visitorStart(ctx, { visitorId: 'v1', name: 'Pat', email: null, queue: 'support-chat', ip: IP, geo: null, text: 'Hello' })).id;
}

function log(core: TestCore, who: Origin, id: string): ConversationLog {
  return resultOf<ConversationLog>(core.send('conversation.messages', { id }, who));
}

/** A core keeping `kept` messages, Ava logged in, and the chat Pat started with her: what every test begins with. */
function chatting(options: { file?: string; kept?: number } = {}) {
  const clock = new FakeClock('2026-12-02T11:00:00Z');
  const core = makeCore({ file: options.file, clock, recentMessagesKept: options.kept ?? 2 });
  const ava = core.login('1001');
  return { clock, core, ava, id: chat(core) };
}

const said = (l: ConversationLog) => l.messages.filter((m) => m.author !== 'system').map((m) => m.text);

describe('messages no longer in memory', () => {
  it('an agent reads the whole log, in order, though the server holds only the latest two', () => {
    const { clock, core, ava, id } = chatting();
    expect(core.engine.state.get('conversation', id)!.agent).toBe('1001');
    for (let i = 1; i <= 5; i++) {
      clock.advance(1_000);
      resultOf(core.send('message.send', { conversation: id, text: `Answer ${i}` }, ava));
      clock.advance(1_000);
      core.engine.run((ctx) => visitorMessage(ctx, id, IP, `Question ${i}`, []));
    }
    expect(core.engine.state.held('message')).toBe(2);
    expect(said(log(core, ava, id))).toEqual(['Hello', 'Answer 1', 'Question 1', 'Answer 2', 'Question 2', 'Answer 3', 'Question 3', 'Answer 4', 'Question 4', 'Answer 5', 'Question 5']);
  });

  it('the visitor marking old messages read changes them in the store, and a restart shows them read', () => {
    const file = dataFile();
    const { clock, core, ava, id } = chatting({ file });
    for (let i = 1; i <= 4; i++) resultOf(core.send('message.send', { conversation: id, text: `Answer ${i}` }, ava));
    clock.advance(5_000);
    expect(core.engine.run((ctx) => visitorSeen(ctx, id, IP))).toBe(4);
    // Seen once is seen: nothing left to mark.
    expect(core.engine.run((ctx) => visitorSeen(ctx, id, IP))).toBe(0);
    const seenAt = (l: ConversationLog) => l.messages.filter((m) => m.author === 'agent').map((m) => m.seenAt);
    expect(seenAt(log(core, ava, id))).toEqual(Array(4).fill(clock.now()));
    core.store.close();

    const again = makeCore({ file, clock, recentMessagesKept: 2 });
    const back = { principal: again.engine.authenticate(ava.principal!.token), address: 'x' };
    expect(seenAt(log(again, back, id))).toEqual(Array(4).fill(clock.now()));
    expect(said(log(again, back, id))).toEqual(['Hello', 'Answer 1', 'Answer 2', 'Answer 3', 'Answer 4']);
    again.store.close();
  });

  it("an agent marking the chat read marks every customer message not seen yet, however old, and only those", () => {
    const { clock, core, ava, id } = chatting();
    for (let i = 1; i <= 3; i++) core.engine.run((ctx) => visitorMessage(ctx, id, IP, `Question ${i}`, []));
    clock.advance(1_000);
    expect(resultOf<{ marked: number }>(core.send('conversation.seen', { id }, ava)).marked).toBe(4);
    expect(resultOf<{ marked: number }>(core.send('conversation.seen', { id }, ava)).marked).toBe(0);
    core.engine.run((ctx) => visitorMessage(ctx, id, IP, 'One more', []));
    for (let i = 1; i <= 3; i++) resultOf(core.send('message.send', { conversation: id, text: `Answer ${i}` }, ava));
    expect(resultOf<{ marked: number }>(core.send('conversation.seen', { id }, ava)).marked).toBe(1);
    const seen = log(core, ava, id).messages.filter((m) => m.author === 'customer').map((m) => m.seenAt !== null);
    expect(seen).toEqual([true, true, true, true, true]);
  });

  it('a file sent in an old message is kept by the sweep of unsent uploads, after a restart too; one never sent goes', () => {
    const file = dataFile();
    const { clock, core, ava, id } = chatting({ file });
    const upload = (fileId: string) =>
      core.engine.run((ctx) => ctx.tx.put('file', { id: fileId, name: `${fileId}.png`, size: 10, type: 'image/png', owner: `visitor:${id}`, at: ctx.clock.now() }, 'uploaded'));
    upload('sent');
    upload('unsent');
    core.engine.run((ctx) => visitorMessage(ctx, id, IP, '', [{ id: 'sent', name: 'sent.png', size: 10, type: 'image/png' }]));
    for (let i = 1; i <= 4; i++) resultOf(core.send('message.send', { conversation: id, text: `Answer ${i}` }, ava));
    expect(core.engine.conversationsCarrying('sent')).toEqual([id]);
    core.store.close();

    const again = makeCore({ file, clock, recentMessagesKept: 2 });
    expect(again.engine.conversationsCarrying('sent')).toEqual([id]);
    clock.advance(24 * 3600_000);
    const gone = again.engine.run((ctx) => sweepUnattached(ctx, ctx.clock.now()));
    expect(gone.map((f) => f.id)).toEqual(['unsent']);
    expect(again.engine.state.get('file', 'sent')).toBeDefined();
    again.store.close();
  });

  it('a restart loads only the latest messages into memory, whatever the store holds', () => {
    const file = dataFile();
    const { clock, core, ava, id } = chatting({ file, kept: 50 });
    for (let i = 1; i <= 200; i++) resultOf(core.send('message.send', { conversation: id, text: `Answer ${i}` }, ava));
    core.store.close();
    const again = makeCore({ file, clock, recentMessagesKept: 3 });
    expect(again.engine.state.held('message')).toBe(3);
    expect(again.engine.messagesOf(id).filter((m) => m.author === 'agent')).toHaveLength(200);
    again.store.close();
  });
});
